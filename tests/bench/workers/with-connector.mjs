// Cold-start worker: imports the package (its wasm is initialised at module scope) and
// constructs a connector on the first request.
import { AsanaConnector } from "asana-agent-connector";

export default {
  async fetch() {
    const asana = new AsanaConnector({ auth: { token: "1/1200000000000000:bench" } });
    return new Response(asana.mode);
  },
};
