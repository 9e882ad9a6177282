// The Worker that runs the scenarios (scenarios.mjs, modes.mjs, reliability.mjs, hostile.mjs) inside workerd (driven by workerd.test.mjs through Miniflare).
// "asana-agent-connector" is the package's workerd entry: the .wasm arrives as a compiled module
// and initSync() instantiates it, as under Wrangler.
//
//   GET /names           -> ["scenario name", ...]
//   GET /run?name=NAME   -> {ok: true} | {ok: false, error: {name, message, code, stack}}
//
// Bindings: SANDBOX_URL (text), SEED (JSON).

import { AsanaConnector, AsanaError } from "asana-agent-connector";
import { createSandbox } from "asana-agent-connector/sandbox";
import { hostileScenarios, progress } from "./hostile.mjs";
import { modeScenarios } from "./modes.mjs";
import { reliabilityScenarios } from "./reliability.mjs";
import { sandboxExportScenarios } from "./sandbox-export.mjs";
import { scenarios } from "./scenarios.mjs";
import { webhookScenarios } from "./webhooks.mjs";
import { wholeApiScenarios } from "./whole-api.mjs";

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const args = { AsanaConnector, AsanaError, apiUrl: `${env.SANDBOX_URL}/api/1.0`, sandboxUrl: env.SANDBOX_URL, SEED: env.SEED, tokenUrl: `${env.SANDBOX_URL}/-/oauth_token` };
    // The shared set (scenarios.mjs), then the OAuth/hosted, reliability and hostile sets.
    const list = [...scenarios(args), ...modeScenarios(args), ...reliabilityScenarios(args), ...webhookScenarios(args), ...wholeApiScenarios(args), ...hostileScenarios(args)];
    list.push(...sandboxExportScenarios({ AsanaConnector, createSandbox })); // the package's sandbox entry, no server
    if (url.pathname === "/names") return Response.json(list.map((s) => s.name));
    if (url.pathname !== "/run") return new Response("not found", { status: 404 });
    const wanted = url.searchParams.get("name");
    const found = list.find((s) => s.name === wanted);
    if (!found) return Response.json({ ok: false, error: { message: `no scenario named ${JSON.stringify(wanted)}` } }, { status: 404 });
    try {
      await found.run();
      return Response.json({ ok: true });
    } catch (error) {
      return Response.json({
        ok: false,
        error: { name: error?.name, message: String(error?.message ?? error), code: error?.code, stack: String(error?.stack ?? ""), during: progress.current },
      });
    }
  },
};
