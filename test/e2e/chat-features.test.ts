/**
 * Chat features end to end in Debian's chromium against a real Parley on
 * SQLite: coaching marks an SSN while it is typed, before anything is sent,
 * and "Redact and send" delivers it masked; a file over the server's limit is
 * refused before upload, one within it is uploaded with progress and arrives
 * as a download link; search finds a message; channels are browsed, joined,
 * their members seen, and left. Screens are checked with axe-core.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { TestApp } from '../support/app.js';
import { BACKENDS } from '../support/backends.js';
import { composer, messages, signIn } from '../support/chat-page.js';
import { captureScreen, launchBrowser, newContext, startServer, watchedPage, type WatchedPage } from '../support/browser.js';

/** The attachment limit of this server: small, so a file just over it is quick to make. */
const LIMIT = 2048;

describe('chat features (sqlite, chromium)', { skip: BACKENDS.includes('sqlite') ? false : 'PARLEY_TEST_BACKENDS excludes sqlite' }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let alice: WatchedPage;
  let bob: WatchedPage;
  const uploads: string[] = [];
  let carolToken = '';
  let aliceToken = '';

  before(async () => {
    ({ t, base } = await startServer({ messageBurst: 1000, attachmentMaxBytes: LIMIT }));
    const admin = await t.admin();
    const agencyId = await t.agency(admin, 'DOT', 'Transportation');
    for (const [username, displayName] of [['alice', 'Alice Analyst'], ['bob', 'Bob Builder'], ['carol', 'Carol Cartographer']] as const) {
      const u = await t.user(admin, { username, displayName, agencyId });
      await t.acknowledge(u.token);
      if (username === 'carol') carolToken = u.token;
      if (username === 'alice') aliceToken = u.token;
    }
    browser = await launchBrowser();
    alice = await watchedPage(await newContext(browser));
    bob = await watchedPage(await newContext(browser));
    alice.page.on('request', (r) => { if (r.url().includes('/api/v1/attachments') && r.method() === 'POST') uploads.push(r.url()); });
    await signIn(alice.page, base, 'alice');
    await signIn(bob.page, base, 'bob');
    await alice.page.getByRole('button', { name: 'Message Bob Builder' }).click();
    await alice.page.getByRole('heading', { name: 'Bob Builder', level: 2 }).waitFor();
    await composer(alice.page).fill('Morning Bob');
    await composer(alice.page).press('Enter');
    await bob.page.getByRole('list', { name: 'My conversations' }).getByRole('button', { name: /Alice Analyst/ }).click();
    await messages(bob.page).getByText('Morning Bob').waitFor();
  });
  after(async () => {
    await browser?.close();
    await t?.stop();
  });

  test('coaching marks an SSN as it is typed, with rule and section; Redact and send delivers it masked', async () => {
    const a = alice.page;
    await composer(a).fill('Her SSN 536-22-1234 is on file');
    const notes = a.getByRole('list', { name: 'Policy check of your draft' });
    await notes.waitFor();
    assert.match(await notes.innerText(), /Would be blocked:.*§4\.3.*\(rule pii-government-ids\).*536-22-1234/s);
    assert.equal(await a.locator('.composer__mirror mark.coach__mark--block').innerText(), '536-22-1234');
    assert.equal(await messages(bob.page).getByText('536-22-1234').count(), 0, 'nothing was sent while typing');
    await captureScreen(a, 'chat-coaching');

    await composer(a).press('Enter');
    const alert = a.getByRole('alert').filter({ hasText: 'Your message was not sent' });
    await alert.waitFor();
    assert.match(await alert.innerText(), /Her SSN ███████████ is on file/);
    await a.getByRole('button', { name: 'Redact and send' }).click();
    await messages(bob.page).getByText('Her SSN ███████████ is on file').waitFor();
    assert.equal(await composer(a).inputValue(), '', 'the composer is cleared');
    await notes.waitFor({ state: 'detached' });
    assert.equal(await alert.count(), 0);
    assert.equal(await messages(bob.page).getByText('536-22-1234').count(), 0);
  });

  test('a file over the limit is refused before upload; one within it shows progress and arrives as a download link', async () => {
    const a = alice.page;
    const attach = a.getByRole('button', { name: /^Attach a file \(max 2\.0 KB\)$/ });
    await attach.waitFor();
    const input = a.locator('input[type=file]');
    await input.setInputFiles({ name: 'survey.csv', mimeType: 'text/csv', buffer: Buffer.alloc(LIMIT + 1, 65) });
    const refused = a.getByRole('list', { name: 'Files for the next message' }).getByRole('alert');
    await refused.waitFor();
    assert.match(await refused.innerText(), /Not uploaded: survey\.csv is 2\.0 KB; files may be at most 2\.0 KB/);
    assert.deepEqual(uploads, [], 'no upload was attempted');
    await captureScreen(a, 'chat-attachment-refused');
    await a.getByRole('button', { name: 'Remove survey.csv' }).click();

    await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Bridge inspection notes: all clear.\n') });
    await a.getByText('Ready to send').waitFor();
    assert.equal(uploads.length, 1);
    await composer(a).fill('The notes are attached');
    await composer(a).press('Enter');
    const link = messages(bob.page).getByRole('link', { name: 'notes.txt' });
    await link.waitFor();
    const href = await link.getAttribute('href');
    assert.match(href ?? '', /^\/api\/v1\/attachments\/[A-Za-z0-9_-]+$/);
    const body = await bob.page.evaluate(async (u) => (await fetch(u)).text(), href!);
    assert.equal(body, 'Bridge inspection notes: all clear.\n', 'Bob downloads it as a member');
  });

  test('search finds a message in my conversations and opens it', async () => {
    const b = bob.page;
    await composer(alice.page).fill('The zeppelin schedule is ready for review');
    await composer(alice.page).press('Enter');
    await messages(b).getByText('The zeppelin schedule is ready for review').waitFor();
    await b.getByLabel('Search my conversations').fill('ZEPPELIN');
    const hits = b.getByRole('list', { name: 'Messages found' });
    const hit = hits.getByRole('button', { name: /Alice Analyst in a direct message.*zeppelin schedule/s });
    await hit.waitFor();
    assert.equal(await hits.locator('mark').first().innerText(), 'zeppelin');
    await captureScreen(b, 'chat-search');
    await b.getByRole('button', { name: 'Channels', exact: true }).focus(); // away from the conversation, then back by the hit
    await hit.click();
    await b.getByRole('heading', { name: 'Alice Analyst', level: 2 }).waitFor();
    await messages(b).locator('li.msg').filter({ hasText: 'The zeppelin schedule is ready for review' }).waitFor();
    await b.getByLabel('Search my conversations').fill('nothing like this');
    await b.getByText('No message holds “nothing like this”.').waitFor();
  });

  test('a hit far back in history opens its conversation at that message, marked and focused', async () => {
    const b = bob.page;
    const convs = await t.request('GET', '/api/v1/conversations', { token: aliceToken });
    const direct = convs.body.items.find((c: { kind: string }) => c.kind === 'direct');
    const post = (clientId: string, body: string) =>
      t.request('POST', `/api/v1/conversations/${direct.id}/messages`, { token: aliceToken, body: { clientId, body } });
    assert.equal((await post('needle', 'The needle is under the third haystack')).status, 201);
    // More than two pages of newer messages: the hit is not on the page a conversation opens with.
    for (let i = 0; i < 120; i++) await post(`hay-${i}`, `Hay bale ${i}`);
    await b.getByRole('button', { name: 'Channels', exact: true }).focus();
    await b.getByLabel('Search my conversations').fill('third haystack');
    await b.getByRole('list', { name: 'Messages found' }).getByRole('button', { name: /third haystack/ }).click();
    const found = messages(b).locator('li.msg--found');
    await found.filter({ hasText: 'The needle is under the third haystack' }).waitFor();
    await messages(b).locator('li.msg--found:focus').waitFor(); // the keyboard is at the hit
    const box = (await found.boundingBox())!;
    const list = (await messages(b).boundingBox())!;
    assert.ok(box.y >= list.y && box.y + box.height <= list.y + list.height, 'scrolled into the message list\'s view');
  });

  test('channels: one is created, browsed and joined by another; its members are seen; leaving takes it off the list', async () => {
    const a = alice.page;
    const b = bob.page;
    await a.getByRole('button', { name: 'Channels', exact: true }).click();
    const dialog = a.getByRole('dialog', { name: 'Channels' });
    await dialog.getByLabel('Channel name').fill('Road works');
    await dialog.getByLabel('Topic').fill('Closures and detours');
    await dialog.getByRole('button', { name: 'Create channel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await a.getByRole('heading', { name: /road works/, level: 2 }).waitFor();

    await b.getByRole('button', { name: 'Channels', exact: true }).click();
    const browse = b.getByRole('dialog', { name: 'Channels' });
    await browse.getByLabel('Find a channel').fill('road');
    await browse.getByRole('button', { name: 'Join #road works' }).waitFor();
    assert.match(await browse.getByRole('list', { name: 'Channels found' }).innerText(), /Closures and detours/);
    await captureScreen(b, 'chat-channels');
    await browse.getByRole('button', { name: 'Join #road works' }).click();
    await browse.waitFor({ state: 'hidden' });
    await b.getByRole('heading', { name: /road works/, level: 2 }).waitFor();
    await messages(a).getByText('Bob Builder joined').waitFor();

    await b.getByText('Members (2)').click();
    const members = b.getByRole('list', { name: 'Members', exact: true });
    assert.deepEqual((await members.locator('li').allInnerTexts()).map((x) => x.trim()).sort(), ['Alice Analyst', 'You']);
    await b.getByRole('button', { name: 'Leave channel' }).click();
    await b.getByRole('group', { name: 'Leave this channel?' }).getByRole('button', { name: 'Leave' }).click();
    await b.getByRole('list', { name: 'My conversations' }).getByRole('button', { name: /road works/ }).waitFor({ state: 'detached' });
    await messages(a).getByText('Bob Builder left').waitFor();
  });

  test('a group member adds someone to the group from its member list', async () => {
    const a = alice.page;
    await a.getByRole('button', { name: 'New group', exact: true }).click();
    const dialog = a.getByRole('dialog', { name: 'New group' });
    await dialog.getByLabel('Group name').fill('Survey crew');
    await dialog.getByLabel('Add people').fill('bob');
    await dialog.getByRole('checkbox', { name: /Bob Builder/ }).check();
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await a.getByRole('heading', { name: /Survey crew/, level: 2 }).waitFor();
    await a.getByText('Members (2)').click();
    await a.getByRole('searchbox', { name: 'Add people' }).fill('carol');
    await a.getByRole('button', { name: 'Add Carol Cartographer' }).click();
    await a.getByText('Members (3)').waitFor();
    const members = a.getByRole('list', { name: 'Members', exact: true });
    await members.getByText('Carol Cartographer').waitFor();
    const carols = await t.request('GET', '/api/v1/conversations', { token: carolToken });
    assert.ok(carols.body.items.some((c: { name: string | null }) => c.name === 'Survey crew'), 'Carol is in the group now');
    await messages(a).getByText('Carol Cartographer joined').waitFor();
  });

  test('no CSP violations or page errors', () => {
    assert.deepEqual([...alice.problems, ...bob.problems], []);
  });
});
