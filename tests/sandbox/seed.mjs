// The seed data's well-known gids, tokens and credentials: pkg/sandbox/seed.js (re-exported for
// this repository's tests and demo).
export * from "../../pkg/sandbox/seed.js";
