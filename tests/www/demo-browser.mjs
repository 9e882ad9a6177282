// The demo as both demo suites open it: the sandbox serving www/ and pkg/ on one origin, headless
// Chromium (playwright-core, Debian's chromium) on a fresh profile, the page's errors and any
// request to another origin recorded. Call from a suite's `before`; `close()` from its `after`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startSandbox } from "../sandbox/server.mjs";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

export async function openDemo({ width = 1280 } = {}) {
  const sandbox = await startSandbox({ static: { "/": join(root, "www"), "/pkg": join(root, "pkg") } });
  const profile = mkdtempSync(join(tmpdir(), "asana-demo-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors = [];
  const foreignRequests = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(`${sandbox.url}/`) && !url.startsWith("data:")) foreignRequests.push(url);
  });
  const close = async () => {
    try {
      await context.close();
    } finally {
      await sandbox.close();
      rmSync(profile, { recursive: true, force: true });
    }
  };
  return { sandbox, context, page, pageErrors, foreignRequests, close };
}
