/**
 * The chat view end to end: two people in two browser contexts (Debian's
 * chromium) against a real Parley on SQLite. They chat in real time; the
 * content policy blocks a message with its citation and questions another
 * until it is justified; edits and deletions reach the other side; and when
 * the server restarts, both clients reconnect and resume without loss or
 * duplicates. Every chat screen is checked with axe-core.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import type { TestApp } from '../support/app.js';
import { BACKENDS } from '../support/backends.js';
import { composer, messages, signIn } from '../support/chat-page.js';
import { captureScreen, launchBrowser, newContext, startServer, watchedPage, type WatchedPage } from '../support/browser.js';

/** Polls a condition the page brings about asynchronously (here: a read marker reaching the server). */
async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}


async function send(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press('Enter');
}

/** The texts of the messages shown, oldest first (sent ones only, not those still pending). */
const shownBodies = (page: Page) => messages(page).locator('li.msg:not(.msg--pending):not(.msg--system) .msg__body, li.msg .msg__deleted').allInnerTexts();

describe('chat (sqlite, chromium)', { skip: BACKENDS.includes('sqlite') ? false : 'PARLEY_TEST_BACKENDS excludes sqlite' }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let alice: WatchedPage;
  let bob: WatchedPage;
  let restarted: App | null = null;
  let bobToken = '';
  let bobId = '';
  let adminToken = '';
  // The test clock stands still, so the send allowance (§5.3.5) would never refill: make it large.
  // A one-second heartbeat lets an ended session close its socket quickly ([SES-1]).
  const overrides = { messageBurst: 1000, heartbeatSeconds: 1 };

  before(async () => {
    ({ t, base } = await startServer(overrides));
    const admin = (adminToken = await t.admin());
    await t.acknowledge(admin);
    const agencyId = await t.agency(admin, 'DOT', 'Transportation');
    for (const [username, displayName] of [['alice', 'Alice Analyst'], ['bob', 'Bob Builder']] as const) {
      const u = await t.user(admin, { username, displayName, agencyId });
      await t.acknowledge(u.token);
      if (username === 'bob') ({ token: bobToken, id: bobId } = u);
    }
    browser = await launchBrowser();
    alice = await watchedPage(await newContext(browser));
    bob = await watchedPage(await newContext(browser));
  });
  after(async () => {
    await browser?.close();
    if (restarted) {
      await restarted.close();
      await t?.db.drop();
    } else {
      await t?.stop();
    }
  });

  test('two people chat in real time: direct message, unread badge, typing, read', async () => {
    await signIn(alice.page, base, 'alice');
    await signIn(bob.page, base, 'bob');
    const a = alice.page;
    const b = bob.page;

    await a.getByRole('button', { name: 'Message Bob Builder' }).click();
    await a.getByRole('heading', { name: 'Bob Builder', level: 2 }).waitFor();
    await messages(a).getByText('No messages yet').waitFor();
    await send(a, 'Hello Bob, are the bridge plans ready?');
    await messages(a).locator('li.msg:not(.msg--pending)').filter({ hasText: 'bridge plans' }).waitFor();
    assert.equal(await composer(a).inputValue(), '', 'the composer is cleared after sending');

    // Bob was not looking: the conversation appears with one unread message.
    const conv = b.getByRole('list', { name: 'My conversations' }).getByRole('button', { name: /Alice Analyst/ });
    await conv.getByTestId('unread').filter({ hasText: '1' }).waitFor();
    await conv.click();
    await messages(b).getByText('Hello Bob, are the bridge plans ready?').waitFor();
    // Seen means read (SPEC [RD-1]): the server now counts nothing unread for Bob.
    await waitFor(async () => {
      const mine = await t.request('GET', '/api/v1/conversations', { token: bobToken });
      return mine.body.items[0]?.unread === 0 && mine.body.items[0]?.readSeq === 1;
    }, 'Bob\'s read marker reaches the server');

    // Shift+Enter is a new line, Enter sends; Alice sees Bob typing first.
    await composer(b).pressSequentially('Almost');
    await a.getByText('Bob Builder is typing…').waitFor();
    await composer(b).press('Shift+Enter');
    await composer(b).pressSequentially('done by Friday.');
    await composer(b).press('Enter');
    await messages(a).getByText('Almost\ndone by Friday.').waitFor();
    await a.getByText('Bob Builder is typing…').waitFor({ state: 'detached' });
    // An @mention of Bob is marked for him ([MEN-1]), not for Alice who wrote it.
    await send(a, '@bob thanks');
    await messages(b).locator('li.msg--mention').filter({ hasText: '@bob thanks' }).getByText('Mentions you').waitFor();
    assert.equal(await messages(a).locator('li.msg--mention').count(), 0);
    await captureScreen(b, 'chat-mention');
    // Presence: each sees the other online, with a text alternative.
    await a.locator('.conv-head').getByRole('img', { name: 'online' }).waitFor();
    await a.locator('.conv-head').getByText('online', { exact: true }).waitFor();
    await b.getByLabel('My status').selectOption('dnd');
    await a.locator('.conv-head').getByRole('img', { name: 'do not disturb' }).waitFor();
    await b.getByLabel('My status').selectOption('online');
    await a.locator('.conv-head').getByRole('img', { name: 'online' }).waitFor();
    await captureScreen(a, 'chat-conversation');
  });

  test('a message with an SSN is blocked, citing the rule and section (§4.3), with the match marked', async () => {
    const a = alice.page;
    await send(a, 'Her SSN 536-22-1234 is on file');
    const alert = a.getByRole('alert').filter({ hasText: 'Your message was not sent' });
    await alert.waitFor();
    assert.match(await alert.innerText(), /§4\.3.*personal identifiers/);
    assert.equal(await alert.locator('mark').innerText(), '536-22-1234');
    // The text comes back to the composer to be changed; nothing reached Bob.
    assert.equal(await composer(a).inputValue(), 'Her SSN 536-22-1234 is on file');
    await captureScreen(a, 'chat-policy-blocked');
    assert.equal(await messages(bob.page).getByText('536-22-1234').count(), 0);
    await a.getByRole('button', { name: 'Change the message' }).click();
    await composer(a).fill('');
  });

  test('a CONFIDENTIAL message needs a justification, then is sent with the same client id', async () => {
    const a = alice.page;
    await send(a, 'This is CONFIDENTIAL: the budget draft');
    const dialog = a.getByRole('dialog', { name: 'Confirm this message' });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /§4\.3, §5\.3\.6.*marked confidential information/);
    assert.equal(await dialog.locator('mark').innerText(), 'CONFIDENTIAL');
    await captureScreen(a, 'chat-policy-justification');
    await dialog.getByLabel('Justification').fill('Bob is on the budget committee');
    await dialog.getByRole('button', { name: 'Send with justification' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await messages(bob.page).getByText('This is CONFIDENTIAL: the budget draft').waitFor();
    // Exactly one copy on each side.
    assert.equal((await shownBodies(a)).filter((x) => x.includes('budget draft')).length, 1);
  });

  test('edits and deletes of my own messages reach the other side', async () => {
    const a = alice.page;
    const b = bob.page;
    const mine = messages(a).locator('li.msg--mine').filter({ hasText: 'bridge plans' });
    await mine.getByRole('button', { name: /^Edit message/ }).click();
    const edit = messages(a).getByLabel('Edit message', { exact: true }); // the body is now in the edit box, so `mine` no longer matches
    await edit.fill('Hello Bob, are the tunnel plans ready?');
    await edit.press('Enter');
    const theirs = messages(b).locator('li.msg').filter({ hasText: 'tunnel plans' });
    await theirs.getByText('(edited)').waitFor();

    const other = messages(a).locator('li.msg--mine').filter({ hasText: 'budget draft' });
    await other.getByRole('button', { name: /^Delete message/ }).click();
    await other.getByRole('button', { name: 'Delete', exact: true }).click();
    await messages(b).getByText('message deleted').waitFor();
    assert.equal(await messages(b).getByText('budget draft').count(), 0);
    // Bob may not edit Alice's messages: no controls for them.
    assert.equal(await theirs.getByRole('button').count(), 0);
  });

  test('a group is created from the dialog; scrolling up loads older messages page by page', async () => {
    const a = alice.page;
    await a.getByRole('button', { name: 'New group' }).click();
    const dialog = a.getByRole('dialog', { name: 'New group' });
    await dialog.getByLabel('Group name').fill('Bridges');
    await dialog.getByLabel('Add people').fill('bob');
    await dialog.getByRole('checkbox', { name: /Bob Builder/ }).check();
    await captureScreen(a, 'chat-new-group');
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await a.getByRole('heading', { name: 'Bridges', level: 2 }).waitFor();

    const list = await t.request('GET', '/api/v1/conversations', { token: bobToken });
    const group = (list.body.items as { id: string; name: string | null }[]).find((c) => c.name === 'Bridges')!;
    for (let i = 1; i <= 60; i += 1) {
      const res = await t.request('POST', `/api/v1/conversations/${group.id}/messages`, { token: bobToken, body: { clientId: `bulk-${i}`, body: `bulk ${i}` } });
      assert.equal(res.status, 201);
    }
    await messages(a).getByText('bulk 60', { exact: true }).waitFor();
    // A fresh load shows the newest page; older ones come on demand.
    await a.reload();
    await a.getByRole('heading', { name: 'Bridges', level: 2 }).waitFor();
    await messages(a).getByText('bulk 60', { exact: true }).waitFor();
    assert.equal(await messages(a).getByText('bulk 1', { exact: true }).count(), 0);
    await messages(a).hover();
    await a.mouse.wheel(0, -100_000); // as a reader scrolls up
    await messages(a).getByText('bulk 1', { exact: true }).waitFor();
    const bodies = (await shownBodies(a)).filter((b) => b.startsWith('bulk '));
    assert.deepEqual(bodies, Array.from({ length: 60 }, (_, i) => `bulk ${i + 1}`), 'oldest first, each once');
    // Back to the direct conversation for the next story.
    await a.getByRole('list', { name: 'My conversations' }).getByRole('button', { name: /Bob Builder/ }).click();
  });

  test('after the server restarts, both reconnect and resume: what was written offline is sent once, nothing is lost', async () => {
    const a = alice.page;
    const b = bob.page;
    const before = await shownBodies(b);
    const port = new URL(base).port;
    const bobs = await t.request('GET', '/api/v1/conversations', { token: bobToken });
    const direct = (bobs.body.items as { id: string; kind: string }[]).find((c) => c.kind === 'direct')!;
    await t.app.close();
    await a.getByTestId('connection').filter({ hasText: /Reconnecting|Offline/ }).waitFor();
    // Written while the server is down: shown as waiting, kept, and sent after the reconnect.
    await send(a, 'Sent while the server was down');
    await messages(a).getByTestId('pending').filter({ hasText: 'Waiting for the connection' }).waitFor();
    await composer(a).fill('a draft that survives');
    await captureScreen(a, 'chat-reconnecting');
    // Down long enough for several failed attempts: the chat stays, it does not turn into an error page.
    await a.waitForTimeout(5000);
    assert.equal(await a.getByText('Parley is not reachable').count(), 0);
    await a.getByTestId('connection').filter({ hasText: /Reconnecting|Offline/ }).waitFor();

    // A second Parley on the same data directory and port: the sessions and messages are in the database.
    const config = loadConfig({}, { ...overrides, dataDir: t.db.dataDir, logLevel: 'silent', scryptCost: 1024, loginRatePerMinute: 10_000, deviceEnrollment: 'open' });
    restarted = await buildApp(config, { now: t.clock.now, logger: false });
    // Before it listens, Bob writes through the API: neither browser can get this live, only by resuming ([DLV-3]).
    const away = await restarted.http.inject({
      method: 'POST', url: `/api/v1/conversations/${direct.id}/messages`,
      headers: { authorization: `Bearer ${bobToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ clientId: 'while-away', body: 'Written while you were away' }),
    });
    assert.equal(away.statusCode, 201, away.body);
    await restarted.http.listen({ host: '127.0.0.1', port: Number(port) });

    await a.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor({ timeout: 30_000 });
    await b.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor({ timeout: 30_000 });
    await messages(b).getByText('Sent while the server was down').waitFor();
    await messages(a).getByText('Written while you were away').waitFor();
    await send(b, 'Got it after the restart');
    await messages(a).getByText('Got it after the restart').waitFor();
    assert.equal(await composer(a).inputValue(), 'a draft that survives');
    assert.equal(await messages(a).getByTestId('pending').count(), 0);
    // No gap, no duplicate: Bob's view is what it was plus the two new messages, once each.
    assert.deepEqual(await shownBodies(b), [...before, 'Written while you were away', 'Sent while the server was down', 'Got it after the restart']);
    assert.deepEqual(await shownBodies(a), await shownBodies(b));
  });

  test('narrow screens show one column at a time; no CSP violations or page errors', async () => {
    const context = await newContext(browser, { width: 380, height: 800 });
    const narrow = await watchedPage(context);
    await signIn(narrow.page, base, 'bob');
    await narrow.page.getByRole('list', { name: 'My conversations' }).getByRole('button', { name: /Alice Analyst/ }).click();
    await messages(narrow.page).getByText('Got it after the restart').waitFor();
    await composer(narrow.page).and(narrow.page.locator(':focus')).waitFor(); // opening a conversation puts the keyboard in its composer
    assert.equal(await narrow.page.getByRole('heading', { name: 'Conversations' }).isVisible(), false);
    await captureScreen(narrow.page, 'chat-narrow');
    await narrow.page.getByRole('button', { name: 'Back to conversations' }).click();
    await narrow.page.locator('#convs-title:focus').waitFor(); // focus comes back to the list, not lost with the hidden column
    await context.close();
    assert.deepEqual([...alice.problems, ...bob.problems, ...narrow.problems], []);
  });

  test('[SES-1] suspending a user closes their open chat socket, and the sign-in screen says why', async () => {
    const res = await restarted!.http.inject({
      method: 'POST', url: `/api/v1/users/${bobId}/status`,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ status: 'suspended', reason: 'On leave' }),
    });
    assert.equal(res.statusCode, 200, res.body);
    // Bob does nothing: the socket's close (4003) alone brings the gate back.
    await bob.page.getByText('Your session ended. Sign in again.').waitFor({ timeout: 15_000 });
    await bob.page.getByRole('heading', { name: 'Sign in to Parley' }).waitFor();
  });
});
