/**
 * Hostile and malformed frames from a seeded generator ([ERR-1], [ERR-4], [ERR-8]):
 * every frame is answered, an error names a code from the catalogue and never
 * the internal one, no connection closes but by the documented rule for too
 * many malformed frames, and afterwards the server still chats and is ready.
 * A failure prints the seed and the frame, so the case can be replayed
 * (PARLEY_FUZZ_SEED, PARLEY_FUZZ_FRAMES; PARLEY_FUZZ_VERBOSE prints what the replies were).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS } from '../support/backends.js';
import { seeded } from '../support/seeded.js';
import { TestApp } from '../support/app.js';
import { WsClients, type Frame } from '../support/ws-client.js';
import { ERRORS } from '../../src/domain/errors.js';
import { CLIENT_FRAME_TYPES, CLOSE } from '../../src/transport/ws/frames.js';

const SEED = Number(process.env.PARLEY_FUZZ_SEED ?? 20261206);
const FRAMES = Number(process.env.PARLEY_FUZZ_FRAMES ?? 1000);

/** Replies a well-formed frame of each type gets (besides an error). */
const REPLY: Record<string, string> = {
  auth: 'error', 'message.send': 'ack', 'message.edit': 'ack', 'message.delete': 'ack', history: 'history', resume: 'resumed',
  read: 'ok', typing: 'ok', 'presence.set': 'ok', 'presence.watch': 'presence.state', ping: 'pong',
};

const OPTIONAL = new Set(['attachmentIds', 'justification', 'beforeSeq', 'afterSeq', 'limit']);

interface Cast { conversation: string; foreign: string; messageId: string; userIds: string[] }

