import '../../testing/register-dom';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeDom } from '../../testing/dom';
import { readDraft, restoreDraft, setDraftOwner, subscribeDrafts, writeDraft } from './drafts';

after(closeDom);

test('a draft survives in sessionStorage, and the next user in the same tab does not see it', () => {
  setDraftOwner('alice');
  writeDraft('c1', 'half a thought');
  assert.equal(sessionStorage.getItem('parley.draft.alice.c1'), 'half a thought');
  setDraftOwner('bob');
  assert.equal(readDraft('c1'), '');
  setDraftOwner('alice');
  assert.equal(readDraft('c1'), 'half a thought', 'read back from storage, as after a reload');
  writeDraft('c1', '');
  assert.equal(sessionStorage.getItem('parley.draft.alice.c1'), null, 'an empty draft leaves nothing behind');
});

test('a refused message comes back only into an empty composer, and listeners hear of it', () => {
  setDraftOwner('carol');
  let heard = 0;
  const stop = subscribeDrafts(() => (heard += 1));
  restoreDraft('c2', 'SSN 536-22-1234');
  assert.equal(readDraft('c2'), 'SSN 536-22-1234');
  writeDraft('c2', 'something new');
  restoreDraft('c2', 'older text');
  assert.equal(readDraft('c2'), 'something new');
  stop();
  assert.equal(heard, 2);
});
