// Headless Chromium for the web view tests and scripts: Debian's /usr/bin/chromium driven by
// puppeteer-core. CI installs chromium (.ci/run), so a missing browser fails there; on a machine
// without it a test may skip only when KUBESIM_SKIP_BROWSER says why.
import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const why = process.env.KUBESIM_SKIP_BROWSER;
  if (why) return why;
  throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium), or set KUBESIM_SKIP_BROWSER to the reason it cannot be`);
}

export function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
}

/** Page errors and console errors, collected so a test can assert there were none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${(e as Error).message ?? e}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()} ${m.location()?.url ?? ''}`);
  });
  page.on('requestfailed', (r) => {
    // A watch socket or request cut off when the test closes the page is not an error of the page.
    if (!r.failure()?.errorText.includes('ERR_ABORTED')) errors.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`);
  });
  return errors;
}
