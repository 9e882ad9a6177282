// Where the .wasm's bytes go: its sections (code, data, ...) as shipped, and the code by Rust
// crate and module from a build that keeps the function names (the shipped one strips them;
// wasm-opt then shrinks the whole by about a third, so module shares are what to read).
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";

const run = promisify(execFile);
const SECTIONS = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "data count"];

function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function sections(bytes) {
  const out = [];
  for (let at = 8; at < bytes.length; ) {
    const id = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    out.push({ id, name: SECTIONS[id] ?? String(id), start, size });
    at = start + size;
  }
  return out;
}

/** Function names (name section) and body sizes (code section) of an unstripped module. */
function functionSizes(bytes) {
  const all = sections(bytes);
  let imported = 0;
  const imports = all.find((s) => s.name === "import");
  if (imports) {
    let [count, at] = leb(bytes, imports.start);
    for (; count > 0; count--) {
      for (let i = 0; i < 2; i++) {
        const [len, next] = leb(bytes, at);
        at = next + len;
      }
      const kind = bytes[at++];
      if (kind === 0) {
        imported++;
        at = leb(bytes, at)[1];
      } else if (kind === 1) {
        const flags = bytes[at + 1];
        at = leb(bytes, at + 2)[1];
        if (flags & 1) at = leb(bytes, at)[1];
      } else if (kind === 2) {
        const flags = bytes[at];
        at = leb(bytes, at + 1)[1];
        if (flags & 1) at = leb(bytes, at)[1];
      } else at += 2;
    }
  }
  const sizes = [];
  const code = all.find((s) => s.name === "code");
  let [count, at] = leb(bytes, code.start);
  for (; count > 0; count--) {
    const [len, body] = leb(bytes, at);
    sizes.push(body - at + len);
    at = body + len;
  }
  const names = new Map();
  for (const s of all.filter((x) => x.name === "custom")) {
    const [len, at0] = leb(bytes, s.start);
    if (new TextDecoder().decode(bytes.subarray(at0, at0 + len)) !== "name") continue;
    for (let at = at0 + len; at < s.start + s.size; ) {
      const sub = bytes[at];
      const [subSize, subStart] = leb(bytes, at + 1);
      if (sub === 1) {
        let [n, p] = leb(bytes, subStart);
        for (; n > 0; n--) {
          const [index, p1] = leb(bytes, p);
          const [l, p2] = leb(bytes, p1);
          names.set(index, new TextDecoder().decode(bytes.subarray(p2, p2 + l)));
          p = p2 + l;
        }
      }
      at = subStart + subSize;
    }
  }
  return sizes.map((size, i) => ({ size, name: names.get(i + imported) ?? "?" }));
}

/** "asana_agent_connector::call", "serde_json", "core", ... from a mangled Rust symbol. */
function owner(symbol) {
  const legacy = /^_ZN((?:\d+[^\d][^E]*?)+)E$/.exec(symbol);
  const parts = [];
  if (legacy) {
    let rest = legacy[1];
    while (/^\d/.test(rest)) {
      const [, len] = /^(\d+)/.exec(rest);
      parts.push(rest.slice(len.length, len.length + Number(len)));
      rest = rest.slice(len.length + Number(len));
    }
  } else {
    // v0 mangling: the crate names appear as <len><name> after "Cs<hash>_".
    for (const m of symbol.matchAll(/Cs[0-9a-zA-Z]+_(\d+)([a-z_][a-z0-9_]*)/g)) parts.push(m[2].slice(0, Number(m[1])));
  }
  const crate = (parts[0] ?? symbol).replace(/^_?\$LT\$/, "").replace(/\$.*$/, "").replace(/^\.+/, "");
  if (crate === "asana_agent_connector" && parts[1]) return `${crate}::${parts[1]}`;
  return crate || "other";
}

export async function measureWasmBreakdown(root) {
  const shipped = readFileSync(join(root, "pkg/wasm/asana_agent_connector_bg.wasm"));
  const bySection = sections(shipped).map((s) => ({ name: s.name, raw: s.size, gzip: gzipSync(shipped.subarray(s.start, s.start + s.size), { level: 9 }).length }));
  const targetDir = join(root, "target/bench-names");
  await run("cargo", ["build", "--quiet", "--release", "--lib", "--target", "wasm32-unknown-unknown", "--target-dir", targetDir], {
    cwd: root,
    env: { ...process.env, CARGO_PROFILE_RELEASE_STRIP: "none", CARGO_PROFILE_RELEASE_DEBUG: "0" },
    maxBuffer: 64 << 20,
  });
  const named = functionSizes(readFileSync(join(targetDir, "wasm32-unknown-unknown/release/asana_agent_connector.wasm")));
  const total = named.reduce((n, f) => n + f.size, 0);
  const groups = new Map();
  for (const f of named) groups.set(owner(f.name), (groups.get(owner(f.name)) ?? 0) + f.size);
  const byOwner = [...groups].map(([name, size]) => ({ name, size, share: size / total })).sort((a, b) => b.size - a.size);
  return { bySection, codeBeforeWasmOpt: total, byOwner };
}

/**
 * What the whole-API catalogue adds to the .wasm: the release build as it is (248 operations),
 * and the same crate with the table of the first release's 47 alone (tools/gen-catalog
 * --first-release-rust; a table with no rows would let the compiler drop the engine itself), both
 * gzip -9, measured on cargo's output (before wasm-bindgen and wasm-opt, which shrink code, not data).
 */
export async function measureCatalogue(root) {
  const scratch = join(root, "target/bench-catalogue");
  const build = async (name, generated) => {
    const dir = join(scratch, name);
    rmSync(join(dir, "src"), { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const file of ["Cargo.toml", "Cargo.lock", "rustfmt.toml"]) cpSync(join(root, file), join(dir, file));
    cpSync(join(root, "src"), join(dir, "src"), { recursive: true });
    if (generated !== undefined) writeFileSync(join(dir, "src/catalog/generated.rs"), generated);
    await run("cargo", ["build", "--quiet", "--release", "--lib", "--target", "wasm32-unknown-unknown", "--target-dir", join(scratch, "target")], {
      cwd: dir,
      env: { ...process.env, RUSTFLAGS: `--remap-path-prefix=${dir}=.` },
      maxBuffer: 64 << 20,
    });
    return gzipSync(readFileSync(join(scratch, "target/wasm32-unknown-unknown/release/asana_agent_connector.wasm")), { level: 9 }).length;
  };
  const { stdout: first } = await run("node", [join(root, "tools/gen-catalog"), "--first-release-rust"], { cwd: root, maxBuffer: 64 << 20 });
  const whole = await build("whole");
  const firstRelease = await build("first-release", first);
  return { whole, firstRelease, added: whole - firstRelease };
}
