// Turns the sections' results into BENCHMARKS.md and a short console summary. Every number in
// the text comes from the run; nothing here is hand-written per run.
import { kb, mb, ms, ratio, table, us, verdict } from "./stats.mjs";

const KB = 1024;
const MB = 1024 * 1024;
const pct = (share) => `${(share * 100).toFixed(0)}%`;
const usNum = (x) => `${Math.round(x)} µs`;
const signedMb = (bytes) => `${bytes >= 0 ? "+" : "−"}${mb(Math.abs(bytes))}`;

/** The targets of the brief (issue 7's), judged on this run's numbers. */
export function targets(r) {
  const out = [];
  if (r.size) {
    out.push({ what: ".wasm ≤ 100 KB gzip -9", value: kb(r.size.wasm.gzip), ok: r.size.wasm.gzip <= 100 * KB });
    out.push({ what: "npm tarball ≤ 200 KB", value: kb(r.size.tarball.size), ok: r.size.tarball.size <= 200 * KB });
  }
  if (r.catalogue) {
    const c = r.catalogue;
    out.push({ what: "the whole-API catalogue adds ≤ 12 KB gzip to the .wasm (248 operations vs the first release's 47)", value: `+${kb(c.added)} (${kb(c.firstRelease)} → ${kb(c.whole)}, cargo's output)`, ok: c.added <= 12 * KB });
  }
  if (r.nodeCold) {
    const v = r.nodeCold.ours.importPlusConstruct.median;
    const boot = r.nodeCold.node.boot.median;
    const floor = r.nodeCold["import-floor"]?.importPlusConstruct.median;
    const floorText = floor === undefined ? "" : `; a one-line module's import alone: ${ms(floor)}`;
    out.push({ what: "Node: import + wasm init + first construct ≤ 5% of Node's own boot (medians)", value: `${ms(v)} = ${pct(v / boot)} of ${ms(boot)}${floorText}`, ok: v <= 0.05 * boot });
  }
  if (r.workerdCold) {
    const d = r.workerdCold.difference.median;
    const bare = r.workerdCold.without.firstResponse.median;
    out.push({ what: "workerd: ≤ 10% added to a bare worker's first response (median of paired with − without)", value: `+${ms(d)} = ${pct(d / bare)} of ${ms(bare)}`, ok: d <= 0.1 * bare });
  }
  if (r.calls) {
    const g = r.calls.get.ratios.ours.median;
    const l = r.calls.list.ratios.ours.median;
    out.push({ what: "tasks/get ≤ 1.10× raw fetch (median latency)", value: ratio(g), ok: g <= 1.1 });
    out.push({ what: "project_tasks/list, 100 records ≤ 1.05× raw fetch (median latency)", value: ratio(l), ok: l <= 1.05 });
    for (const [op, limit] of [["get", 1.15], ["list", 1.05]]) {
      const cpu = r.calls[op].cpuUsPerCall;
      const x = cpu.ours / cpu.raw;
      out.push({ what: `client CPU per call, ${op} ≤ ${limit.toFixed(2)}× raw fetch`, value: `${usNum(cpu.ours)} vs ${usNum(cpu.raw)} = ${ratio(x)}`, ok: x <= limit });
    }
  }
  if (r.concurrency) {
    const rate = (name) => r.concurrency.cpu?.[name]?.okPerSecond;
    const ours = rate("ours reads");
    const official = rate("official reads");
    if (ours !== undefined && official !== undefined) {
      out.push({ what: `throughput at concurrency ${r.cfg.concurrency} ≥ the official client's (reads, no added latency)`, value: `${Math.round(ours)} vs ${Math.round(official)} calls/s`, ok: ours >= official });
    }
  }
  if (r.memory) {
    const m = r.memory.ours;
    const at1k = m.checkpoints.find((c) => c.calls === 1_000) ?? m.checkpoints[1];
    const last = m.checkpoints.find((c) => c.calls === r.cfg.memoryCalls) ?? m.checkpoints.at(-1);
    const heap = last.heapUsed - at1k.heapUsed;
    const wasm = last.wasmBytes - at1k.wasmBytes;
    out.push({
      what: `memory: no growth beyond 1 MB from ${at1k.calls.toLocaleString("en")} to ${last.calls.toLocaleString("en")} calls`,
      value: `wasm ${signedMb(wasm)}, JS heap ${signedMb(heap)}`,
      ok: heap <= MB && wasm <= MB,
    });
  }
  return out;
}

