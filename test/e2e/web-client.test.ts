/**
 * The web client end to end: Debian's chromium against a real Parley on SQLite.
 * One story, in order, as people would live it: the first administrator signs
 * in with the one-time secret, must choose a password, must acknowledge the
 * policy (§4.2), then sets up an agency and a user; that user signs in in a
 * second browser context and is held at the same gates; the audit log shows
 * what happened and its chain verifies; a bad policy pack is refused in place
 * and a good one brings the gate back; ending a session or suspending a user
 * signs that browser out. Every main screen is checked with axe-core.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../support/app.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/config.js';
import { BACKENDS, rawExec } from '../support/backends.js';
import { accessibilityViolations, captureScreen, launchBrowser, newContext, startServer, submitSignIn, watchedPage, type WatchedPage } from '../support/browser.js';

/** The version of the shipped pack, as its file states it (the tests follow the pack, not a copy of it). */
const SHIPPED_VERSION = /^version:\s*"([^"]+)"$/m.exec(readFileSync(join(PACKAGE_ROOT, 'policies', 'wvot-po1010.yaml'), 'utf8'))![1]!;
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const ADMIN_PASSWORD = 'admin-correct-horse-battery';
const ALICE_PASSWORD = 'alice-correct-horse-battery';

const signIn = submitSignIn;

async function choosePassword(page: Page, secret: string, password: string): Promise<void> {
  await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
  await page.getByLabel('One-time secret').fill(secret);
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('Repeat the new password').fill(password);
  await page.getByRole('button', { name: 'Change password' }).click();
}

/** Acknowledges the policy; the page asked for before the gate opens next. */
async function acknowledge(page: Page, next = 'Chat'): Promise<void> {
  await page.getByRole('button', { name: 'I have read and acknowledge this policy' }).click();
  await page.getByRole('heading', { name: next, level: 1 }).waitFor();
}

