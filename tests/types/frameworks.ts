// The README's framework snippets against the frameworks' own types (Vercel AI SDK, LangChain.js).
// Its own config, `tsc -p types/tsconfig.frameworks.json`: skipLibCheck and lib esnext, since the
// SDKs' declarations need @types/node and newer libs to check themselves.
import { generateText, jsonSchema, tool, type LanguageModel } from "ai";
import { tool as langchainTool } from "@langchain/core/tools";
import { AsanaConnector } from "asana-agent-connector";

const asana = new AsanaConnector({ auth: { token: "1/123" } });
declare const model: LanguageModel;
declare const prompt: string;

export async function vercel(): Promise<void> {
  const { description, inputSchema, execute } = asana.tool("vercel");
  const result = await generateText({ model, prompt, tools: { asana_execute: tool({ description, inputSchema: jsonSchema(inputSchema), execute }) } });
  console.log(result.text);
}

export function langchain() {
  const { description, inputSchema } = asana.tool("json-schema");
  return langchainTool(async (input) => JSON.stringify(await asana.runTool(input)), { name: "asana_execute", description, schema: inputSchema });
}
