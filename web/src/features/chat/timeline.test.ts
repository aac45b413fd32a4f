import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addEvents, addOlderPage, clientIdsOf, contiguousSeq, fromNewestPage, hasGap, itemsOf, newestSeq } from './timeline';
import { ev } from './test-events';

test('[DLV-3] the contiguous seq stops at the first gap; filling the gap moves it to the top', () => {
  let t = fromNewestPage([ev(4), ev(5)], true);
  assert.equal(contiguousSeq(t), 5);
  t = addEvents(t, [ev(8)]); // 6 and 7 were lost in live delivery
  assert.deepEqual([contiguousSeq(t), hasGap(t), newestSeq(t)], [5, true, 8]);
  t = addEvents(t, [ev(6), ev(7)]);
  assert.deepEqual([contiguousSeq(t), hasGap(t)], [8, false]);
});

test('an empty conversation resumes from 0, so a first event after a missed one is a gap, not a start', () => {
  const t = addEvents(fromNewestPage([], false), [ev(2)]);
  assert.deepEqual([contiguousSeq(t), hasGap(t)], [0, true]);
});

test('a duplicate event (resumed and live) changes nothing, not even the reference', () => {
  const t = fromNewestPage([ev(1), ev(2)], false);
  assert.equal(addEvents(t, [ev(2)]), t);
  assert.equal(itemsOf(addEvents(t, [ev(2), ev(1)])).length, 2);
});

test('[HIS-1] an older page moves the floor down and keeps the run contiguous', () => {
  let t = fromNewestPage([ev(51), ev(52)], true);
  t = addOlderPage(t, [ev(49), ev(50)], false);
  assert.deepEqual([t.floor, t.hasOlder, contiguousSeq(t)], [48, false, 52]);
});

test('[EDT-1] [EDT-2] an edit replaces the body and marks it; a delete hides it, whatever order they arrive in', () => {
  const base = [ev(1), ev(2, { kind: 'edit', messageId: 'm1', body: 'fixed' })];
  const items = itemsOf(fromNewestPage(base, false));
  assert.equal(items.length, 1);
  assert.deepEqual(items[0], { kind: 'message', message: { messageId: 'm1', seq: 1, senderId: 'bob', clientId: 'k1', createdAt: 1001, body: 'fixed', edited: true, deleted: false, mentions: [], mentionsAll: false, attachments: [] } });

  const deleted = itemsOf(addEvents(fromNewestPage([ev(3, { kind: 'delete', messageId: 'm1', body: null })], false), [ev(1)]));
  assert.equal(deleted.length, 1);
  const m = deleted[0]!.kind === 'message' ? deleted[0]!.message : null;
  assert.deepEqual([m?.body, m?.deleted], [null, true]);
});

test('joins and leaves are shown as member lines; client ids are those of messages only', () => {
  const t = fromNewestPage([ev(1, { kind: 'join', userId: 'carol', clientId: 'j1' }), ev(2)], false);
  assert.deepEqual(itemsOf(t).map((i) => i.kind), ['member', 'message']);
  assert.deepEqual([...clientIdsOf(t)], ['k2']);
});

test('[MEN-1] mentions follow the latest edit', () => {
  const t = fromNewestPage([ev(1, { mentions: ['me'] }), ev(2, { kind: 'edit', messageId: 'm1', body: 'no one', mentions: [] })], false);
  const mentionsOf = (items: ReturnType<typeof itemsOf>) => items.flatMap((i) => (i.kind === 'message' ? [i.message.mentions] : []));
  assert.deepEqual(mentionsOf(itemsOf(t)), [[]]);
  assert.deepEqual(mentionsOf(itemsOf(fromNewestPage([ev(1, { mentions: ['me'] })], false))), [['me']]);
});

test('a message keeps its files through an edit; a deletion takes them away', () => {
  const file = { id: 'a1', sha256: 'ab', name: 'plan.pdf', size: 10, contentType: 'application/pdf' };
  const filesOf = (items: ReturnType<typeof itemsOf>) => items.flatMap((i) => (i.kind === 'message' ? [i.message.attachments.map((a) => a.name)] : []));
  const edited = fromNewestPage([ev(1, { attachments: [file] }), ev(2, { kind: 'edit', messageId: 'm1', body: 'see file' })], false);
  assert.deepEqual(filesOf(itemsOf(edited)), [['plan.pdf']]);
  assert.deepEqual(filesOf(itemsOf(addEvents(edited, [ev(3, { kind: 'delete', messageId: 'm1', body: null })]))), [[]]);
});
