// Asana-style per-token rate limits, off until configured: a sliding one-minute request quota
// (rejected requests count too, as on Asana) and caps on concurrent reads and writes.

import { badRequest } from "./validate.js";

const MINUTE = 60_000;
const SETTINGS = ["perMinute", "concurrentReads", "concurrentWrites", "retryAfterSeconds"];
const NOTHING = () => {};

export class RateLimiter {
  #config = null;
  #windows = new Map(); // token -> request timestamps within the last minute
  #inFlight = new Map(); // "token read|write" -> count
  #generation = 0; // bumped on clear() so releases from before it are ignored

  get config() {
    return this.#config;
  }

  configure(spec) {
    if (!spec || typeof spec !== "object" || Array.isArray(spec)) throw badRequest("Limits must be a JSON object");
    for (const [key, value] of Object.entries(spec)) {
      if (!SETTINGS.includes(key)) throw badRequest(`${key}: Unknown limit; use ${SETTINGS.join(", ")}`);
      if (value !== null && !(Number.isInteger(value) && value >= 0)) throw badRequest(`${key}: Must be a non-negative integer or null`);
    }
    this.clear();
    this.#config = { ...spec };
    return this.#config;
  }

  clear() {
    this.#generation += 1;
    this.#config = null;
    this.#windows.clear();
    this.#inFlight.clear();
  }

  /**
   * Admits one request: {retryAfter} (seconds) when over a limit, else {release} to call when
   * the response is done.
   */
  admit(token, isWrite) {
    if (!this.#config) return { release: NOTHING };
    const { perMinute, concurrentReads, concurrentWrites, retryAfterSeconds } = this.#config;
    if (perMinute != null) {
      const now = Date.now();
      const window = (this.#windows.get(token) ?? []).filter((time) => time > now - MINUTE);
      window.push(now);
      this.#windows.set(token, window);
      if (window.length > perMinute) {
        // Room returns when the request that pushed us over the quota leaves the window.
        const freedAt = window[window.length - perMinute - 1] + MINUTE;
        return { retryAfter: retryAfterSeconds ?? Math.max(1, Math.ceil((freedAt - now) / 1000)) };
      }
    }
    const cap = isWrite ? concurrentWrites : concurrentReads;
    const key = `${token} ${isWrite ? "write" : "read"}`;
    const running = this.#inFlight.get(key) ?? 0;
    if (cap != null && running >= cap) return { retryAfter: retryAfterSeconds ?? 1 };
    this.#inFlight.set(key, running + 1);
    const generation = this.#generation;
    let released = false;
    return {
      release: () => {
        if (released || generation !== this.#generation) return;
        released = true;
        this.#inFlight.set(key, this.#inFlight.get(key) - 1);
      },
    };
  }
}
