// The README's examples of the whole API, as written there, into a TypeScript module tsc checks
// (tsconfig.readme.json): each ```js block of the sections below becomes a function body (a block
// with `export default` stays at module level), with `asana` declared as a connector.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

const SECTIONS = ["### The whole API", "### Webhooks"];
const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const blocks = [];
for (const heading of SECTIONS) {
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no section "${heading}"`);
  const end = readme.slice(start + heading.length + 2).search(/\n##+ /);
  const section = readme.slice(start, end < 0 ? undefined : start + heading.length + 2 + end);
  for (const m of section.matchAll(/```js\n([\s\S]*?)```/g)) blocks.push(m[1]);
}
if (blocks.length < 2) throw new Error(`expected the README's examples, found ${blocks.length} blocks`);
const body = blocks.map((code, i) => (code.includes("export default") ? code.replace("export default", `export const example${i} =`) : `export async function example${i}(): Promise<void> {\n${code}}\n`));
const out = `// Written by tests/types/readme-examples.mjs from README.md: do not edit.
import { AsanaConnector } from "asana-agent-connector";
declare const asana: AsanaConnector;
declare const env: { WEBHOOK_SECRETS: { get(key: string): Promise<string | null>; put(key: string, value: string): Promise<void> } };
void env;
${body.join("\n")}`;
mkdirSync(new URL("../out/", import.meta.url), { recursive: true });
writeFileSync(new URL("../out/readme-examples.ts", import.meta.url), out);
console.log(`readme examples: ${blocks.length} blocks written to tests/out/readme-examples.ts`);