export function summaryText(r) {
  const lines = targets(r).map((t) => `  ${t.ok ? "ok " : "NO "} ${t.what}: ${t.value}`);
  if (r.profile) {
    for (const op of ["get", "list"]) {
      const c = costBreakdown(r.profile, op);
      const gap = c.gap === null ? "" : `+${usNum(c.gap)} vs raw (fetch init ${usNum(c.initGap)}, core steps and driver ${usNum(c.roundTrip)}); `;
      lines.push(`  cost ${op}: ${gap}${c.parts.slice(0, 3).map((x) => `${x.name.split(" (")[0]} ${usNum(x.us)}`).join(", ")}`);
    }
  }
  return lines.join("\n");
}

/**
 * Where the connector's extra time per call over raw fetch goes for `op` (µs). Measured gaps
 * first (over the network, medians): what fetch pays for the driver's init, and the rest (the
 * core's steps and the driver around them). The profiles then split it by where self time
 * falls, ours less raw's for the categories both have.
 */
export function costBreakdown(profile, op) {
  const p = profile.pipeline[op];
  const net = profile.network?.[op];
  const prof = profile.profiles?.[op];
  const cat = (variant, name) => prof?.[variant]?.categories.find((c) => c.name.startsWith(name))?.usPerCall ?? 0;
  const parts = [];
  if (prof) {
    parts.push({ name: "wasm core (Rust: validation, request building, the decisions on the answer)", us: cat("ours", "wasm core") - cat("raw", "wasm core") });
    parts.push({ name: "wasm-bindgen glue (strings in and out)", us: cat("ours", "wasm-bindgen glue") });
    parts.push({ name: "connector.js + driver.js (less raw's own JSON.parse and loop)", us: cat("ours", "connector.js") - cat("raw", "caller") });
    parts.push({ name: "AbortSignal (Node), beyond raw's", us: cat("ours", "AbortSignal") - cat("raw", "AbortSignal") });
    parts.push({ name: "GC, beyond raw's", us: cat("ours", "GC") - cat("raw", "GC") });
  } else {
    parts.push({ name: "AbortController + timer per attempt (timed alone)", us: (p.steps["AbortController + timer per attempt"] ?? 0) * 1000 });
  }
  parts.push({ name: "JSON.stringify(params) (timed alone)", us: (p.steps["JSON.stringify(params)"] ?? 0) * 1000 });
  parts.sort((a, b) => b.us - a.us);
  return {
    gap: net ? (net.ours.median - net.raw.median) * 1000 : null,
    initGap: net ? (net["raw + connector's init"].median - net.raw.median) * 1000 : null,
    roundTrip: net ? (net.ours.median - net["raw + connector's init"].median) * 1000 : null,
    offline: (p.ours.total - p.raw.total) * 1000,
    parts: parts.filter((x) => x.us >= 0.5),
  };
}

function costSentence(profile, op) {
  const c = costBreakdown(profile, op);
  const head = c.gap === null
    ? `${usNum(c.offline)} extra per call with no network`
    : `${usNum(c.gap)} slower than raw fetch per call (median, over the network; ${usNum(c.offline)} with no network): fetch itself following the driver's init (an AbortController signal and a timer) ≈ ${usNum(c.initGap)}, the core's steps and the driver around them ≈ ${usNum(c.roundTrip)}`;
  return `${head}. Profile of the connector's path (self µs/call): ${c.parts.map((x) => `${x.name} ${usNum(x.us)}`).join("; ")}`;
}

