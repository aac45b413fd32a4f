import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatSocket, chatSocketUrl, type ConnectionStatus } from './socket';

/** A stand-in for the browser's WebSocket: the test opens, feeds and closes it. */
class FakeWebSocket {
  static readonly OPEN = 1;
  static made: FakeWebSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  constructor(readonly url: string) {
    FakeWebSocket.made.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close() {}
  ready() {
    this.readyState = 1;
    this.onmessage?.({ data: JSON.stringify({ type: 'ready', userId: 'me', protocol: 1 }) });
  }
  lose(code: number) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

const realWebSocket = globalThis.WebSocket;
beforeEach(() => {
  FakeWebSocket.made = [];
  (globalThis as { WebSocket: unknown }).WebSocket = FakeWebSocket;
});
afterEach(() => {
  (globalThis as { WebSocket: unknown }).WebSocket = realWebSocket;
});

function open() {
  const statuses: ConnectionStatus[] = [];
  const trouble: [number, boolean][] = [];
  const socket = new ChatSocket('ws://x/api/v1/ws?protocol=1', {
    onFrame: () => {}, onStatus: (s) => statuses.push(s), onTrouble: (code, final) => trouble.push([code, final]),
  });
  socket.start();
  return { socket, statuses, trouble };
}

test('the URL follows the page: wss under https, with the protocol version (SPEC [VER-1])', () => {
  assert.equal(chatSocketUrl({ protocol: 'https:', host: 'parley.example.gov' }), 'wss://parley.example.gov/api/v1/ws?protocol=1');
  assert.equal(chatSocketUrl({ protocol: 'http:', host: '127.0.0.1:8080' }), 'ws://127.0.0.1:8080/api/v1/ws?protocol=1');
});

test('a lost connection (1001: server going away) reconnects after a backoff; frames are refused while down', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { socket, statuses } = open();
  FakeWebSocket.made[0]!.ready();
  assert.equal(socket.send({ type: 'ping' }), true);
  FakeWebSocket.made[0]!.lose(1001);
  assert.equal(socket.send({ type: 'ping' }), false, 'the caller keeps what it could not send');
  assert.equal(FakeWebSocket.made.length, 1);
  t.mock.timers.tick(500); // the first retry comes within 0.5 s
  assert.equal(FakeWebSocket.made.length, 2);
  FakeWebSocket.made[1]!.ready();
  assert.deepEqual(statuses, ['connecting', 'connected', 'reconnecting', 'reconnecting', 'connected']);
  socket.stop();
});

test('a server down for long keeps being retried; every third failure asks for a session check, never a final one', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { socket, trouble } = open();
  for (let i = 0; i < 7; i += 1) {
    FakeWebSocket.made.at(-1)!.lose(1006);
    t.mock.timers.tick(10_000);
  }
  assert.equal(FakeWebSocket.made.length, 8);
  assert.deepEqual(trouble, [[1006, false], [1006, false]]);
  socket.stop();
});

test('a session that ended (4003) stops reconnecting and reports it, so the app re-reads the session', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { statuses, trouble } = open();
  FakeWebSocket.made[0]!.ready();
  FakeWebSocket.made[0]!.lose(4003);
  t.mock.timers.tick(60_000);
  assert.equal(FakeWebSocket.made.length, 1);
  assert.deepEqual([statuses.at(-1), trouble], ['ended', [[4003, true]]]);
});
