#!/usr/bin/env node
// Regenerates the catalogue from Asana's spec: `node tools/gen-catalog` writes the outputs,
// `node tools/gen-catalog --check` fails when a committed output differs from what it would write.

import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { buildModel } from "./model.mjs";
import { emitRust } from "./emit-rust.mjs";
import { emitData } from "./emit-data.mjs";
import { emitTypes } from "./emit-types.mjs";

const root = new URL("../../", import.meta.url);
const { parse } = createRequire(new URL("tests/package.json", root))("yaml");
const read = (path) => readFileSync(new URL(path, root), "utf8");

const spec = parse(read("tests/spec/asana_oas.yaml"), { maxAliasCount: -1 });
const model = buildModel(spec, read("tools/gen-catalog/names.tsv"));
const outputs = {
  "src/catalog/generated.rs": emitRust(model),
  "pkg/catalog.js": emitData(model),
  "pkg/operations.d.ts": emitTypes(model, spec),
};

if (process.argv.includes("--model")) {
  process.stdout.write(JSON.stringify(model, null, 1));
} else if (process.argv.includes("--check")) {
  const stale = Object.entries(outputs).filter(([path, text]) => {
    try {
      return read(path) !== text;
    } catch {
      return true;
    }
  });
  if (stale.length) {
    console.error(`stale generated files (run \`node tools/gen-catalog\`): ${stale.map(([p]) => p).join(", ")}`);
    process.exit(1);
  }
  console.log(`catalogue: ${model.operations.length} operations on ${model.entities.length} entities, outputs up to date`);
} else {
  for (const [path, text] of Object.entries(outputs)) writeFileSync(new URL(path, root), text);
  console.log(`wrote ${Object.keys(outputs).join(", ")}`);
}
