/**
 * Browser end-to-end support: Debian's chromium driven by playwright-core
 * against a real Parley listening on loopback. No browser is downloaded: CI
 * installs the distribution's chromium (.ci/run).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PACKAGE_ROOT } from '../../src/app.js';
import type { Config } from '../../src/config/config.js';
import { TestApp } from './app.js';

export const CHROMIUM = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';
/**
 * Where screenshots go: docs/screenshots when refreshing the documented ones
 * (`npm run screenshots`), else a temporary folder, so an ordinary test run
 * leaves the checkout clean.
 */
export const SCREENSHOTS = process.env.PARLEY_SCREENSHOTS
  ? resolve(PACKAGE_ROOT, process.env.PARLEY_SCREENSHOTS)
  : join(tmpdir(), 'parley-screenshots');

/**
 * Playwright's launch() already gives each browser a fresh temporary profile
 * (--user-data-dir), removed on close, so runs never share cookies or cache.
 */
export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No chromium at ${CHROMIUM}: apt-get install -y chromium (as .ci/run does), or set PARLEY_CHROMIUM.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/**
 * axe-core, added to every page as an init script: the browser injects those
 * outside the page's CSP, so the page under test keeps its real policy.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** A fresh browser context (own cookies) with axe-core loaded and short timeouts. */
export async function newContext(browser: Browser, viewport = { width: 1280, height: 860 }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport });
  await context.addInitScript({ content: AXE_SOURCE });
  context.setDefaultTimeout(10_000);
  return context;
}

interface AxeResult {
  passes: unknown[];
  violations: { id: string; help: string; nodes: { target: string[] }[] }[];
}

/** The WCAG 2.1 A and AA rules axe-core finds broken on the page as it is now. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const { checked, violations } = await page.evaluate(async (tags) => {
    const g = globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeResult> }; document: unknown };
    const result = await g.axe.run(g.document, { runOnly: { type: 'tag', values: tags } });
    return {
      checked: result.passes.length,
      violations: result.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    };
  }, WCAG_AA);
  // An empty page passes every rule: make sure the rules really ran against something.
  assert.ok(checked > 5, `axe-core checked only ${checked} rules`);
  return violations;
}

/** Fills in and submits the sign-in form from the keyboard (as people do). */
export async function submitSignIn(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.keyboard.press('Enter');
}

/** A Parley on a fresh SQLite database, listening on 127.0.0.1 at a random port, serving the built client. */
export async function startServer(overrides: Partial<Config> = {}): Promise<{ t: TestApp; base: string }> {
  if (!existsSync(join(PACKAGE_ROOT, 'web', 'dist', 'index.html'))) {
    throw new Error('The web client is not built: run `npm run build` (npm ci does) before the browser tests.');
  }
  const t = await TestApp.start('sqlite', overrides);
  await t.app.http.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.http.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return { t, base: `http://127.0.0.1:${address.port}` };
}

export interface WatchedPage {
  page: Page;
  /** Content-Security-Policy violations and uncaught errors seen so far: a CSP-clean client has none. */
  problems: string[];
}

/** A page that records CSP violations (as the browser reports them) and page errors. */
export async function watchedPage(context: BrowserContext): Promise<WatchedPage> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return { page, problems };
}

/** Takes a screenshot of a main screen and checks it against WCAG 2.1 AA with axe-core. */
export async function captureScreen(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  assert.deepEqual(await accessibilityViolations(page), [], `accessibility of ${name}`);
}