/** Builds one frame: usually of a known type with fields that are right, wrong, missing or extra. */
function makeFrame(rnd: () => number, cast: Cast, i: number): { text: string; ref: string | undefined; type: string | null } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const hostile = (): unknown => pick<() => unknown>([
    () => null, () => true, () => -1, () => 1.5, () => 2 ** 53 + 2, () => 1e308, () => '', () => 'x'.repeat(65),
    () => 'x'.repeat(100_001), () => '\ud800', () => 'a\u0000b', () => '\u202e\u200bx', () => '../../etc/passwd',
    () => '__proto__', () => [], () => [1, 'a', null], () => ({}), () => JSON.parse('{"__proto__":{"admin":true}}') as unknown,
    () => JSON.parse('{"constructor":{"prototype":{"x":1}}}') as unknown, () => Array.from({ length: 600 }, () => cast.userIds[0]),
    () => nest(40), () => pick(cast.userIds), () => cast.foreign, () => crypto.randomUUID(),
  ])();
  const nest = (d: number): unknown => (d === 0 ? 'deep' : { d: nest(d - 1) });
  const good: Record<string, () => unknown> = {
    token: () => pick(['prl_short', `prl_${'x'.repeat(43)}`]),
    conversationId: () => pick([cast.conversation, cast.conversation, cast.conversation, cast.foreign, crypto.randomUUID()]),
    clientId: () => `fz-${i}-${Math.floor(rnd() * 3)}`,
    body: () => pick(['Inspection at nine.', 'Bridge 4 reopens Monday.', 'ok', 'My SSN is 536-22-8714 for the form.', ' ', 'x'.repeat(5000)]),
    attachmentIds: () => pick([[], [crypto.randomUUID()]]),
    justification: () => pick(['needed for the case', 'no']),
    messageId: () => pick([cast.messageId, crypto.randomUUID()]),
    beforeSeq: () => pick([0, 1, 5, 1_000_000]),
    afterSeq: () => pick([0, 1, 5, 1_000_000]),
    limit: () => pick([1, 50, 200]),
    positions: () => pick([{ [cast.conversation]: 0 }, { [cast.foreign]: 1 }, { [crypto.randomUUID()]: 0 }, {}]),
    seq: () => pick([0, 1, 3, 1_000_000]),
    state: () => pick(['start', 'stop']),
    status: () => pick(['online', 'away', 'dnd']),
    userIds: () => pick([cast.userIds, [], [crypto.randomUUID()]]),
  };
  const fields: Record<string, string[]> = {
    auth: ['token'], 'message.send': ['conversationId', 'clientId', 'body', 'attachmentIds', 'justification'],
    'message.edit': ['conversationId', 'messageId', 'clientId', 'body', 'justification'], 'message.delete': ['conversationId', 'messageId', 'clientId'],
    history: ['conversationId', 'beforeSeq', 'afterSeq', 'limit'], resume: ['positions'], read: ['conversationId', 'seq'],
    typing: ['conversationId', 'state'], 'presence.set': ['status'], 'presence.watch': ['userIds'], ping: [],
  };
  const roll = rnd();
  if (roll < 0.05) {
    // Not a frame object at all (or, last, one whose second "ref" wins, as JSON.parse reads it).
    const raw = pick(['{', '[]', 'null', '"ping"', '42', '{"type":"ping"', '\u0000', `{"type":"ping","ref":"x","ref":"f${i}"}`]);
    return raw.startsWith('{"type":"ping","ref"') ? { text: raw, ref: `f${i}`, type: 'ping' } : { text: raw, ref: undefined, type: null };
  }
  const type = roll < 0.12 ? pick<unknown>(['', 'message.sendx', 'Ping', 42, null, ['ping'], '__proto__', 'constructor']) : pick([...CLIENT_FRAME_TYPES, 'message.send', 'message.send', 'message.edit']);
  // Own, enumerable properties even for names like __proto__, which an assignment would take as the prototype.
  const frame: Record<string, unknown> = {};
  const put = (k: string, v: unknown) => Object.defineProperty(frame, k, { value: v, enumerable: true, writable: true, configurable: true });
  put('type', type);
  // Half the frames are well-formed, so that the actions behind validation are reached too; the rest carry
  // wrong, missing or extra fields.
  const clean = rnd() < 0.5;
  for (const f of Object.hasOwn(fields, String(type)) ? fields[String(type)]! : []) {
    const r = rnd();
    if (clean) {
      if (!OPTIONAL.has(f) || r < 0.5) put(f, good[f]!());
      continue;
    }
    if (r < 0.1) continue;
    put(f, r < 0.6 ? good[f]!() : hostile());
  }
  if (!clean && rnd() < 0.1) put(pick(['extra', 'admin', 'senderId', '__proto__']), hostile());
  const refRoll = clean ? 1 : rnd();
  // A ref of the wrong type, or too long (answered with it cut to 64 characters); otherwise one of its own.
  const ref = refRoll < 0.05 ? pick<unknown>([null, 42, true, [], {}, [`f${i}`]]) : refRoll < 0.08 ? 'r'.repeat(80) : `f${i}`;
  put('ref', ref);
  const known = typeof type === 'string' && Object.hasOwn(REPLY, type) ? type : null;
  return { text: JSON.stringify(frame), ref: typeof ref === 'string' ? ref.slice(0, 64) : undefined, type: known };
}

