import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient } from '../../app/api';
import { ChatStore } from './chat-store';
import type { ServerFrame } from './frames';
import type { SocketHandlers } from './socket';
import { contiguousSeq } from './timeline';
import { ev } from './test-events';
import { readDraft } from './drafts';

/** A socket the test drives: it records what the store sends and delivers the frames the test gives. */
class FakeSocket {
  sent: Record<string, unknown>[] = [];
  open = false;
  constructor(readonly handlers: SocketHandlers) {}
  start() {}
  stop() {}
  send(frame: Record<string, unknown>): boolean {
    if (!this.open) return false;
    this.sent.push(frame);
    return true;
  }
  connect() {
    this.open = true;
    this.handlers.onStatus('connected');
    this.deliver({ type: 'ready', userId: 'me', protocol: 1 });
  }
  drop() {
    this.open = false;
    this.handlers.onStatus('reconnecting');
  }
  deliver(f: ServerFrame) {
    this.handlers.onFrame(f);
  }
  take(): Record<string, unknown>[] {
    const s = this.sent;
    this.sent = [];
    return s;
  }
}

function setup() {
  let socket: FakeSocket | null = null;
  const api = new ApiClient({ fetch: async () => new Response(JSON.stringify({ items: [] }), { status: 200, headers: { 'content-type': 'application/json' } }) });
  const store = new ChatStore(api, 'me', () => {}, (h) => (socket = new FakeSocket(h)));
  return { store, socket: socket! };
}

test('[DLV-3] after a reconnect the store resumes each open conversation from its contiguous seq and fills the gap once', () => {
  const { store, socket } = setup();
  socket.connect();
  store.open('c1');
  assert.deepEqual(socket.take().filter((f) => f.type === 'history'), [{ type: 'history', ref: 'new:c1', conversationId: 'c1', limit: 50 }]);
  socket.deliver({ type: 'history', ref: 'new:c1', conversationId: 'c1', events: [ev(1), ev(2)], hasMore: false });
  socket.deliver({ type: 'message', event: ev(3) });
  socket.drop();
  socket.connect();
  assert.deepEqual(socket.take().find((f) => f.type === 'resume'), { type: 'resume', ref: 'resume', positions: { c1: 3 } });
  // The resumed page repeats 3 (live delivery raced it) and brings 4: each is held once.
  socket.deliver({ type: 'history', ref: 'resume', conversationId: 'c1', events: [ev(3), ev(4)], hasMore: false });
  socket.deliver({ type: 'message', event: ev(4) });
  const t = store.getSnapshot().timelines.c1!;
  assert.deepEqual([contiguousSeq(t), t.bySeq.size], [4, 4]);
});

test('a live event past a gap asks for the missing ones from the contiguous seq', async () => {
  const { store, socket } = setup();
  socket.connect();
  store.open('c1');
  socket.deliver({ type: 'history', ref: 'new:c1', conversationId: 'c1', events: [ev(1)], hasMore: false });
  socket.take();
  socket.deliver({ type: 'message', event: ev(3) });
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(socket.take(), [{ type: 'history', ref: 'after:c1', conversationId: 'c1', afterSeq: 1, limit: 200 }]);
});

test('[SND-2] a message written offline is sent on reconnect with its clientId; pending until its event arrives', () => {
  const { store, socket } = setup();
  socket.connect();
  store.open('c1');
  socket.deliver({ type: 'history', ref: 'new:c1', conversationId: 'c1', events: [], hasMore: false });
  socket.drop();
  store.send('c1', 'hello');
  const [pending] = store.getSnapshot().pending;
  assert.equal(pending?.state, 'sending');
  socket.take();
  socket.connect();
  const resent = socket.take().filter((f) => f.type === 'message.send');
  assert.deepEqual(resent, [{ type: 'message.send', ref: pending!.clientId, conversationId: 'c1', clientId: pending!.clientId, body: 'hello' }]);
  // A second reconnect before the ack sends it again, still under the same id (the server answers duplicate: true).
  socket.drop();
  socket.connect();
  assert.equal(socket.take().filter((f) => f.type === 'message.send' && f.clientId === pending!.clientId).length, 1);

  socket.deliver({ type: 'ack', clientId: pending!.clientId, conversationId: 'c1', messageId: 'm1', seq: 1, duplicate: true });
  assert.equal(store.getSnapshot().pending[0]?.state, 'acked');
  socket.deliver({ type: 'message', event: ev(1, { senderId: 'me', clientId: pending!.clientId, body: 'hello' }) });
  assert.deepEqual(store.getSnapshot().pending, []);
});

