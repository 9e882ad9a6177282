// Run sizes. The full run is the published one (about 2-3 minutes on 2 cores); BENCH_QUICK=1 is a
// ~20-second smoke run of every section. Any size can be overridden on its own (BENCH_<NAME>=n).

const QUICK = process.env.BENCH_QUICK === "1";

const FULL = {
  coldRuns: 30, // fresh Node processes per variant
  workerdRuns: 40, // fresh Miniflare instances per variant
  warmupCalls: 300, // per variant, before timing
  rounds: 30, // per-call section: rounds x roundCalls per variant, variants interleaved
  roundCalls: 100,
  memoryCalls: 20_000, // the memory target's run (checkpoints on the way, from 1k)
  memoryLeakCalls: 40_000, // then on to here: growth past memoryCalls would be a leak
  pagingTasks: 5_000, // tasks seeded into the bench project
  pagingRepeats: 5, // full walks per variant, interleaved
  concurrentCalls: 1_000,
  concurrency: 50,
  concurrencyRepeats: 3,
  latencyMs: 20, // server-side delay in the concurrency section's second phase
  profileCalls: 3_000, // per op in the profile section
};

const SMOKE = {
  coldRuns: 4,
  workerdRuns: 2,
  warmupCalls: 30,
  rounds: 4,
  roundCalls: 20,
  memoryCalls: 2_000,
  memoryLeakCalls: 4_000,
  pagingTasks: 1_000,
  pagingRepeats: 1,
  concurrentCalls: 200,
  concurrency: 50,
  concurrencyRepeats: 1,
  latencyMs: 20,
  profileCalls: 200,
};

const envName = (key) => `BENCH_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

export const config = Object.fromEntries(
  Object.entries(QUICK ? SMOKE : FULL).map(([key, value]) => {
    const override = process.env[envName(key)];
    return [key, override === undefined ? value : Number(override)];
  }),
);
config.quick = QUICK;

/** The wide field list of the brief, for list calls, paging and the profile. */
export const WIDE_FIELDS = [
  "name", "notes", "assignee.name", "completed", "due_on", "created_at", "modified_at",
  "memberships.section.name", "tags.name", "followers.name", "projects.name", "workspace.name",
];
