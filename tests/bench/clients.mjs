// The three ways to make the same Asana request, pointed at the sandbox:
//  ours     - AsanaConnector.execute (global fetch, as a user would run it)
//  raw      - fetch + JSON.parse with exactly the URL and headers the connector sends
//  official - the official `asana` npm client (v3), token auth, basePath at the sandbox
import asana from "asana";
import { AsanaConnector } from "asana-agent-connector";
import { WIDE_FIELDS } from "./config.mjs";

/** The URL and headers the connector sends for (entity, action, params), captured once. */
export async function captureRequest(sb, entity, action, params) {
  let seen;
  const spy = new AsanaConnector({
    auth: { token: sb.token },
    baseUrl: sb.apiUrl,
    fetch: (url, init) => {
      seen = { url, method: init.method, headers: Object.fromEntries(new Headers(init.headers)) };
      return fetch(url, init);
    },
  });
  await spy.execute(entity, action, params);
  return seen;
}

export async function makeClients(sb) {
  const getParams = { task_gid: sb.task };
  const listParams = { project_gid: sb.project, limit: 100, opt_fields: WIDE_FIELDS };
  const getReq = await captureRequest(sb, "tasks", "get", getParams);
  const listReq = await captureRequest(sb, "project_tasks", "list", listParams);

  const connector = new AsanaConnector({ auth: { token: sb.token }, baseUrl: sb.apiUrl });

  const rawCall = async ({ url, method, headers }) => {
    const response = await fetch(url, { method, headers });
    return JSON.parse(await response.text());
  };

  const client = asana.ApiClient.instance;
  client.basePath = sb.apiUrl;
  client.authentications.token.accessToken = sb.token;
  const tasksApi = new asana.TasksApi();
  const officialOpts = { limit: 100, opt_fields: WIDE_FIELDS.join(",") };

  return {
    connector,
    tasksApi,
    requests: { get: getReq, list: listReq },
    ops: {
      get: {
        ours: () => connector.execute("tasks", "get", getParams),
        raw: () => rawCall(getReq),
        official: () => tasksApi.getTask(sb.task, {}),
      },
      list: {
        ours: () => connector.execute("project_tasks", "list", listParams),
        raw: () => rawCall(listReq),
        official: () => tasksApi.getTasksForProject(sb.project, { ...officialOpts }),
      },
    },
  };
}

/** Record count of whatever a variant returned (a sanity check that all did the same work). */
export const recordsOf = (result) => {
  const data = result?.data ?? result;
  return Array.isArray(data) ? data.length : data?.gid ? 1 : Array.isArray(data?.data) ? data.data.length : 0;
};
