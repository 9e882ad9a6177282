#!/usr/bin/env node
// Regenerates the catalogue from Asana's spec: `node tools/gen-catalog` writes the outputs,
// `node tools/gen-catalog --check` fails when a committed output differs from what it would write,
// `--model` prints the model, `--first-release-rust` the table of the first release's 47 operations
// (for the size measurement).

import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { buildModel } from "./model.mjs";
import { emitRust } from "./emit-rust.mjs";
import { emitData } from "./emit-data.mjs";
import { emitTypes } from "./emit-types.mjs";
import { OVERLAY } from "./overlay.mjs";

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
} else if (process.argv.includes("--first-release-rust")) {
  // The table of the first release's 47 operations: `make bench` builds it to measure what the rest adds.
  const first = new Set(OVERLAY.firstRelease);
  const operations = model.operations.filter((op) => first.has(`${op.entity}/${op.action}`));
  if (operations.length !== first.size) throw new Error("overlay.firstRelease names an operation the catalogue lacks");
  const entities = model.entities.filter((e) => operations.some((op) => op.entity === e.name) || e.name === "jobs");
  const jobs = model.operations.filter((op) => op.entity === "jobs"); // the engine's job poll needs jobs/get
  process.stdout.write(emitRust({ ...model, entities, operations: [...operations, ...jobs] }));
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
