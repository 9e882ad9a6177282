// Size: our .wasm and JS (raw, gzip -9, brotli q11), the npm tarball; the official client's
// tarball and its installed footprint with dependencies (npm install into a temp dir).
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, lstatSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const run = promisify(execFile);
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

function compressed(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** Bytes and file count of a directory tree (files only, symlinks not followed). */
function treeSize(dir) {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = treeSize(path);
      bytes += sub.bytes;
      files += sub.files;
    } else if (entry.isFile()) {
      bytes += lstatSync(path).size;
      files++;
    }
  }
  return { bytes, files };
}

async function npmJson(args, cwd) {
  const { stdout } = await run(NPM, args, { cwd, maxBuffer: 64 << 20 });
  return JSON.parse(stdout);
}

export async function measureSize(root, officialSpec = "asana@3.2.0") {
  const wasmFile = join(root, "pkg/wasm/asana_agent_connector_bg.wasm");
  const jsFiles = [join(root, "pkg/wasm/asana_agent_connector.js"), ...readdirSync(join(root, "pkg")).filter((f) => f.endsWith(".js")).sort().map((f) => join(root, "pkg", f))];
  const wasm = compressed(readFileSync(wasmFile));
  const js = jsFiles.map((file) => ({ file: file.slice(root.length + 1), ...compressed(readFileSync(file)) }));
  const jsAll = compressed(Buffer.concat(jsFiles.map((f) => readFileSync(f))));

  const [ours] = await npmJson(["pack", "--dry-run", "--json", "./pkg"], root);
  const scratch = mkdtempSync(join(tmpdir(), "asana-bench-size-"));
  try {
    const [official] = await npmJson(["pack", "--dry-run", "--json", officialSpec], scratch);
    writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "size-probe", private: true }));
    await run(NPM, ["install", "--omit=dev", "--no-audit", "--no-fund", "--ignore-scripts", "--no-package-lock", officialSpec], { cwd: scratch, maxBuffer: 64 << 20 });
    const installed = treeSize(join(scratch, "node_modules"));
    const packages = readdirSync(join(scratch, "node_modules"), { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith("."))
      .reduce((n, e) => n + (e.name.startsWith("@") ? readdirSync(join(scratch, "node_modules", e.name)).length : 1), 0);
    return {
      wasm,
      js,
      jsAll,
      tarball: { size: ours.size, unpackedSize: ours.unpackedSize, files: ours.entryCount },
      official: { spec: officialSpec, size: official.size, unpackedSize: official.unpackedSize, files: official.entryCount, installed: { ...installed, packages } },
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
