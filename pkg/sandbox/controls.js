// /_sandbox/* control endpoints (no auth): thin HTTP wrappers over the methods of the object
// startSandbox() returns. Answers use {"data": …} like the API.

import { exampleCalls } from "./examples.js";
import { SEED } from "./seed.js";
import { ApiError, badRequest, errorBody } from "./validate.js";

const JSON_TYPE = { "Content-Type": "application/json; charset=UTF-8" };
const ok = (data, status = 200) => ({ status, headers: JSON_TYPE, body: JSON.stringify({ data }) });
/** For controls that only act: run, then answer {"data": {}}. */
const act = (action) => (sandbox, body) => {
  action(sandbox, body);
  return ok({});
};

const CONTROLS = {
  "POST /_sandbox/reset": act((sandbox) => sandbox.reset()),
  "GET /_sandbox/requests": (sandbox) => ok(sandbox.requests.list()),
  "DELETE /_sandbox/requests": act((sandbox) => sandbox.requests.clear()),
  "GET /_sandbox/stats": (sandbox) => ok(sandbox.stats()),
  "GET /_sandbox/faults": (sandbox) => ok(sandbox.faults.list()),
  "POST /_sandbox/faults": (sandbox, body) => ok(sandbox.faults.add(body), 201),
  "DELETE /_sandbox/faults": act((sandbox) => sandbox.faults.clear()),
  "GET /_sandbox/limits": (sandbox) => ok(sandbox.limits.get()),
  "POST /_sandbox/limits": (sandbox, body) => ok(sandbox.limits.set(body)),
  "DELETE /_sandbox/limits": act((sandbox) => sandbox.limits.clear()),
  "POST /_sandbox/expire-offsets": act((sandbox) => sandbox.expireOffsets()),
  "GET /_sandbox/oauth": (sandbox) => ok(sandbox.oauth.get()),
  "POST /_sandbox/oauth": (sandbox, body) => ok(sandbox.oauth.set(body)),
  "DELETE /_sandbox/oauth": act((sandbox) => sandbox.oauth.clear()),
  "POST /_sandbox/oauth/expire": act((sandbox) => sandbox.oauth.expire()),
  "GET /_sandbox/airbyte": (sandbox) => ok(sandbox.airbyte.get()),
  "POST /_sandbox/airbyte": (sandbox, body) => ok(sandbox.airbyte.set(body)),
  "DELETE /_sandbox/airbyte": act((sandbox) => sandbox.airbyte.clear()),
  "POST /_sandbox/airbyte/expire": act((sandbox) => sandbox.airbyte.expire()),
  "GET /_sandbox/airbyte/connectors": (sandbox) => ok(sandbox.airbyte.connectors()),
  "POST /_sandbox/airbyte/oauth-secret": (sandbox) => ok({ secret_id: sandbox.airbyte.issueOAuthSecret() }, 201),
  "GET /_sandbox/violations": (sandbox) => ok(sandbox.violations()),
  "DELETE /_sandbox/violations": act((sandbox) => sandbox.clearViolations()),
  "GET /_sandbox/events": (sandbox) => ok(sandbox.events.list()),
  "POST /_sandbox/events/expire": act((sandbox) => sandbox.events.expire()),
  "GET /_sandbox/webhooks/deliveries": async (sandbox) => ok(await sandbox.webhooks.deliveries()),
  "GET /_sandbox/jobs": (sandbox) => ok(sandbox.jobs.get()),
  "POST /_sandbox/jobs": (sandbox, body) => ok(sandbox.jobs.set(body)),
  "DELETE /_sandbox/jobs": act((sandbox) => sandbox.jobs.clear()),
  // A valid call of every operation against a fresh seed, for runtimes that cannot import this folder.
  "GET /_sandbox/examples": () => ok(exampleCalls(SEED)),
};
/** Controls with a parameter in their path. */
const PATTERNS = [
  [/^POST \/_sandbox\/webhooks\/(\d+)\/heartbeat$/, async (sandbox, body, [gid]) => ok(await sandbox.webhooks.heartbeat(gid))],
];

export async function answerControl(sandbox, method, pathname, rawBody) {
  const key = `${method} ${pathname.replace(/\/+$/, "")}`;
  let control = CONTROLS[key];
  let args = [];
  for (const [pattern, handler] of PATTERNS) {
    const m = control ? null : pattern.exec(key);
    if (m) [control, args] = [handler, m.slice(1)];
  }
  try {
    if (!control) throw new ApiError(404, `No sandbox control ${method} ${pathname}`);
    return await control(sandbox, parseJson(rawBody), args);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { status: error.status, headers: JSON_TYPE, body: JSON.stringify(errorBody(error.message)) };
  }
}

function parseJson(rawBody) {
  if (rawBody === "") return {};
  try {
    return JSON.parse(rawBody);
  } catch {
    throw badRequest("Control bodies must be JSON");
  }
}
