// Writes the SandboxSeed interface at the end of pkg/sandbox/index.d.ts: the type of SEED
// (pkg/sandbox/seed.js), so that users' editors know every seeded gid. package.test.mjs checks
// that it is up to date.
//
//   node tests/sandbox/gen-seed-type.mjs        # rewrites the interface in pkg/sandbox/index.d.ts

import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SEED } from "../../pkg/sandbox/seed.js";

export const TYPES = fileURLToPath(new URL("../../pkg/sandbox/index.d.ts", import.meta.url));
const MARK = "export interface SandboxSeed ";

/** The TypeScript type of a seed value: flat objects on one line when short, others one key a line. */
export function seedType(seed = SEED) {
  const key = (k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));
  const render = (value, indent) => {
    if (Array.isArray(value)) return `readonly ${render(value[0], indent)}[]`;
    if (value === null || typeof value !== "object") return typeof value;
    const entries = Object.entries(value);
    const inline = `Readonly<{ ${entries.map(([k, v]) => `${key(k)}: ${render(v, indent)}`).join("; ")} }>`;
    if (entries.every(([, v]) => typeof v !== "object") && indent.length + inline.length <= 110) return inline;
    return `{\n${entries.map(([k, v]) => `${indent}  readonly ${key(k)}: ${render(v, `${indent}  `)};`).join("\n")}\n${indent}}`;
  };
  return `${MARK}${render(seed, "")}\n`;
}

/** index.d.ts as it should be: everything before the interface, then the generated interface. */
export function renderTypes(current = readFileSync(TYPES, "utf8")) {
  const at = current.indexOf(MARK);
  if (at < 0) throw new Error(`${TYPES} has no "${MARK}"`);
  return current.slice(0, at) + seedType();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(TYPES, renderTypes());
  console.log(`wrote ${TYPES}`);
}
