// A Worker that keeps ONE OAuth connector in global scope across requests (the pattern the
// README discusses): each request makes several calls; the connector shares only plain data
// between requests (tokens, expiry), never a promise or a stream.
//
// Bindings: API_URL, TOKEN_URL, REFRESH_TOKEN, CLIENT_ID, CLIENT_SECRET.

import { AsanaConnector } from "asana-agent-connector";

let asana; // created on the first request: env exists only inside handlers
let renewals = 0;

export default {
  async fetch(request, env) {
    asana ??= new AsanaConnector({
      auth: { refreshToken: env.REFRESH_TOKEN, clientId: env.CLIENT_ID, clientSecret: env.CLIENT_SECRET },
      baseUrl: env.API_URL,
      tokenUrl: env.TOKEN_URL,
      onTokenRefresh: () => {
        renewals += 1;
      },
    });
    try {
      const calls = await Promise.all([
        asana.execute("users", "get", { user_gid: "me" }),
        asana.execute("workspaces", "list", { limit: 5 }),
        asana.execute("tasks", "get", { task_gid: new URL(request.url).searchParams.get("task") }),
      ]);
      return Response.json({ ok: true, user: calls[0].gid, workspaces: calls[1].data.length, task: calls[2].gid, renewals });
    } catch (error) {
      return Response.json({ ok: false, error: { code: error.code, message: error.message } }, { status: 500 });
    }
  },
};