test('[POL-1] a block explains itself and returns the text to the composer; a warning waits for a justification', () => {
  const { store, socket } = setup();
  socket.connect();
  store.send('c2', 'SSN 536-22-1234');
  const blocked = store.getSnapshot().pending[0]!;
  socket.deliver({
    type: 'error', ref: blocked.clientId, code: 'policy_blocked', message: 'Not sent.',
    data: { rules: [{ rule: 'pii', sections: ['4.3'], message: 'no identifiers', overridable: false }], findings: [{ type: 'us_ssn', start: 4, end: 15 }] },
  });
  const s = store.getSnapshot();
  assert.deepEqual([s.pending.length, s.issues.c2?.problem.rules[0]?.sections], [0, ['4.3']]);
  assert.equal(readDraft('c2'), 'SSN 536-22-1234');

  store.send('c2', 'This is CONFIDENTIAL');
  const warned = store.getSnapshot().pending[0]!;
  assert.equal(store.getSnapshot().issues.c2, undefined, 'sending again clears the old explanation');
  socket.take();
  socket.deliver({ type: 'error', ref: warned.clientId, code: 'policy_confirmation_required', message: 'Confirm.', data: { rules: [], findings: [] } });
  assert.equal(store.getSnapshot().pending[0]?.state, 'confirm');
  store.confirm(warned.clientId, 'for the committee');
  assert.deepEqual(socket.take(), [{
    type: 'message.send', ref: warned.clientId, conversationId: 'c2', clientId: warned.clientId, body: 'This is CONFIDENTIAL', justification: 'for the committee',
  }]);
});

test('typing from others shows until stop or their message; presence is forgotten when the connection drops', () => {
  const { store, socket } = setup();
  socket.connect();
  socket.deliver({ type: 'typing', conversationId: 'c1', userId: 'bob', state: 'start' });
  socket.deliver({ type: 'presence', userId: 'bob', status: 'online', lastSeenAt: null });
  assert.deepEqual(store.getSnapshot().typing.c1, ['bob']);
  socket.deliver({ type: 'message', event: ev(1) });
  assert.deepEqual(store.getSnapshot().typing.c1, []);
  assert.equal(store.getSnapshot().presence.bob, 'online');
  socket.drop();
  assert.equal(store.getSnapshot().presence.bob, undefined);
  store.stop();
});

test('a refused edit stays as failed with its error; Retry sends the same clientId again', () => {
  const { store, socket } = setup();
  socket.connect();
  store.edit('c1', 'm1', 'new text');
  const edit = store.getSnapshot().pending[0]!;
  socket.take();
  socket.deliver({ type: 'error', ref: edit.clientId, code: 'forbidden', message: 'Only the sender edits a message.' });
  assert.deepEqual([store.getSnapshot().pending[0]?.state, store.getSnapshot().pending[0]?.error], ['failed', 'Only the sender edits a message.']);
  store.retry(edit.clientId);
  assert.deepEqual(socket.take().map((f) => [f.type, f.clientId]), [['message.edit', edit.clientId]]);
  socket.deliver({ type: 'ack', clientId: edit.clientId, conversationId: 'c1', messageId: 'm1', seq: 2, duplicate: false });
  assert.deepEqual(store.getSnapshot().pending, []);
});

