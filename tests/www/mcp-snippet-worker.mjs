// The README's "MCP server on Cloudflare Workers" snippet, verbatim but for the sandbox's
// baseUrl (tested by worker.test.mjs).
import { AsanaConnector } from "asana-agent-connector";
export default {
  fetch(request, env) {
    const asana = new AsanaConnector({ auth: { token: env.ASANA_TOKEN }, readOnly: env.READ_ONLY === "true", baseUrl: env.ASANA_BASE_URL });
    // Only callers holding the Worker's secret (an MCP client's "Authorization: Bearer ..." header).
    const authorize = (req) => req.headers.get("Authorization") === `Bearer ${env.MCP_SECRET}`;
    return asana.mcpHandler({ authorize })(request); // POST /mcp from any MCP client (Streamable HTTP)
  },
};
