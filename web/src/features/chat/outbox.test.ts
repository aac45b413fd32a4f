import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acknowledge, dropDelivered, frameOf, toResend, type Pending } from './outbox';
import { citationOf, markSpans, policyProblemOf } from './frames';

const p = (clientId: string, over: Partial<Pending> = {}): Pending => ({ clientId, conversationId: 'c1', kind: 'send', body: 'hi', state: 'sending', ...over });

test('[SND-2] a resend is the same frame with the same clientId; a justification rides along when given', () => {
  assert.deepEqual(frameOf(p('a')), { type: 'message.send', ref: 'a', conversationId: 'c1', clientId: 'a', body: 'hi' });
  assert.deepEqual(frameOf(p('a', { justification: 'needed' })).justification, 'needed');
  assert.deepEqual(frameOf(p('d', { kind: 'delete', messageId: 'm1' })), { type: 'message.delete', ref: 'd', conversationId: 'c1', clientId: 'd', messageId: 'm1' });
});

test('pending to acked: a send stays until its event is shown; an edit is done at its ack', () => {
  const list = [p('a'), p('e', { kind: 'edit', messageId: 'm1' })];
  const acked = acknowledge(acknowledge(list, 'a', new Set()), 'e', new Set());
  assert.deepEqual(acked.map((x) => [x.clientId, x.state]), [['a', 'acked']]);
  assert.deepEqual(dropDelivered(acked, new Set(['a'])), []);
  assert.deepEqual(acknowledge([p('a')], 'a', new Set(['a'])), [], 'the event came first: nothing left to show');
});

test('after a reconnect only what is not acknowledged and not waiting on the user is sent again', () => {
  const list = [p('a'), p('b', { state: 'acked' }), p('c', { state: 'confirm' }), p('d', { state: 'failed' })];
  assert.deepEqual(toResend(list).map((x) => x.clientId), ['a']);
});

test('[POL-1] a policy refusal yields its rules and findings; other errors are not policy problems', () => {
  const problem = policyProblemOf({
    code: 'policy_blocked', message: 'Not sent.',
    data: { rules: [{ rule: 'pii', sections: ['4.3'], message: 'personal identifiers may not be sent', overridable: false }], findings: [{ type: 'us_ssn', start: 8, end: 19 }, { type: 'x' }] },
  });
  assert.equal(problem?.findings.length, 1);
  assert.equal(citationOf(problem!.rules[0]!), 'personal identifiers may not be sent (§4.3)');
  assert.equal(citationOf({ rule: 'r', sections: ['4.3'], message: '§4.3: already cited', overridable: false }), '§4.3: already cited');
  assert.equal(policyProblemOf({ code: 'forbidden', message: 'no' }), null);
});

test('matched spans are marked by UTF-16 offsets; overlaps and out-of-range findings are tolerated', () => {
  const text = 'Her SSN 536-22-1234 ok';
  assert.deepEqual(markSpans(text, [{ type: 'us_ssn', start: 8, end: 19 }]), [
    { text: 'Her SSN ', marked: false }, { text: '536-22-1234', marked: true }, { text: ' ok', marked: false },
  ]);
  assert.deepEqual(markSpans('abcdef', [{ type: 'a', start: 1, end: 4 }, { type: 'b', start: 2, end: 5 }, { type: 'c', start: 3, end: 99 }]).map((s) => s.text), ['a', 'bcd', 'e', 'f']);
  // An emoji is two UTF-16 units: offsets count them as the server does.
  assert.deepEqual(markSpans('😀 SSN', [{ type: 's', start: 3, end: 6 }]).filter((s) => s.marked).map((s) => s.text), ['SSN']);
  assert.deepEqual(markSpans('file', [{ type: 'a', start: 0, end: 2, attachment: 0 }]), [{ text: 'file', marked: false }]);
});