test('[PRS-2] a chosen away or dnd is sent again after a reconnect; online is the default and is not', () => {
  const { store, socket } = setup();
  socket.connect();
  assert.equal(socket.take().filter((f) => f.type === 'presence.set').length, 0);
  store.setMyStatus('dnd');
  assert.deepEqual(socket.take(), [{ type: 'presence.set', status: 'dnd' }]);
  socket.drop();
  socket.connect();
  assert.deepEqual(socket.take().filter((f) => f.type === 'presence.set'), [{ type: 'presence.set', status: 'dnd' }]);
});

test('[POL-1] a blocked edit is explained as an edit and leaves the composer alone', () => {
  const { store, socket } = setup();
  socket.connect();
  store.edit('c3', 'm1', 'now with SSN 536-22-1234');
  const edit = store.getSnapshot().pending[0]!;
  socket.deliver({
    type: 'error', ref: edit.clientId, code: 'policy_blocked', message: 'Not saved.',
    data: { rules: [{ rule: 'pii', sections: ['4.3'], message: 'no identifiers', overridable: false }], findings: [{ type: 'us_ssn', start: 13, end: 24 }] },
  });
  const issue = store.getSnapshot().issues.c3;
  assert.deepEqual([issue?.kind, issue?.body, store.getSnapshot().pending.length], ['edit', 'now with SSN 536-22-1234', 0]);
  assert.equal(readDraft('c3'), '', 'an edit is not a draft of a new message');
});

