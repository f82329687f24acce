// Shared by the browser checks: launching Debian's Chromium headless through playwright-core,
// offline (no background networking), with a fresh profile that is removed afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.MLSD_CHROMIUM || '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Runs `body(context)` with a fresh headless Chromium; always closes it and removes its profile. */
export async function withBrowser(body, { viewport = { width: 1400, height: 900 } } = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsd-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS, // playwright adds --user-data-dir=<profile>
    viewport,
  });
  try {
    return await body(context);
  } finally {
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** Fails the run with a message (the Rust test shows stdout and stderr). */
export function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exitCode = 1;
}

/** Polls `fn` until it returns a truthy value or `timeout` ms pass. */
export async function until(what, fn, timeout = 15000) {
  const start = Date.now();
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
