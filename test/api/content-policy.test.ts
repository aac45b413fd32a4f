/**
 * The content policy on the send path: nothing the policy blocks is stored or
 * delivered; warnings need a recorded justification; redactions reach members
 * masked while the record keeps the original; flags are delivered and queued
 * for review. Uses the shipped WVOT-PO1010 pack.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS } from '../support/backends.js';
import { TestApp } from '../support/app.js';

for (const backend of BACKENDS) {
  describe(`content policy on the send path (${backend})`, () => {
    let t: TestApp;
    let admin: string;
    let alice: { id: string; token: string };
    let bob: { id: string; token: string };
    let reviewer: { id: string; token: string };
    let dm: string;
    const send = (token: string, body: Record<string, unknown>, conversation = dm) =>
      t.request('POST', `/api/v1/conversations/${conversation}/messages`, { token, body });
    const lastSeq = async () => (await t.request('GET', `/api/v1/conversations/${dm}`, { token: alice.token })).body.lastSeq as number;

    before(async () => {
      t = await TestApp.start(backend, { messageBurst: 1000, messageRatePerSecond: 1000 });
      ({ admin, alice, bob, reviewer, dm } = await t.reviewedConversation());
    });
    after(() => t.stop());

    test('an SSN is blocked before anything is stored; the error cites §4.3 and shows the span', async () => {
      const before = await lastSeq();
      const text = 'Her SSN is 536-22-1234, please update the file';
      const r = await send(alice.token, { clientId: 'ssn-1', body: text });
      assert.equal(r.status, 422);
      assert.equal(r.body.error.code, 'policy_blocked');
      assert.match(r.body.error.message, /§4\.3/);
      const span = r.body.error.data.findings.find((f: { type: string }) => f.type === 'US_SSN');
      assert.ok(span, JSON.stringify(r.body.error.data));
      assert.equal(text.slice(span.start, span.end), '536-22-1234');
      assert.equal(r.body.error.data.rules[0].rule, 'pii-government-ids');
      assert.equal(await lastSeq(), before, 'nothing was stored');
      const attempt = (await t.app.store.audit.list({ action: 'policy.block', actorId: alice.id, limit: 1 }))[0];
      assert.ok(attempt, 'the blocked attempt is on record');
      assert.deepEqual((attempt.after as { types: string[] }).types, ['US_SSN']);
      assert.doesNotMatch(JSON.stringify(attempt), /536-22-1234/, 'the audit log never holds the blocked text');
      const retry = await send(alice.token, { clientId: 'ssn-1', body: text, justification: 'I need to' });
      assert.equal(retry.body.error.code, 'policy_blocked', 'a justification does not lift a block the sender may not override');
    });

    test('a warned message needs a justification; with one it is delivered, recorded and queued for review', async () => {
      const text = 'The file is marked CONFIDENTIAL - do not forward outside the office.';
      const warned = await send(alice.token, { clientId: 'conf-1', body: text });
      assert.equal(warned.status, 428, JSON.stringify(warned.body));
      assert.equal(warned.body.error.code, 'policy_confirmation_required');
      assert.match(warned.body.error.message, /§4\.3/);
      const sent = await send(alice.token, { clientId: 'conf-1', body: text, justification: 'Internal notice to my own team lead' });
      assert.equal(sent.status, 201);
      const stored = await t.app.store.messages.getMessage(sent.body.event.id);
      const policy = stored?.meta?.policy as { action: string; justification: string; flagged: boolean };
      assert.deepEqual([policy.action, policy.justification, policy.flagged], ['warn', 'Internal notice to my own team lead', true]);
      const queue = await t.app.store.reviews.list({ status: 'open', limit: 10 });
      assert.ok(queue.some((i) => i.eventId === sent.body.event.id));
    });

    test('a redacted message reaches members masked; the record keeps the original', async () => {
      const text = 'Send the forms to 1200 Kanawha Blvd E, Charleston WV 25305 by noon';
      const sent = await send(alice.token, { clientId: 'addr-1', body: text });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      assert.notEqual(sent.body.event.body, text);
      assert.doesNotMatch(sent.body.event.body, /1200 Kanawha/);
      const seen = await t.request('GET', `/api/v1/conversations/${dm}/events?after=${sent.body.event.seq - 1}`, { token: bob.token });
      assert.equal(seen.body.events[0].body, sent.body.event.body);
      const stored = await t.app.store.messages.getMessage(sent.body.event.id);
      assert.equal(stored?.body, text);
      assert.equal((stored?.meta?.policy as { action: string }).action, 'redact');
    });

    test('a flagged message is delivered and queued for review', async () => {
      const sent = await send(alice.token, { clientId: 'flag-1', body: 'Call me at 304-555-0143 about the grant' });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      assert.match(sent.body.event.body, /304-555-0143/);
      const queue = await t.app.store.reviews.list({ status: 'open', limit: 50 });
      const item = queue.find((i) => i.eventId === sent.body.event.id);
      assert.ok(item);
      assert.equal(item.action, 'flag');
      assert.equal(item.senderId, alice.id);
    });

    test('a flag rule still queues its review when a redact rule decides the delivery', async () => {
      const sent = await send(alice.token, { clientId: 'flag-redact-1', body: 'Call me at 304-555-0144 or drop the forms at 1200 Kanawha Blvd E, Charleston WV 25305' });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      assert.doesNotMatch(sent.body.event.body, /1200 Kanawha/);
      const stored = await t.app.store.messages.getMessage(sent.body.event.id);
      const policy = stored?.meta?.policy as { action: string; flagged: boolean; rules: { action: string }[] };
      assert.equal(policy.action, 'redact');
      assert.ok(policy.rules.some((r) => r.action === 'flag'), JSON.stringify(policy.rules));
      assert.equal(policy.flagged, true);
      const queue = await t.app.store.reviews.list({ status: 'open', limit: 50 });
      assert.equal(queue.find((i) => i.eventId === sent.body.event.id)?.action, 'redact');
    });

    test('a role the rule names may override a block with a justification; the override is recorded', async () => {
      const toBob = (await t.request('POST', '/api/v1/conversations', { token: reviewer.token, body: { kind: 'direct', userId: bob.id } })).body.id;
      const text = 'Case 12: claimant SSN 536-22-1234 matches the wage record';
      const refused = await send(reviewer.token, { clientId: 'ov-1', body: text }, toBob);
      assert.equal(refused.body.error.code, 'policy_blocked');
      assert.match(refused.body.error.message, /may override/);
      const sent = await send(reviewer.token, { clientId: 'ov-1', body: text, justification: 'Case review with the wage unit, approved by supervisor' }, toBob);
      assert.equal(sent.status, 201);
      const stored = await t.app.store.messages.getMessage(sent.body.event.id);
      assert.equal((stored?.meta?.policy as { overridden: boolean }).overridden, true);
    });

    test('an edit is screened like a send', async () => {
      const sent = await send(alice.token, { clientId: 'ed-1', body: 'Meeting moved to 3pm' });
      const edit = await t.request('PATCH', `/api/v1/conversations/${dm}/messages/${sent.body.event.id}`, {
        token: alice.token, body: { clientId: 'ed-2', body: 'Meeting moved, card 4111 1111 1111 1111 for the booking' },
      });
      assert.equal(edit.body.error.code, 'policy_blocked');
    });

    test('the text of an attachment is scanned by the same detectors', async () => {
      const up = await t.request('POST', '/api/v1/attachments?name=roster.txt', {
        token: alice.token, raw: 'name,ssn\nJane Roe,536-22-1234\n', headers: { 'content-type': 'application/octet-stream' },
      });
      assert.equal(up.status, 201);
      const r = await send(alice.token, { clientId: 'att-ssn', body: 'roster attached', attachmentIds: [up.body.id] });
      assert.equal(r.body.error.code, 'policy_blocked');
      assert.equal(r.body.error.data.findings[0].attachment, 0);
    });

    test('reviewers read the queue within their agency, and every read is audited; others cannot', async () => {
      const r = await t.request('GET', '/api/v1/review/items?limit=200', { token: reviewer.token });
      assert.equal(r.status, 200);
      assert.ok(r.body.items.length >= 2);
      const phone = r.body.items.find((i: { body: string }) => /304-555-0143/.test(i.body ?? ''));
      assert.ok(phone, 'the reviewer sees the recorded text');
      assert.equal(phone.policy.action, 'flag');
      const reads = await t.app.store.audit.list({ action: 'review.queue.read', actorId: reviewer.id, limit: 5 });
      assert.equal(reads.length, 1);
      assert.deepEqual((reads[0]!.after as { items: string[] }).items.sort(), r.body.items.map((i: { id: string }) => i.id).sort());
      assert.equal((await t.request('GET', '/api/v1/review/items', { token: bob.token })).status, 403);
      const outsider = await t.user(admin, { username: 'otto', agencyId: await t.agency(admin, 'DOT') });
      await t.request('POST', `/api/v1/users/${outsider.id}/roles`, { token: admin, body: { role: 'compliance_reviewer', agencyId: (await t.request('GET', `/api/v1/users/${outsider.id}`, { token: admin })).body.agencyId } });
      const other = await t.request('GET', '/api/v1/review/items', { token: outsider.token });
      assert.deepEqual(other.body.items, [], 'a reviewer of another agency sees none of these');
    });

    test('the console test box shows the decision and spans, under the current pack or a draft; employees may not use it', async () => {
      const text = 'SSN 536-22-1234';
      const r = await t.request('POST', '/api/v1/policy/try', { token: admin, body: { text } });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.action, 'block');
      const span = r.body.findings.find((f: { type: string }) => f.type === 'US_SSN');
      assert.equal(text.slice(span.start, span.end), '536-22-1234');
      const current = await t.request('GET', '/api/v1/policy/current', { token: admin });
      const full = await t.request('GET', `/api/v1/policy/versions/${current.body.policy.id}`, { token: admin });
      const lenient = full.body.source.replace(/(- id: pii-government-ids[\s\S]*?action: )block/, '$1flag');
      const draft = await t.request('POST', '/api/v1/policy/try', { token: admin, body: { text, source: lenient } });
      assert.equal(draft.body.action, 'flag', 'the draft is used, not the current pack');
      assert.match(draft.body.policyVersion, /draft/);
      const bad = await t.request('POST', '/api/v1/policy/try', { token: admin, body: { text, source: 'id: x' } });
      assert.equal(bad.body.error.code, 'validation_failed');
      assert.equal((await t.request('POST', '/api/v1/policy/try', { token: bob.token, body: { text } })).status, 403);
    });

    test('a pack that names a role Parley does not have is refused, naming the field', async () => {
      const current = await t.request('GET', '/api/v1/policy/current', { token: admin });
      const full = await t.request('GET', `/api/v1/policy/versions/${current.body.policy.id}`, { token: admin });
      const bad = full.body.source.replace('overridableBy: [compliance_reviewer]', 'overridableBy: [privacy_czar]');
      const r = await t.request('POST', '/api/v1/policy/versions', { token: admin, body: { source: bad } });
      assert.equal(r.status, 400);
      assert.match(r.body.error.data.field, /^rules\[\d+\]\.overridableBy$/);
      assert.match(r.body.error.message, /privacy_czar/);
      const renumbered = full.body.source.replace(/version: .*/, 'version: "2026.11.28-1"');
      // A backreference: RE2 cannot run it, so the whole pack is refused.
      const hang = renumbered.replace(/patterns: \['[^']*WV-[^']*'\]/, "patterns: ['(a+)+\\1']");
      assert.notEqual(hang, renumbered, 'the test changed the pattern');
      const r2 = await t.request('POST', '/api/v1/policy/versions', { token: admin, body: { source: hang } });
      assert.equal(r2.status, 400, 'a pattern RE2 cannot run in linear time is refused');
    });
  });
}