/** A store whose API answers the chat settings, and an uploader the test finishes by hand. */
function setupWithUploads(attachmentMaxBytes: number) {
  let socket: FakeSocket | null = null;
  const api = new ApiClient({ fetch: async (input) => new Response(JSON.stringify(String(input).includes('/chat/settings')
    ? { messageMaxChars: 4000, attachmentMaxBytes, attachmentDailyQuotaBytes: 10_000, groupMaxMembers: 250 } : { items: [] }),
  { status: 200, headers: { 'content-type': 'application/json' } }) });
  const calls: { name: string; progress(n: number): void; finish(id: string): void }[] = [];
  const store = new ChatStore(api, 'me', () => {}, (h) => (socket = new FakeSocket(h)), (file, _csrf, handlers) => {
    let finish: (id: string) => void = () => {};
    const promise = new Promise<{ id: string; sha256: string; name: string; size: number; contentType: string }>((resolve) => {
      finish = (id) => resolve({ id, sha256: 'ab', name: file.name, size: file.size, contentType: 'text/plain' });
    });
    calls.push({ name: file.name, progress: (n) => handlers.onProgress(n, file.size), finish });
    return { promise, abort() {} };
  });
  return { store, socket: socket!, calls };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

test('[ATT] a file over the server\'s limit is refused before upload; one within it shows progress and goes with the message', async () => {
  const { store, socket, calls } = setupWithUploads(1000);
  store.start();
  await settle();
  socket.connect();
  store.upload('c1', new File(['x'.repeat(1001)], 'big.txt'));
  assert.equal(calls.length, 0, 'nothing was sent');
  const refused = store.getSnapshot().uploads[0];
  assert.equal(refused?.state, 'refused');
  assert.match(refused?.error ?? '', /big\.txt is 1001 bytes; files may be at most 1000 bytes/);
  store.removeUpload(refused!.key);

  store.upload('c1', new File(['x'.repeat(600)], 'notes.txt'));
  calls[0]!.progress(300);
  assert.deepEqual(store.getSnapshot().uploads.map((u) => [u.state, u.loaded]), [['uploading', 300]]);
  calls[0]!.finish('att-1');
  await settle();
  const ready = store.getSnapshot().uploads[0]!;
  assert.equal(ready.state, 'done');
  socket.take();
  store.send('c1', '', [ready.attachment!]);
  assert.deepEqual(store.getSnapshot().uploads, [], 'sent files leave the composer');
  const [frame] = socket.take();
  assert.deepEqual([frame?.type, frame?.attachmentIds, frame?.body], ['message.send', ['att-1'], '']);

  // Blocked: the text and its files come back; "Redact and send" sends the masked text with the same files.
  socket.deliver({
    type: 'error', ref: String(frame?.clientId), code: 'policy_blocked', message: 'Not sent.',
    data: { rules: [{ rule: 'pii', sections: ['4.3'], message: 'no identifiers', overridable: true }], findings: [{ type: 'us_ssn', start: 0, end: 2 }] },
  });
  assert.deepEqual(store.getSnapshot().uploads.map((u) => [u.state, u.attachment?.id]), [['done', 'att-1']]);
  store.sendRedacted('c1', '██');
  const [again] = socket.take();
  assert.deepEqual([again?.body, again?.attachmentIds], ['██', ['att-1']]);
  assert.deepEqual(store.getSnapshot().uploads, []);
});

test('an overridable block asks for a justification and sends the same text with it', () => {
  const { store, socket } = setup();
  socket.connect();
  store.send('c4', 'SSN 536-22-1234');
  const [sent] = socket.take().filter((f) => f.type === 'message.send');
  socket.deliver({
    type: 'error', ref: String(sent?.clientId), code: 'policy_blocked', message: 'Not sent.',
    data: { rules: [{ rule: 'pii', sections: ['4.3'], message: 'no identifiers', overridable: true }], findings: [{ type: 'us_ssn', start: 4, end: 15 }] },
  });
  store.override('c4');
  const p = store.getSnapshot().pending[0]!;
  assert.deepEqual([p.state, p.problem?.code, store.getSnapshot().issues.c4, readDraft('c4')], ['confirm', 'policy_blocked', undefined, '']);
  store.confirm(p.clientId, 'court order 12');
  const [resent] = socket.take();
  assert.deepEqual([resent?.body, resent?.justification], ['SSN 536-22-1234', 'court order 12']);
});

test('[SND-6] [SND-7] a limited send, or one whose attachment the server could not check just now, goes again by itself after the delay it names', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { store, socket } = setup();
  socket.connect();
  store.send('c1', 'the report');
  const sent = store.getSnapshot().pending[0]!;
  socket.take();
  socket.deliver({ type: 'error', ref: sent.clientId, code: 'rate_limited', message: 'Too fast.', data: { retryAfterMs: 300 } });
  t.mock.timers.tick(299);
  assert.deepEqual(socket.take(), []);
  t.mock.timers.tick(1);
  assert.deepEqual(socket.take().map((f) => [f.type, f.clientId]), [['message.send', sent.clientId]]);
  socket.deliver({ type: 'error', ref: sent.clientId, code: 'unavailable', message: 'Not sent: attachment "a.pdf" could not be checked just now.', data: { retryAfterSeconds: 10 } });
  assert.equal(store.getSnapshot().pending[0]?.state === 'failed', false);
  t.mock.timers.tick(9_999);
  assert.deepEqual(socket.take(), []);
  t.mock.timers.tick(1);
  assert.deepEqual(socket.take().map((f) => [f.type, f.clientId]), [['message.send', sent.clientId]]);
  // A delay out of range is bounded: not a resend at once for a value setTimeout cannot hold, nor one never.
  socket.deliver({ type: 'error', ref: sent.clientId, code: 'unavailable', message: 'Busy.', data: { retryAfterSeconds: 1e12 } });
  t.mock.timers.tick(299_999);
  assert.deepEqual(socket.take(), []);
  t.mock.timers.tick(1);
  assert.deepEqual(socket.take().map((f) => f.clientId), [sent.clientId]);
  socket.deliver({ type: 'error', ref: sent.clientId, code: 'rate_limited', message: 'Too fast.', data: { retryAfterMs: -5 } });
  t.mock.timers.tick(99);
  assert.deepEqual(socket.take(), []);
  t.mock.timers.tick(1);
  assert.deepEqual(socket.take().map((f) => f.clientId), [sent.clientId]);
  // An outage that names no delay is shown as failed, with Retry for the person to choose.
  socket.deliver({ type: 'error', ref: sent.clientId, code: 'unavailable', message: 'The database is unreachable.' });
  assert.deepEqual([store.getSnapshot().pending[0]?.state, store.getSnapshot().pending[0]?.error], ['failed', 'The database is unreachable.']);
});