for (const backend of BACKENDS) {
  describe(`protocol fuzz (${backend})`, () => {
    let t: TestApp;
    let url: string;
    let alice: { id: string; token: string };
    let bob: { id: string; token: string };
    let cast: Cast;
    const clients = new WsClients(() => url);
    const connect = (token?: string, headers?: Record<string, string>) => clients.connect(token, headers);

    before(async () => {
      t = await TestApp.start(backend, { messageBurst: 100_000, messageRatePerSecond: 100_000 });
      const admin = await t.admin();
      const agency = await t.agency(admin, 'DOT');
      alice = await t.user(admin, { username: 'alice', agencyId: agency });
      bob = await t.user(admin, { username: 'bob', agencyId: agency });
      const carol = await t.user(admin, { username: 'carol', agencyId: agency });
      for (const u of [alice, bob, carol]) await t.acknowledge(u.token);
      const dm = await t.request('POST', '/api/v1/conversations', { token: alice.token, body: { kind: 'direct', userId: bob.id } });
      const foreign = await t.request('POST', '/api/v1/conversations', { token: bob.token, body: { kind: 'direct', userId: carol.id } });
      url = await t.listen();
      const c = await connect(alice.token);
      const ack = await c.request({ type: 'message.send', conversationId: dm.body.id, clientId: 'fz-first', body: 'First.' });
      assert.equal(ack.type, 'ack', JSON.stringify(ack));
      cast = { conversation: dm.body.id, foreign: foreign.body.id, messageId: ack.messageId, userIds: [alice.id, bob.id, carol.id] };
      c.close();
    });
    after(async () => {
      clients.closeAll();
      await t.stop();
    });

    test(`[ERR-1] [ERR-4] [ERR-8] ${FRAMES} generated frames (seed ${SEED}): each is answered with its reply or a catalogued error, none internal`, async () => {
      const rnd = seeded(SEED);
      let client = await connect(alice.token);
      const codes = new Map<string, number>();
      let closedForErrors = 0;
      for (let i = 0; i < FRAMES; i++) {
        const { text, ref, type } = makeFrame(rnd, cast, i);
        const where = `seed ${SEED}, frame ${i}: ${text.slice(0, 300)}`;
        // The reply carries the ref; a frame whose ref is unusable gets an error without one.
        const answer = (ref !== undefined
          ? client.next((f) => f.ref === ref && (f.type !== 'history' || type !== 'resume'), 5000)
          : client.next((f) => f.type === 'error' && f.ref === undefined, 5000)
        ).catch((e: Error) => assert.fail(`${where}: no answer (${e.message})`));
        const closed = client.closed.then((c) => ({ closed: c }));
        client.send(text);
        const got = await Promise.race([answer, closed]) as Frame | { closed: { code: number; reason: string } };
        if ('closed' in got) {
          assert.equal(got.closed.code, CLOSE.tooManyErrors, `${where}: closed with ${JSON.stringify(got.closed)}`);
          closedForErrors++;
          client = await connect(alice.token);
          continue;
        }
        const f = got as Frame;
        if (f.type === 'error') {
          assert.ok(Object.hasOwn(ERRORS, f.code), `${where}: error code ${f.code} is not in the catalogue`);
          assert.notEqual(f.code, 'internal', `${where}: internal error ${f.message}`);
          assert.ok(typeof f.message === 'string' && f.message.length > 0, `${where}: an error without a message`);
          codes.set(String(f.code), (codes.get(String(f.code)) ?? 0) + 1);
        } else {
          assert.ok(type !== null, `${where}: a malformed frame got ${f.type}`);
          assert.equal(f.type, REPLY[type], `${where}: a ${type} frame got ${f.type}`);
          codes.set(String(f.type), (codes.get(String(f.type)) ?? 0) + 1);
        }
      }
      if (process.env.PARLEY_FUZZ_VERBOSE) console.log(JSON.stringify([...codes]), closedForErrors);
      // The generator reached both sides: frames that were refused and frames that did their work.
      assert.ok((codes.get('validation_failed') ?? 0) > 0 && (codes.get('ack') ?? 0) > 0, JSON.stringify([...codes]));
      // Half the frames are well-formed, so the per-connection limit on malformed ones is reached now and then, never at every frame.
      assert.ok(closedForErrors < FRAMES / 40, `closed ${closedForErrors} times for errors`);

      // The server still chats: a message from alice reaches bob, and it is ready.
      const b = await connect(bob.token);
      const a = await connect(alice.token);
      const delivered = b.next((f) => f.type === 'message' && f.event.clientId === 'fz-after');
      const ack = await a.request({ type: 'message.send', conversationId: cast.conversation, clientId: 'fz-after', body: 'Still here.' });
      assert.equal(ack.type, 'ack', JSON.stringify(ack));
      assert.equal((await delivered).event.body, 'Still here.');
      assert.equal((await t.request('GET', '/readyz')).status, 200);
    });
  });
}