export function markdown(r) {
  const out = [];
  const push = (...lines) => out.push(...lines);
  const { meta, cfg } = r;
  push("# Benchmarks", "");
  push(`Generated by \`${meta.command}\` on ${meta.date} in ${(meta.wallSeconds / 60).toFixed(1)} min${cfg.quick ? " (BENCH_QUICK=1 smoke run: sizes too small to quote)" : ""}.`, "");
  push(table(["machine", ""], [
    ["CPU", `${meta.cpu} × ${meta.cores} cores (${meta.cpuMHz})`],
    ["memory", `${(meta.memory / 1024 ** 3).toFixed(1)} GiB`],
    ["OS", meta.os],
    ["Node", meta.node],
    ["load average at start / end", `${meta.loadStart} / ${meta.loadEnd}`],
    ["package", `asana-agent-connector ${meta.version}, wasm built ${meta.wasmBuilt}`],
    ["baseline", "official client `asana@3.2.0` (npm), raw `fetch` + `JSON.parse`"],
  ]), "");
  push(
    "The machine is shared and noisy (2 cores; other jobs may compile): variants are always interleaved (rounds with the order rotated), so noise hits all of them alike and ratios hold better than absolute numbers. KB = 1,024 bytes. Run sizes: " +
      Object.entries(cfg).filter(([k]) => k !== "quick").map(([k, v]) => `${k} ${v}`).join(", ") + " (env `BENCH_<NAME>`, e.g. `BENCH_ROUNDS=40`).",
    "",
  );

  push("## Targets", "");
  push(table(["target", "this run", ""], targets(r).map((t) => [t.what, t.value, verdict(t.ok)])), "");

  if (r.size) {
    const s = r.size;
    push("## 1. Size", "");
    push(table(["file", "raw", "gzip -9", "brotli q11"], [
      ["`pkg/wasm/asana_agent_connector_bg.wasm`", kb(s.wasm.raw), kb(s.wasm.gzip), kb(s.wasm.brotli)],
      ...s.js.map((f) => [`\`${f.file}\``, kb(f.raw), kb(f.gzip), kb(f.brotli)]),
      ["all JS (glue + `pkg/*.js`, concatenated)", kb(s.jsAll.raw), kb(s.jsAll.gzip), kb(s.jsAll.brotli)],
      ["**wasm + all JS**", kb(s.wasm.raw + s.jsAll.raw), kb(s.wasm.gzip + s.jsAll.gzip), kb(s.wasm.brotli + s.jsAll.brotli)],
    ]), "");
    push(table(["npm package", "tarball", "unpacked", "files", "installed with dependencies"], [
      ["asana-agent-connector (`npm pack --dry-run --json ./pkg`)", kb(s.tarball.size), kb(s.tarball.unpackedSize), s.tarball.files, `${kb(s.tarball.unpackedSize)} (no dependencies)`],
      [`${s.official.spec} (official)`, kb(s.official.size), kb(s.official.unpackedSize), s.official.files,
        `${mb(s.official.installed.bytes)} in ${s.official.installed.files.toLocaleString("en")} files, ${s.official.installed.packages} packages (\`npm install --omit=dev\`)`],
    ]), "");
  }

  if (r.wasmBreakdown) {
    const b = r.wasmBreakdown;
    push("### Where the .wasm's bytes go", "");
    push("By section, as shipped (each section compressed alone, so the gzip column adds up to a little more than the file's):", "");
    push(table(["section", "raw", "gzip -9"], b.bySection.filter((x) => x.raw >= 512).map((x) => [x.name, kb(x.raw), kb(x.gzip)])), "");
    push(`The code by crate and module, from a release build that keeps function names (${kb(b.codeBeforeWasmOpt)} of code before wasm-opt, which shrinks it by about a fifth; generic code instantiated for our types counts under the crate that defines it):`, "");
    push(table(["owner", "code before wasm-opt", "share"], b.byOwner.slice(0, 16).map((x) => [`\`${x.name}\``, kb(x.size), pct(x.share)])), "");
  }
  if (r.catalogue) {
    const c = r.catalogue;
    push("### What the whole-API catalogue costs", "");
    push(`The same crate built twice with cargo (release, before wasm-bindgen and wasm-opt): with the generated table of all 248 operations, ${kb(c.whole)} gzip -9; with the table cut to the first release's 47 (\`node tools/gen-catalog --first-release-rust\`), ${kb(c.firstRelease)}. The other 201 operations and 71 entities add **${kb(c.added)}**. Descriptions are not in the wasm: they are in \`pkg/catalog.js\`, read on first use by \`listEntities()\` and \`describe()\`.`, "");
  }

  if (r.nodeCold) {
    const c = r.nodeCold;
    const cell = (s) => (s ? `${ms(s.median)} / ${ms(s.p95)}` : "—");
    push("## 2. Cold start", "");
    push(`### Node (${c.ours.boot.n} fresh processes per variant, interleaved; median / p95)`, "");
    push("`performance.now()` in the child counts from process start, so *Node boot* is Node's own start-up until the child's first line runs; the rest is the library's.", "");
    push(table(["variant", "Node boot", "import (+ wasm init)", "wasm init alone", "first construct", "import + construct", "ready since process start"], [
      ["asana-agent-connector (node entry: import compiles + instantiates the wasm)", cell(c.ours.boot), cell(c.ours.import), "in import", cell(c.ours.construct), cell(c.ours.importPlusConstruct), cell(c.ours.ready)],
      ["same, split: `/slim` import, then `initSync` by hand", cell(c["ours-split"].boot), cell(c["ours-split"].import), cell(c["ours-split"].init), cell(c["ours-split"].construct), cell(c["ours-split"].importPlusConstruct), cell(c["ours-split"].ready)],
      ["official `asana` (require + ApiClient config + `new TasksApi()`)", cell(c.official.boot), cell(c.official.import), "—", cell(c.official.construct), cell(c.official.importPlusConstruct), cell(c.official.ready)],
      ["a first dynamic import of a one-line module (Node's own floor for any import)", cell(c["import-floor"].boot), cell(c["import-floor"].import), "—", "—", cell(c["import-floor"].importPlusConstruct), cell(c["import-floor"].ready)],
      ["empty script (Node alone)", cell(c.node.boot), "—", "—", "—", "—", cell(c.node.ready)],
    ]), "");
  }
  if (r.workerdCold) {
    const w = r.workerdCold;
    const cell = (s) => `${ms(s.median)} / ${ms(s.p95)}`;
    push(`### workerd (Miniflare 4; ${w.with.firstResponse.n} fresh instances per variant, interleaved; median / p95)`, "");
    push("Timed from outside (workerd's clock stands still during CPU work): `new Miniflare` → `ready` → first `dispatchFetch` answered. The package's wasm is a CompiledWasm module, compiled while the worker loads, so its cost shows in *ready* as much as in the first request.", "");
    push(table(["worker", "new Miniflare → ready", "first request", "new Miniflare → first response"], [
      ["imports the package, constructs a connector per request", cell(w.with.ready), cell(w.with.request), cell(w.with.firstResponse)],
      ["same worker without the package", cell(w.without.ready), cell(w.without.request), cell(w.without.firstResponse)],
      ["**difference** (the package's cost): median / p95 of the paired differences", `${ms(w.difference.ready.median)} / ${ms(w.difference.ready.p95)}`, "", `**${ms(w.difference.median)}** / ${ms(w.difference.p95)}`],
    ]), "");
    push(`Each round starts both workers back to back, so the paired differences cancel slow drifts in machine load; the difference of the medians above is ${ms(w.difference.ofMedians)}. Nearly all of the package's cost is in *ready*, where workerd compiles the ${r.size ? kb(r.size.wasm.raw) : ""} .wasm as the worker loads; this part is CPU-bound and so the most exposed to other jobs on the machine.`, "");
  }

  if (r.calls) {
    push("## 3. Per-call overhead", "");
    push(
      `Sandbox in a **child process** (its CPU on the other core, not on the measuring event loop), seeded with a ${cfg.pagingTasks.toLocaleString("en")}-task project. One call at a time; ${cfg.warmupCalls} warm-up calls per variant, then ${cfg.rounds} rounds × ${cfg.roundCalls} calls per variant, the variant order rotated each round. *Raw fetch* sends exactly the connector's URL and headers (captured from it) and \`JSON.parse\`s the text. The official client: \`ApiClient.instance\` with \`basePath\` at the sandbox, token auth, \`TasksApi.getTask\` / \`getTasksForProject\` with the same \`opt_fields\` (comma-joined, as its docs show). *Client CPU* is this process's CPU per call (\`process.cpuUsage\`), i.e. all client-side work.`,
      "",
    );
    const bodies = r.profile?.pipeline;
    for (const [op, title] of [["get", "`execute(\"tasks\", \"get\", {task_gid})`"], ["list", "`execute(\"project_tasks\", \"list\", {project_gid, limit: 100, opt_fields: [12 fields]})`"]]) {
      const c = r.calls[op];
      push(`### ${op}: ${title}${bodies ? ` — answer ${kb(bodies[op].bodyBytes)}` : ""}, ${c.records.ours} record(s)`, "");
      push(table(["variant", "median", "p99", "mean", "median ÷ raw", "p99 ÷ raw", "client CPU / call"], ["ours", "raw", "official"].map((v) => [
        { ours: "asana-agent-connector", raw: "raw fetch + JSON.parse", official: "official asana@3.2.0" }[v],
        ms(c.variants[v].median, 3), ms(c.variants[v].p99, 3), ms(c.variants[v].mean, 3), ratio(c.ratios[v].median), ratio(c.ratios[v].p99), usNum(c.cpuUsPerCall[v]),
      ])), "");
    }
  }

  if (r.memory) {
    push("## 4. Memory", "");
    push(
      "A fresh process (`node --expose-gc`) imports `asana-agent-connector/slim` and calls `initSync({module: bytes})` itself, which returns the wasm exports and so `memory`. Mixed calls, 8 in flight: per 10 calls 4 gets, 3 lists (20–100 records), 1 create, 1 `not_found` from the server, 1 `invalid_params` refused locally. At each checkpoint the run drains, then `global.gc()` six times 20 ms apart (wasm-bindgen frees wasm-side objects from FinalizationRegistry callbacks, which run after a GC; with a single pass the connector's reading swung by ±2 MB), then `process.memoryUsage()`. The control runs the same HTTP requests by raw fetch in another fresh process.",
      "",
    );
    const { ours, raw } = r.memory;
    const rows = ours.checkpoints.map((c, i) => {
      const k = raw.checkpoints[i];
      return [c.calls.toLocaleString("en"), mb(c.wasmBytes), mb(c.heapUsed), mb(c.spaces.old_space), mb(c.spaces.code_space), mb(k.heapUsed), mb(c.rss)];
    });
    push(table(["calls", "wasm memory", "JS heap used", "of which old space", "code space", "control (raw fetch): JS heap", "RSS (ours)"], rows), "");
    const growth = (m, from, to) => {
      const a = m.checkpoints.find((c) => c.calls === from);
      const b = m.checkpoints.find((c) => c.calls === to);
      return a && b ? { heap: b.heapUsed - a.heapUsed, wasm: b.wasmBytes - a.wasmBytes } : null;
    };
    const target = cfg.memoryCalls;
    const end = ours.checkpoints.at(-1).calls;
    const g1 = growth(ours, 1_000, target);
    const c1 = growth(raw, 1_000, target);
    const g2 = end > target ? growth(ours, target, end) : null;
    const c2 = end > target ? growth(raw, target, end) : null;
    const lines = [];
    if (g1) lines.push(`- 1,000 → ${target.toLocaleString("en")} calls (the target): wasm ${signedMb(g1.wasm)}, JS heap ${signedMb(g1.heap)}; the raw-fetch control ${signedMb(c1.heap)} (Node's and V8's own warm-up: code, feedback, pools).`);
    if (g2) lines.push(`- ${target.toLocaleString("en")} → ${end.toLocaleString("en")} calls (leak check): wasm ${signedMb(g2.wasm)}, JS heap ${signedMb(g2.heap)}; control ${signedMb(c2.heap)}.`);
    lines.push(`- Wasm memory at \`initSync\`: ${mb(ours.initialWasmBytes)}. Outcomes: ${Object.entries(ours.outcomes).map(([k, v]) => `${k} ${v}`).join(", ")}.`);
    push(...lines, "");
  }

  if (r.paging) {
    push("## 5. Paging and concurrency", "");
    push(`### Paging ${cfg.pagingTasks.toLocaleString("en")} tasks (limit 100, the 12 wide fields; ${cfg.pagingRepeats} walks per variant after one warm-up walk, interleaved)`, "");
    const p = r.paging;
    push(table(["client", "how", "records", "pages", "median walk", "÷ raw"], [
      ["asana-agent-connector", "`paginate(..., {limit: 100}, {maxPages: 100})`", p.ours.records, p.ours.pages, ms(p.ours.time.median, 1), ratio(p.ours.time.median / p.raw.time.median)],
      ["raw fetch", "loop on `next_page.offset`", p.raw.records, p.raw.pages, ms(p.raw.time.median, 1), ratio(1)],
      ["official asana@3.2.0", "`getTasksForProject` then `nextPage()`", p.official.records, p.official.pages, ms(p.official.time.median, 1), ratio(p.official.time.median / p.raw.time.median)],
    ]), "");
  }
  if (r.concurrency) {
    const c = r.concurrency;
    push(`### Throughput: ${cfg.concurrentCalls.toLocaleString("en")} calls at concurrency ${cfg.concurrency} (${cfg.concurrencyRepeats} runs each, interleaved; median)`, "");
    push(
      `Sandbox limits at Asana's 50 concurrent reads / 15 concurrent writes per token (Retry-After 1 s). The connector's limiter is on (its default: Asana's limits). **cpu**: no added latency: a local server answers in microseconds, so this is each client's own CPU cost per call at concurrency. **latency**: every answer delayed ${cfg.latencyMs} ms at the server so requests really overlap and the limits bind; *mixed* makes every other call a create (≈25 writes would be in flight): clients without a limiter draw 429s (counted as failures, not retried).`,
      "",
    );
    const rows = [];
    for (const [phase, scenarios] of Object.entries(c)) {
      for (const [name, s] of Object.entries(scenarios)) {
        const [variant, kind] = name.split(" ");
        rows.push([phase, kind, { ours: "asana-agent-connector", raw: "raw fetch", official: "official asana@3.2.0" }[variant], ms(s.seconds * 1000, 0), Math.round(s.perSecond).toLocaleString("en"), Math.round(s.okPerSecond).toLocaleString("en"), `${s.rateLimited} / ${s.calls.toLocaleString("en")}`]);
      }
    }
    push(table(["phase", "calls", "client", "time", "calls/s", "successful calls/s", "429s / calls sent"], rows), "");
  }

  if (r.profile) {
    const { pipeline, profiles } = r.profile;
    push("## 6. Profile: where our per-call time goes", "");
    push(
      "**Instrumented copy of the flow.** The connector gets a `fetch` hook that answers the real captured payload at once (no network); the same `Response` is given to fetch + `JSON.parse` for comparison. *Before fetch* = from `execute()` to the hook being called (params copied and sent to the core as JSON text, validation, URL and headers, the first step back, the attempt's AbortController and timer); *after fetch* = from the hook to `execute()` resolving (`response.text()`, `JSON.parse` in JS, the answer's facts to the core, the done step back, picking the result). Then the connector's extra steps are timed alone on the same payloads.",
      "",
    );
    for (const op of ["get", "list"]) {
      const p = pipeline[op];
      push(`#### ${op} (${kb(p.bodyBytes)} answer; medians, µs per call)`, "");
      push(table(["", "before fetch", "after fetch", "total", "extra over raw"], [
        ["asana-agent-connector", us(p.ours.before), us(p.ours.after), us(p.ours.total), us(p.ours.total - p.raw.total)],
        ["fetch + JSON.parse", us(p.raw.before), us(p.raw.after), us(p.raw.total), "—"],
      ]), "");
      push(table(["step, timed alone (mean)", "µs"], Object.entries(p.steps).map(([k, v]) => [k, us(v)])), "");
    }
    if (r.profile.network) {
      push(
        "**Over the network, in steps** (same sandbox, interleaved rounds, medians): raw fetch; raw fetch given the init the driver builds (`redirect`, an `AbortController` signal and a 30 s timer per attempt, which undici must follow and clean up); the connector. The first gap is what fetch itself pays for the driver's init; the second is the core's steps and the driver around them (params in, validation and request building, the send step out, the answer's status, headers and facts in as plain arguments, the done step out; the body itself never enters wasm). *CPU* is this process's CPU per call.",
        "",
      );
      const rows = [];
      for (const op of ["get", "list"]) {
        const n = r.profile.network[op];
        for (const [v, label] of [["raw", "raw fetch + JSON.parse"], ["raw + connector's init", "… + the driver's init (AbortController + timer)"], ["ours", "asana-agent-connector"]]) {
          const d = n[v].cpuUs - n.raw.cpuUs;
          rows.push([op, label, ms(n[v].median, 3), ratio(n[v].median / n.raw.median), usNum(n[v].cpuUs), v === "raw" ? "—" : `${d < 0 ? "−" : "+"}${usNum(Math.abs(d))}`]);
        }
      }
      push(table(["op", "variant", "median latency", "÷ raw", "CPU / call", "CPU over raw"], rows), "");
      push("CPU per call is read over chunks of calls with `process.cpuUsage` (which also counts Node's helper threads), so it is noisier than the latency medians.", "");
    }
    if (profiles) {
      push(`**Sampling CPU profile** (inspector, 100 µs interval) of ${cfg.profileCalls.toLocaleString("en")} sequential calls per client after a warm-up, against the sandbox in its own process, taken in two halves by alternating fresh processes (raw, connector, raw, connector) and merged; self time by where it falls, per call (idle excluded). *CPU / call* is \`process.cpuUsage\` over the same calls. Separate processes on a shared machine differ by up to ±20% in absolute terms, so compare the categories the connector adds more than the totals.`, "");
      for (const op of ["get", "list"]) {
        const o = profiles[op].ours;
        const w = profiles[op].raw;
        const names = [...new Set([...o.categories.map((c) => c.name), ...w.categories.map((c) => c.name)])];
        const find = (p, n) => p.categories.find((c) => c.name === n);
        push(`#### ${op}: CPU ${usNum(o.cpuUsPerCall)} per call (connector) vs ${usNum(w.cpuUsPerCall)} (raw fetch); profiled busy time ${usNum(o.busyUsPerCall)} vs ${usNum(w.busyUsPerCall)}`, "");
        push(table(["where", "connector µs/call", "share", "raw fetch µs/call"], names.map((n) => [n, find(o, n) ? usNum(find(o, n).usPerCall) : "—", find(o, n) ? pct(find(o, n).share) : "—", find(w, n) ? usNum(find(w, n).usPerCall) : "—"])), "");
        push(`Top functions (connector, ${op}, self time):`, "");
        push(table(["function", "where", "µs/call", "share"], o.top.slice(0, 10).map((f) => [`\`${f.name}\``, f.category, f.usPerCall.toFixed(1), pct(f.share)])), "");
      }
    }
    push("### Top costs in our call path", "");
    for (const op of ["get", "list"]) push(`- **${op}**: ${costSentence(r.profile, op)}.`);
    push("", "Profile self times are sampled (100 µs) and include the profiler's own overhead, so read them as shares more than exact µs. Wasm functions carry no names (the release build strips the name section), so Rust time shows as the wasm core as a whole; undici's own wasm (llhttp) is counted under fetch. The answer's body never enters wasm: only the params, the answer's facts and the steps cross, as short JSON texts. `JSON.parse` is a builtin, so its time lands in its caller: `send` in driver.js for the connector, the bench code for raw fetch.", "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}