const clickNav = (page: Page, label: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();

/** Follows a link of the main navigation to its page. */
async function open(page: Page, label: string): Promise<void> {
  await clickNav(page, label);
  await page.getByRole('heading', { name: label, level: 1 }).waitFor();
}

// The browser story runs on SQLite, the zero-configuration default; the API suites cover PostgreSQL.
describe('web client (sqlite, chromium)', { skip: BACKENDS.includes('sqlite') ? false : 'PARLEY_TEST_BACKENDS excludes sqlite' }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let adminContext: BrowserContext;
  let admin: WatchedPage;
  let aliceSecret = '';
  let alice: WatchedPage;

  before(async () => {
    ({ t, base } = await startServer());
    browser = await launchBrowser();
    adminContext = await newContext(browser);
    admin = await watchedPage(adminContext);
  });
  after(async () => {
    await browser?.close();
    await t?.stop();
  });

  test('the accessibility check itself finds what is broken', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.setContent('<html lang="en"><title>x</title><main><input type="text"><button></button></main></html>');
    const found = (await accessibilityViolations(page)).map((v) => v.split(':')[0]);
    assert.ok(found.includes('label') && found.includes('button-name'), found.join(', '));
    await context.close();
  });

  test('the page complies with the strict CSP: no inline script or style, everything from self', async () => {
    const res = await fetch(`${base}/console/users`, { headers: { accept: 'text/html' } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self';style-src 'self';/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const html = await res.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.ok(scripts.length > 0);
    for (const tag of scripts) assert.match(tag, /\ssrc="\/assets\/[^"]+\.js"/, tag);
    assert.doesNotMatch(html, /<style|\sstyle=|https?:\/\//);
  });

  test('the first administrator signs in with the one-time secret and must replace it', async () => {
    const created = await t.app.ensureAdmin();
    assert.ok(created);
    const { page } = admin;
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'Sign in to Parley' }).waitFor();
    assert.equal(await page.getByText('Your session ended').count(), 0, 'a first visit is not an ended session');
    await captureScreen(page, 'sign-in');

    await signIn(page, base, created.username, 'not-the-secret');
    await page.getByRole('alert').filter({ hasText: 'wrong' }).waitFor();

    await signIn(page, base, created.username, created.secret);
    await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
    // Too short: refused in place, tied to the input.
    await page.getByLabel('One-time secret').fill(created.secret);
    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByLabel('Repeat the new password').fill('short');
    await page.getByRole('button', { name: 'Change password' }).click();
    const input = page.getByLabel('New password', { exact: true });
    await input.and(page.locator('[aria-invalid="true"]')).waitFor();
    const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
    const messages = await Promise.all(describedBy.split(' ').map((id) => page.locator(`[id="${id}"]`).textContent()));
    assert.ok(messages.some((m) => /at least 12 characters long/.test(m ?? '')), messages.join(' | '));
    await captureScreen(page, 'password-change');

    await choosePassword(page, created.secret, ADMIN_PASSWORD);
  });

  test('the acknowledgement gate blocks everything until the policy is acknowledged (§4.2)', async () => {
    const { page } = admin;
    await page.getByRole('heading', { name: /Acceptable Use of State-Provided Instant Messaging/ }).waitFor();
    assert.match(await page.locator('main').innerText(), new RegExp(`Version ${escaped(SHIPPED_VERSION)}`));
    assert.match(await page.locator('.banner-text').innerText(), /No expectation of privacy/);
    await captureScreen(page, 'policy-acknowledgement');

    // A direct address leads to the same gate, and the server refuses chat too.
    await page.goto(`${base}/console/agencies`);
    await page.getByRole('button', { name: 'I have read and acknowledge this policy' }).waitFor();
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 0);
    const refused = await page.request.get(`${base}/api/v1/directory`);
    assert.equal(refused.status(), 403);
    assert.equal((await refused.json()).error.code, 'policy_ack_required');

    await acknowledge(page, 'Agencies');
    assert.equal((await page.request.get(`${base}/api/v1/directory`)).status(), 200);
  });

  test('the console shows what the roles allow; an agency and a user are created', async () => {
    const { page } = admin;
    const nav = page.getByRole('navigation', { name: 'Main' });
    const links = await nav.getByRole('link').allInnerTexts();
    // A system administrator may verify the audit chain but not read entries; no records or review pages exist yet.
    assert.deepEqual(links, ['Chat', 'Agencies', 'Users', 'Audit log', 'Policy', 'Devices']);

    await open(page, 'Agencies');
    await page.getByLabel('Code').fill('x'); // too short: the server's validation lands on the field
    await page.getByLabel('Name').fill('Health and Human Resources');
    await page.getByRole('button', { name: 'Create agency' }).click();
    await page.getByLabel('Code').and(page.locator('[aria-invalid="true"]')).waitFor();
    await page.getByLabel('Code').fill('DHHR');
    await page.getByRole('button', { name: 'Create agency' }).click();
    await page.getByRole('status').filter({ hasText: 'Agency DHHR was created.' }).waitFor();
    await page.getByRole('cell', { name: 'Health and Human Resources' }).waitFor();
    await captureScreen(page, 'console-agencies');

    await open(page, 'Users');
    await page.getByRole('button', { name: 'New user' }).click();
    const form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('Username').fill('alice');
    await form.getByLabel('Display name').fill('Alice Auditor');
    await form.getByLabel('Agency').selectOption({ label: 'DHHR: Health and Human Resources' });
    await form.getByRole('button', { name: 'Create user' }).click();
    aliceSecret = (await page.getByTestId('one-time-secret').textContent()) ?? '';
    assert.match(aliceSecret, /^[A-Za-z0-9_-]{20,}$/);
    await captureScreen(page, 'console-users-secret');
    await page.getByRole('button', { name: 'I have handed it over' }).click();
    assert.equal(await page.getByTestId('one-time-secret').count(), 0);

    await page.getByLabel('Search').fill('ali');
    await page.getByRole('link', { name: 'Alice Auditor' }).click();
    await page.getByRole('heading', { name: 'Alice Auditor', level: 1 }).waitFor();
    await page.getByLabel('Role', { exact: true }).selectOption('auditor');
    await page.getByRole('button', { name: 'Grant role' }).click();
    await page.getByRole('button', { name: 'Revoke Auditor (Statewide)' }).waitFor();
    await captureScreen(page, 'console-user');
  });

  test('the new user signs in in a second browser context and is held at the same gates', async () => {
    alice = await watchedPage(await newContext(browser));
    const { page } = alice;
    await signIn(page, base, 'alice', aliceSecret);
    await choosePassword(page, aliceSecret, ALICE_PASSWORD);
    await page.getByRole('button', { name: 'I have read and acknowledge this policy' }).waitFor();
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 0);
    await acknowledge(page);

    // The people directory: the chat view's left column.
    const people = page.getByRole('list', { name: 'People found' });
    await people.getByText('@alice').waitFor(); // everyone, before a search
    await page.getByLabel('Find a person').fill('admin');
    await people.getByText('@alice').waitFor({ state: 'detached' });
    assert.deepEqual(await people.getByRole('listitem').allInnerTexts(), ['System Administrator\n@admin\nMessage']);
    await captureScreen(page, 'chat-directory');

    // An auditor reads the log: the story so far is there, and the chain holds.
    await open(page, 'Audit log');
    const table = page.getByRole('table');
    for (const action of ['agency.create', 'user.create', 'user.role.grant', 'policy.acknowledge', 'auth.password.change']) {
      await table.getByText(action, { exact: true }).first().waitFor();
    }
    await page.getByLabel('Action').fill('agency.create');
    await table.locator('tbody tr').nth(1).waitFor({ state: 'detached' });
    assert.deepEqual(await table.locator('tbody tr td:nth-child(3)').allInnerTexts(), ['agency.create']);
    await page.getByLabel('Action').fill('');
    await table.locator('tbody tr').nth(1).waitFor();
    await page.getByRole('button', { name: 'Verify the audit log' }).click();
    await page.getByRole('status').filter({ hasText: /^OK: all \d+ entries verified/ }).waitFor();
    await captureScreen(page, 'console-audit');
    assert.deepEqual(alice.problems, []);
  });

  test('the test box shows the decision and spans; a bad pack is refused in place; a good one brings back the gate', async () => {
    const { page } = admin;
    await open(page, 'Policy');
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('Her SSN 536-22-1234 is on file');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await page.getByRole('heading', { name: /^Blocked: not delivered/ }).waitFor();
    assert.match(await page.getByRole('list', { name: 'Rules that fired' }).innerText(), /Block · pii-government-ids · high: §4\.3: personal identifiers/);
    assert.equal(await page.getByLabel('The message, with what the detectors matched marked').locator('mark').innerText(), '536-22-1234');
    await captureScreen(page, 'console-policy-test');

    const editor = page.getByLabel('Policy pack (YAML)');
    const source = await editor.inputValue();
    assert.match(source, new RegExp(`^version: "${escaped(SHIPPED_VERSION)}"$`, 'm'));
    await editor.fill(source.replace(/^version: .*$/m, 'version: "not a version!"'));
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await editor.and(page.locator('[aria-invalid="true"]')).waitFor();
    const issuesId = ((await editor.getAttribute('aria-describedby')) ?? '').split(' ').find((id) => id.endsWith('-issues'));
    assert.ok(issuesId, 'the problems are tied to the editor');
    const line = source.split('\n').findIndex((l) => l.startsWith('version:')) + 1;
    assert.match((await page.locator(`[id="${issuesId}"]`).textContent()) ?? '', new RegExp(`Line ${line}\\s*version: must match`));
    await page.getByRole('button', { name: `Line ${line}, version` }).click();
    const selected = await editor.evaluate((el) => {
      const box = el as unknown as { value: string; selectionStart: number; selectionEnd: number };
      return box.value.slice(box.selectionStart, box.selectionEnd);
    });
    assert.equal(selected, 'version: "not a version!"', 'Show selects the line in the editor');
    await page.getByRole('button', { name: `View source of version ${SHIPPED_VERSION}` }).click();
    await page.locator('pre.source').waitFor();
    await captureScreen(page, 'console-policy-error');

    // A good version publishes, and its publisher too must acknowledge it before going on.
    await editor.fill(source.replace(/^version: .*$/m, 'version: "2026.01.15-1"'));
    await page.getByRole('button', { name: 'Publish version' }).click();
    await page.getByText('Version 2026.01.15-1', { exact: true }).waitFor();
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 0);
    await acknowledge(page, 'Policy');
    await page.getByRole('cell', { name: '2026.01.15-1 Current' }).waitFor();
  });

  test('ending my other session signs that browser out', async () => {
    const other = await watchedPage(await newContext(browser));
    await signIn(other.page, base, 'admin', ADMIN_PASSWORD);
    await other.page.getByRole('heading', { name: 'Chat', level: 1 }).waitFor();

    const { page } = admin;
    await page.getByRole('link', { name: 'System Administrator' }).click();
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
    const sessions = page.getByRole('table', { name: 'Your active sessions' }).locator('tbody tr');
    await sessions.nth(1).waitFor();
    assert.equal(await sessions.filter({ hasText: 'This browser' }).count(), 1);
    await captureScreen(page, 'profile');
    await page.getByRole('button', { name: /^End session in / }).click();
    await sessions.nth(1).waitFor({ state: 'detached' });

    // The ended browser's live connection is closed at once, and it asks to sign in again without a click.
    await other.page.getByText('Your session ended. Sign in again.').waitFor();
    assert.deepEqual(other.problems, []);
  });

  test('suspending a user, with a reason, ends their session at once; reactivating lets them back', async () => {
    const { page } = admin;
    await open(page, 'Users');
    await page.getByRole('link', { name: 'Alice Auditor' }).click();
    await page.getByRole('heading', { name: 'Alice Auditor', level: 1 }).waitFor();
    const status = page.getByRole('form', { name: 'Change status' });
    await status.getByLabel('Action').selectOption({ label: 'Suspend' });
    await status.getByLabel('Reason').fill('On leave until March');
    await status.getByRole('button', { name: 'Suspend' }).click();
    await page.locator('.facts').getByText('Suspended', { exact: true }).waitFor();

    await clickNav(alice.page, 'Chat');
    await alice.page.getByText('Your session ended. Sign in again.').waitFor();
    await signIn(alice.page, base, 'alice', ALICE_PASSWORD);
    await alice.page.getByRole('alert').filter({ hasText: 'The account is suspended or deprovisioned.' }).waitFor();

    await status.getByLabel('Action').selectOption({ label: 'Reactivate' });
    await status.getByLabel('Reason').fill('Back from leave');
    await status.getByRole('button', { name: 'Reactivate' }).click();
    await page.locator('.facts').getByText('Active', { exact: true }).waitFor();
    await signIn(alice.page, base, 'alice', ALICE_PASSWORD);
    // A new policy version was published meanwhile: alice meets the gate again.
    await alice.page.getByText('Version 2026.01.15-1', { exact: true }).waitFor();
    await acknowledge(alice.page);

    // Revoking the auditor role takes the audit log out of her navigation at her next sign-in.
    await page.getByRole('button', { name: 'Revoke Auditor (Statewide)' }).click();
    await page.getByText('Employee only: no staff roles.').waitFor();
  });

  test('a tampered audit log: Verify names the first altered entry', async () => {
    // Behind the application's back, as an intruder with database access would.
    await rawExec(t.db, `UPDATE audit_log SET action = 'user.update' WHERE action = 'user.role.grant'`);
    const { page } = admin;
    await open(page, 'Audit log');
    await page.getByRole('button', { name: 'Verify the audit log' }).click();
    await page.getByRole('status').filter({ hasText: /^The chain is broken at entry \d+ \(altered\)\./ }).waitFor();
    await captureScreen(page, 'console-audit-broken');
  });

  test('the layout holds in a narrow window; the keyboard reaches the skip link', async () => {
    const { page } = admin;

    await page.setViewportSize({ width: 390, height: 844 });
    await open(page, 'Users');
    // A string expression: this file is type-checked without the DOM library.
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    assert.equal(overflow, 0, 'no sideways scrolling of the page at 390px');
    await captureScreen(page, 'narrow-users');

    // Keyboard: on a fresh load the first Tab reaches the skip link.
    await page.reload();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await page.keyboard.press('Tab');
    // Typed loosely: this file is type-checked without the DOM library.
    assert.equal(await skip.evaluate((a) => (a as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement === a), true);
    assert.deepEqual(admin.problems, []);
  });
});
