// Per-call overhead: the same request through the connector, raw fetch + JSON.parse, and the
// official client, one call at a time. Variants are interleaved in rounds (order rotated each
// round) so a noisy neighbour on the machine hits all of them alike.
import { recordsOf } from "./clients.mjs";
import { rotate, summarize } from "./stats.mjs";

export const VARIANTS = ["ours", "raw", "official"];

export async function measureCalls(clients, cfg) {
  const ops = clients.ops;
  // Warm-up: JIT, connection pools, the sandbox's own caches.
  for (const op of Object.keys(ops)) {
    for (const variant of VARIANTS) for (let i = 0; i < cfg.warmupCalls; i++) await ops[op][variant]();
  }
  const samples = {};
  const records = {};
  const cpu = {}; // this process's CPU (µs) per variant: the sandbox runs elsewhere, so all client-side
  for (const op of Object.keys(ops)) {
    samples[op] = Object.fromEntries(VARIANTS.map((v) => [v, []]));
    records[op] = Object.fromEntries(VARIANTS.map((v) => [v, 0]));
    cpu[op] = Object.fromEntries(VARIANTS.map((v) => [v, 0]));
  }
  for (let round = 0; round < cfg.rounds; round++) {
    for (const op of Object.keys(ops)) {
      for (const variant of rotate(VARIANTS, round)) {
        const call = ops[op][variant];
        const into = samples[op][variant];
        const cpuStart = process.cpuUsage();
        for (let i = 0; i < cfg.roundCalls; i++) {
          const start = performance.now();
          const result = await call();
          into.push(performance.now() - start);
          if (i === 0) records[op][variant] = recordsOf(result);
        }
        const used = process.cpuUsage(cpuStart);
        cpu[op][variant] += used.user + used.system;
      }
    }
  }
  const out = {};
  for (const op of Object.keys(ops)) {
    const byVariant = Object.fromEntries(VARIANTS.map((v) => [v, summarize(samples[op][v])]));
    const raw = byVariant.raw;
    out[op] = {
      records: records[op],
      cpuUsPerCall: Object.fromEntries(VARIANTS.map((v) => [v, cpu[op][v] / samples[op][v].length])),
      variants: byVariant,
      ratios: Object.fromEntries(VARIANTS.map((v) => [v, { median: byVariant[v].median / raw.median, p99: byVariant[v].p99 / raw.p99, mean: byVariant[v].mean / raw.mean }])),
    };
  }
  return out;
}
