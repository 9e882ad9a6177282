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

// The SDKs' own tool types take the definitions as they are, no casts (the openai and
// @anthropic-ai/sdk packages' declarations; the AI SDK's generateText).
import type OpenAI from "openai";
import type Anthropic from "@anthropic-ai/sdk";

export const chatTools: OpenAI.Chat.Completions.ChatCompletionTool[] = [asana.tool("openai"), ...asana.tools("openai")];
export const chatTool: OpenAI.Chat.Completions.ChatCompletionFunctionTool = asana.tool("openai", { api: "chat" });
export const responsesTools: OpenAI.Responses.FunctionTool[] = [asana.tool("openai", { api: "responses" }), ...asana.tools("openai", { api: "responses" })];
export const anthropicTools: Anthropic.Messages.Tool[] = [asana.tool("anthropic"), ...asana.tools("anthropic")];

export async function vercelAsItIs(): Promise<void> {
  const [read, write, describe] = asana.tools("vercel");
  await generateText({ model, prompt, tools: { asana_execute: asana.tool("vercel"), asana_read: read!, asana_write: write!, asana_describe: describe! } });
}

export async function typedResults(): Promise<void> {
  const out = await asana.runTool({ name: "asana_read", arguments: { entity: "tasks", action: "get", params: { task_gid: "1" } } });
  if (out.error) console.log(out.error.code satisfies string, out.error.retryable satisfies boolean);
  else console.log(out.name);
}
