/**
 * Authorized devices (§5.3.8) in the browser, on the real default (a person
 * approves each new device): a new browser sees only the waiting screen with
 * its fingerprint; a security administrator approves it from the console and
 * the waiting browser moves on by itself; revoking it from the console signs
 * that browser out at once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../support/app.js';
import { BACKENDS } from '../support/backends.js';
import { password } from '../support/chat-page.js';
import { captureScreen, launchBrowser, newContext, startServer, submitSignIn, watchedPage, type WatchedPage } from '../support/browser.js';


const signIn = (page: Page, base: string, username: string) => submitSignIn(page, base, username, password(username));

describe('devices (sqlite, chromium)', { skip: BACKENDS.includes('sqlite') ? false : 'PARLEY_TEST_BACKENDS excludes sqlite' }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let dana: WatchedPage;
  let officer: WatchedPage;
  let samToken = '';

  before(async () => {
    ({ t, base } = await startServer({ deviceEnrollment: 'approval' }));
    const admin = await t.admin();
    await t.acknowledge(admin);
    const agencyId = await t.agency(admin, 'DEP', 'Environmental Protection');
    // Sam, a statewide security administrator, approves from a script; Olive does it in the console.
    for (const [username, displayName, role] of [['sam', 'Sam Security', 'security_admin'], ['olive', 'Olive Officer', 'security_admin'], ['dana', 'Dana Driller', null]] as const) {
      const u = await t.user(admin, { username, displayName, agencyId: role ? null : agencyId });
      if (role) await t.request('POST', `/api/v1/users/${u.id}/roles`, { token: admin, body: { role, agencyId: null } });
      const device = (await t.request('GET', '/api/v1/session', { token: u.token })).body.device;
      await t.request('POST', `/api/v1/devices/${device.id}/approve`, { token: admin });
      await t.acknowledge(u.token);
      if (username === 'sam') samToken = u.token;
    }
    browser = await launchBrowser();
    dana = await watchedPage(await newContext(browser));
    officer = await watchedPage(await newContext(browser));
  });
  after(async () => {
    await browser?.close();
    await t?.stop();
  });

  test('a new browser waits for approval, sees its fingerprint and nothing else', async () => {
    const { page } = dana;
    await signIn(page, base, 'dana');
    await page.getByRole('heading', { name: 'Waiting for approval', level: 1 }).waitFor();
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 0);
    const shown = await page.getByTestId('device-fingerprint').textContent();
    assert.match(shown ?? '', /^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
    await captureScreen(page, 'device-pending');
    // The browser's key is its own: the server saw a new device for Dana, not the one her scripts use.
    const pending = await t.request('GET', '/api/v1/devices?status=pending', { token: samToken });
    const hers = pending.body.items.filter((d: { owner: { username: string } }) => d.owner.username === 'dana');
    assert.equal(hers.length, 1);
    assert.equal(hers[0].fingerprint.slice(0, 16).toUpperCase(), shown?.replaceAll('-', ''));
  });

  test('the security officer approves it in the console; the waiting browser moves on by itself', async () => {
    const { page } = officer;
    await signIn(page, base, 'olive');
    await page.getByRole('heading', { name: 'Waiting for approval', level: 1 }).waitFor();
    // Olive's own new browser needs someone else: Sam approves it from a script.
    const mine = await t.request('GET', '/api/v1/devices?status=pending', { token: samToken });
    const olives = mine.body.items.find((d: { owner: { username: string } }) => d.owner.username === 'olive');
    assert.equal((await t.request('POST', `/api/v1/devices/${olives.id}/approve`, { token: samToken })).status, 200);
    await page.getByRole('heading', { name: 'Chat', level: 1 }).waitFor({ timeout: 15_000 });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Devices', exact: true }).click();
    await page.getByRole('heading', { name: 'Devices', level: 1 }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Dana Driller' });
    await row.waitFor();
    await captureScreen(page, 'console-devices');
    await row.getByRole('button', { name: /^Approve / }).click();
    await row.waitFor({ state: 'detached' });

    // Dana acknowledged the policy before (from a script), so she lands in chat.
    await dana.page.getByRole('heading', { name: 'Chat', level: 1 }).waitFor({ timeout: 15_000 });
    await dana.page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();
  });

  test('a person\'s page shows the security officer their live sessions and devices', async () => {
    const { page } = officer;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('link', { name: 'Dana Driller' }).click();
    await page.getByRole('heading', { name: 'Dana Driller', level: 1 }).waitFor();
    const devices = page.getByRole('table', { name: 'Devices', exact: true });
    await devices.getByRole('cell', { name: 'Chrome on Linux' }).first().waitFor();
    assert.equal(await devices.locator('tbody tr').count(), 2, 'her script\'s device and her browser');
    await page.getByRole('table', { name: 'Live sessions' }).getByRole('cell', { name: 'Chrome on Linux' }).waitFor();
    await captureScreen(page, 'console-user-access');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Devices', exact: true }).click();
    await page.getByRole('heading', { name: 'Devices', level: 1 }).waitFor();
  });

  test('revoking the device in the console signs that browser out at once', async () => {
    const { page } = officer;
    await page.getByLabel('Show').selectOption('approved');
    // Her browser, not the device her scripts use.
    const row = page.getByRole('row').filter({ hasText: 'Dana Driller' }).filter({ hasText: 'Chrome on Linux' });
    await row.getByRole('button', { name: /^Revoke / }).click();
    await row.getByLabel('Reason').fill('Left the laptop on a train');
    await row.getByRole('button', { name: 'Confirm revoke' }).click();
    await row.waitFor({ state: 'detached' });
    // Dana did nothing: her open chat was closed by the server and the app asks her to sign in again.
    await dana.page.getByText('Your session ended. Sign in again.').waitFor();
    const entries = await t.app.store.audit.list({ action: 'device.revoke', limit: 5 });
    assert.equal((entries[0]?.after as { reason: string }).reason, 'Left the laptop on a train');
    assert.deepEqual([...dana.problems, ...officer.problems], []);
  });

  test('the profile lists my devices', async () => {
    const { page } = officer;
    await page.getByRole('link', { name: 'Olive Officer' }).click();
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
    const devices = page.getByRole('table', { name: 'Your devices' });
    await devices.getByText('This browser').waitFor();
    assert.equal(await devices.locator('tbody tr').count(), 2, 'the script\'s device and this browser');
  });
});
