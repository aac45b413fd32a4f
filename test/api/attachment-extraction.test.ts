/**
 * Attachment text on the send path, through the real upload route: hostile and
 * damaged files are decided on, with the reason, and never pass as clean.
 * Uses the shipped WVOT-PO1010 pack, then a pack without a rule for unreadable
 * attachments.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { BACKENDS } from '../support/backends.js';
import { TestApp } from '../support/app.js';
import { deflateBomb, docx, docxOf, documentXml, patchZipSizes, pdf, relsXml, W_NS } from '../support/crafted-files.js';
import { DOCX_MAX_INFLATED_BYTES } from '../../src/policy/extract/docx.js';
import { PDF_MAX_PAGES } from '../../src/policy/extract/pdf.js';
import { READERS_MAX_CONCURRENT, READERS_MAX_WAITING, readerSlots } from '../../src/policy/extract/readers.js';
import { SCREEN_ON_LOOP_MAX_CHARS } from '../../src/policy/evaluate-worker.js';

for (const backend of BACKENDS) {
  describe(`attachment text extraction on the send path (${backend})`, () => {
    let t: TestApp;
    let admin: string;
    let alice: { id: string; token: string };
    let reviewer: { id: string; token: string };
    let dm: string;
    const upload = async (name: string, bytes: Uint8Array): Promise<string> => {
      const r = await t.request('POST', `/api/v1/attachments?name=${encodeURIComponent(name)}`, {
        token: alice.token, raw: Buffer.from(bytes), headers: { 'content-type': 'application/octet-stream' },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.id as string;
    };
    const sendWith = async (clientId: string, name: string, bytes: Uint8Array) =>
      t.request('POST', `/api/v1/conversations/${dm}/messages`, { token: alice.token, body: { clientId, body: 'file attached', attachmentIds: [await upload(name, bytes)] } });
    const stats = () => t.app.systemContext().extractions.stats();
    const lastSeq = async () => (await t.request('GET', `/api/v1/conversations/${dm}`, { token: alice.token })).body.lastSeq as number;

    before(async () => {
      t = await TestApp.start(backend, { messageBurst: 1000, messageRatePerSecond: 1000 });
      ({ admin, alice, reviewer, dm } = await t.reviewedConversation());
    });
    after(() => t.stop());

    test('a DOCX bomb is not sent: the error cites the rule and says the text inflates past the cap', async () => {
      const before = await lastSeq();
      const r = await sendWith('bomb-1', 'minutes.docx', docx({ data: deflateBomb(100), method: 8, declaredUncompressed: 2048 }));
      assert.equal(r.body.error.code, 'policy_blocked', JSON.stringify(r.body));
      assert.deepEqual(r.body.error.data.rules.map((x: { rule: string }) => x.rule), ['unchecked-attachments']);
      assert.deepEqual(r.body.error.data.findings, [{ type: 'FILE_UNREADABLE', start: 0, end: 0, attachment: 0 }]);
      assert.match(r.body.error.message, /§5\.3\.6, §5\.3\.7/);
      assert.match(r.body.error.message, new RegExp(`the text of attachment "minutes\\.docx" could not be fully checked: DOCX text parts inflate past ${DOCX_MAX_INFLATED_BYTES} bytes`));
      assert.match(r.body.error.message, /^Not sent\./);
      assert.equal(await lastSeq(), before, 'nothing was stored');
    });

    test('a DOCX whose headers lie about its compressed size is refused as damaged, naming the part', async () => {
      const lying = patchZipSizes(docx(documentXml(['SSN 536-22-1234 '.repeat(200)])), 'word/document.xml', { compressed: 12 });
      const r = await sendWith('lie-1', 'roster.docx', lying);
      assert.equal(r.body.error.code, 'policy_blocked');
      assert.match(r.body.error.message, /could not be fully checked: not a readable DOCX: word\/document\.xml: /);
    });

    test('a DOCX that hides its text from a reader by name, prefix, CDATA and UTF-16 is scanned where Word reads it', async () => {
      const hidden = `<x:document xmlns:x="${W_NS}"><x:body><x:p><x:r><x:t><![CDATA[SSN 536-22-1234]]></x:t></x:r></x:p></x:body></x:document>`;
      const file = docxOf({
        '_rels/.rels': relsXml([['officeDocument', 'content/main.xml']]),
        'word/document.xml': documentXml(['Lunch menu']),
        'content/main.xml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(hidden, 'utf16le')]),
      });
      const r = await sendWith('hidden-1', 'menu.docx', file);
      assert.equal(r.body.error.code, 'policy_blocked', JSON.stringify(r.body));
      assert.deepEqual(r.body.error.data.findings.map((f: { type: string; attachment: number }) => `${f.attachment}:${f.type}`), ['0:US_SSN']);
    });

    test(`a PDF past ${PDF_MAX_PAGES} pages is scanned on what was read and refused for the rest`, async () => {
      const pages = Array.from({ length: PDF_MAX_PAGES + 5 }, (_, i) => (i === 0 ? 'SSN 536-22-1234' : `page ${i + 1}`));
      const r = await sendWith('pdf-1', 'book.pdf', pdf(pages));
      assert.equal(r.body.error.code, 'policy_blocked');
      const types = r.body.error.data.findings.map((f: { type: string; attachment: number }) => `${f.attachment}:${f.type}`).sort();
      assert.deepEqual(types, ['0:FILE_UNREADABLE', '0:US_SSN']);
      assert.match(r.body.error.message, new RegExp(`it has ${PDF_MAX_PAGES + 5} pages and only the first ${PDF_MAX_PAGES} are read`));
    });

    test('a truncated PDF is refused as unreadable; a whole one with clean text is delivered', async () => {
      const whole = pdf(['Agenda for Tuesday', 'Item two']);
      const cut = await sendWith('pdf-cut', 'agenda.pdf', whole.subarray(0, whole.length >> 1));
      assert.equal(cut.body.error.code, 'policy_blocked');
      assert.match(cut.body.error.message, /"agenda\.pdf" could not be fully checked: not a readable PDF: /);
      const ok = await sendWith('pdf-ok', 'agenda.pdf', whole);
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      const stored = await t.app.store.messages.getMessage(ok.body.event.id);
      // No finding at all, so no policy record: the readable PDF was scanned and passed.
      assert.deepEqual([stored?.meta?.attachments?.length, stored?.meta?.policy], [1, undefined]);
    });

    test('when no reader is free, the sender is told to try again (503, Retry-After); nothing is stored or held against the file', async () => {
      // Every reader held and the queue full, as on a node flooded with PDFs: the request cannot start.
      const held = await Promise.all(Array.from({ length: READERS_MAX_CONCURRENT }, () => readerSlots.acquire(0, 'test')));
      const queued = Array.from({ length: READERS_MAX_WAITING }, () => readerSlots.acquire(60_000, 'test'));
      const file = pdf(['Quarterly figures, nothing personal']);
      const before = await lastSeq();
      let r;
      try {
        r = await sendWith('busy-1', 'figures.pdf', file);
      } finally {
        held.forEach((release) => release());
        for (const q of queued) (await q)();
      }
      assert.equal(r.status, 503, JSON.stringify(r.body));
      assert.equal(r.body.error.code, 'unavailable');
      assert.equal(r.headers['retry-after'], '10');
      assert.deepEqual([r.body.error.data.attachment, r.body.error.data.retryAfterSeconds], [0, 10]);
      assert.match(r.body.error.message, /^Not sent: attachment "figures\.pdf" could not be checked just now \(PDF text extraction could not start: the server is busy reading other attachments .*; try again shortly\)\.$/);
      assert.equal(await lastSeq(), before, 'nothing was stored');
      // The failure was the node's, not the file's: it was not kept. Once readers are free the file is read and delivered.
      const loads = stats().loads;
      const again = await sendWith('busy-1', 'figures.pdf', file);
      assert.equal(again.status, 201, JSON.stringify(again.body));
      assert.equal(stats().loads, loads + 1, 'read again, not answered from the cache');
    });

    test('a file is read once on a node: the same file sent again, or in another message, takes the text already read', async () => {
      const file = pdf(['Minutes of the budget meeting', 'SSN 536-22-1234']);
      const first = stats();
      const r1 = await sendWith('once-1', 'minutes.pdf', file);
      assert.equal(r1.body.error.code, 'policy_blocked');
      assert.deepEqual([stats().loads, stats().hits], [first.loads + 1, first.hits]);
      // Sent again (as after a warning), and attached to another message under another name: no second extraction, the same decision.
      const r2 = await sendWith('once-2', 'minutes.pdf', file);
      const r3 = await sendWith('once-3', 'copy of minutes.pdf', file);
      for (const r of [r2, r3]) assert.deepEqual(r.body.error.data.findings, r1.body.error.data.findings);
      assert.deepEqual([stats().loads, stats().hits], [first.loads + 1, first.hits + 2]);
      // A damaged file stays damaged: its failure is kept too, and reported the same way.
      const broken = docx({ data: new Uint8Array(64).fill(0xff), method: 8 });
      const b1 = await sendWith('broken-1', 'broken.docx', broken);
      const b2 = await sendWith('broken-2', 'broken.docx', broken);
      assert.equal(b2.body.error.message, b1.body.error.message);
      assert.match(b2.body.error.message, /could not be fully checked: not a readable DOCX: /);
      assert.deepEqual([stats().loads, stats().hits], [first.loads + 2, first.hits + 3]);
    });

    test(`a message with more than ${SCREEN_ON_LOOP_MAX_CHARS} characters of text is checked in a worker: same decision, same busy answer`, async () => {
      // The SSN sits at the end of a long file, past anything an early stop would read.
      const lines = Array.from({ length: 2000 }, (_, i) => `row ${i * 2 + 1}: the county road fund spent within budget this quarter`);
      const big = Buffer.from(`${lines.join('\n')}\nemployee ssn 536-22-1234\n`);
      assert.ok(big.length > SCREEN_ON_LOOP_MAX_CHARS);
      // A text file takes no reader to extract: a slot held during the send is the check's worker.
      let peak = 0;
      const watch = setInterval(() => (peak = Math.max(peak, readerSlots.running)), 1);
      const r = await sendWith('large-1', 'ledger.txt', big).finally(() => clearInterval(watch));
      assert.equal(peak, 1, 'the check ran in a reader slot');
      assert.equal(r.status, 422, JSON.stringify(r.body));
      assert.equal(r.body.error.code, 'policy_blocked');
      assert.ok(r.body.error.data.findings.some((f: { type: string; attachment?: number }) => f.type === 'US_SSN' && f.attachment === 0));
      // With every reader held and the queue full, the check cannot start: the sender is told to try again, nothing is stored.
      const held = await Promise.all(Array.from({ length: READERS_MAX_CONCURRENT }, () => readerSlots.acquire(0, 'test')));
      const queued = Array.from({ length: READERS_MAX_WAITING }, () => readerSlots.acquire(60_000, 'test'));
      const before = await lastSeq();
      let busy;
      try {
        busy = await sendWith('large-2', 'ledger-clean.txt', Buffer.from(lines.join('\n')));
      } finally {
        held.forEach((release) => release());
        for (const q of queued) (await q)();
      }
      assert.equal(busy.status, 503, JSON.stringify(busy.body));
      assert.deepEqual([busy.body.error.code, busy.body.error.data.retryAfterSeconds], ['unavailable', 10]);
      assert.match(busy.body.error.message, /busy checking other large attachments/);
      assert.equal(await lastSeq(), before, 'nothing was stored');
      const again = await sendWith('large-2', 'ledger-clean.txt', Buffer.from(lines.join('\n')));
      assert.equal(again.status, 201, JSON.stringify(again.body));
    });

    test('UTF-16 and Windows-1252 text files are read as text, so their identifiers are found', async () => {
      const text = 'name,ssn\r\nJosé Núñez,536-22-1234\r\n';
      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      const r16 = await sendWith('u16', 'roster.csv', le);
      assert.equal(r16.body.error.code, 'policy_blocked');
      assert.ok(r16.body.error.data.findings.some((f: { type: string }) => f.type === 'US_SSN'));
      const r1252 = await sendWith('w1252', 'roster.csv', Buffer.from(text, 'latin1'));
      assert.equal(r1252.body.error.code, 'policy_blocked');
      assert.ok(r1252.body.error.data.findings.some((f: { type: string }) => f.type === 'US_SSN'));
    });

    test('under a pack with no rule for unreadable attachments, such a file is delivered but sent for review, with the reason', async () => {
      const current = await t.request('GET', '/api/v1/policy/current', { token: admin });
      const full = await t.request('GET', `/api/v1/policy/versions/${current.body.policy.id}`, { token: admin });
      const without = (full.body.source as string).replace(/ {2}- id: unchecked-attachments[\s\S]*?\n\n/, '').replace(/version: .*/, 'version: "2026.12.01-1"');
      assert.doesNotMatch(without, /file_unreadable/, 'the test removed the rule');
      const published = await t.request('POST', '/api/v1/policy/versions', { token: admin, body: { source: without } });
      assert.equal(published.status, 201, JSON.stringify(published.body));
      for (const u of [alice, reviewer]) await t.acknowledge(u.token);
      const r = await sendWith('bare-1', 'broken.docx', docx({ data: new Uint8Array(64).fill(0xff), method: 8 }));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const stored = await t.app.store.messages.getMessage(r.body.event.id);
      const policy = stored?.meta?.policy as { action: string; flagged: boolean; findings: { type: string; explanation?: string }[] };
      assert.deepEqual([policy.action, policy.flagged], ['allow', true]);
      assert.deepEqual(policy.findings.map((f) => f.type), ['FILE_UNREADABLE']);
      assert.match(policy.findings[0]?.explanation ?? '', /^the text of attachment "broken\.docx" could not be fully checked: not a readable DOCX: word\/document\.xml: /);
      const queue = await t.request('GET', '/api/v1/review/items?limit=50', { token: reviewer.token });
      assert.equal(queue.status, 200);
      const items = queue.body.items.filter((i: { body?: string }) => i.body === 'file attached');
      assert.equal(items.length, 1, 'the message is in the review queue');
      assert.match(JSON.stringify(items[0].policy), /could not be fully checked/, 'the reviewer sees why');
    });
    test('an unreadable file is still reviewed when a stronger action masks the message (a pack with no rule for it)', async () => {
      // The pack without unchecked-attachments is current (the test above). A redact rule fires on the text:
      // the message goes out masked, and the file that could not be read goes to review all the same.
      const r = await t.request('POST', `/api/v1/conversations/${dm}/messages`, {
        token: alice.token,
        body: { clientId: 'bare-2', body: 'Send the forms to 1200 Kanawha Blvd E, Charleston WV 25305', attachmentIds: [await upload('broken.docx', docx({ data: new Uint8Array(64).fill(0xfe), method: 8 }))] },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const policy = (await t.app.store.messages.getMessage(r.body.event.id))?.meta?.policy as { action: string; flagged: boolean; findings: { type: string }[] };
      assert.deepEqual([policy.action, policy.flagged], ['redact', true]);
      assert.ok(policy.findings.some((f) => f.type === 'FILE_UNREADABLE'));
    });

    test('a rule for unreadable files that does not apply to this sender leaves the file to review, as if there were none', async () => {
      const current = await t.request('GET', '/api/v1/policy/current', { token: admin });
      const full = await t.request('GET', `/api/v1/policy/versions/${current.body.policy.id}`, { token: admin });
      const shipped = await readFile(new URL('../../policies/wvot-po1010.yaml', import.meta.url), 'utf8');
      // The shipped rule, applied to channels only: a direct message is out of its scope.
      const scoped = shipped.replace(/( {2}- id: unchecked-attachments[\s\S]*?overridableBy: \[security_admin\]\n)/, '$1    appliesTo:\n      conversationTypes: [channel]\n')
        .replace(/version: .*/, 'version: "2026.12.01-2"');
      assert.notEqual(scoped, shipped, 'the test scoped the rule');
      assert.notEqual(full.body.source, scoped);
      const published = await t.request('POST', '/api/v1/policy/versions', { token: admin, body: { source: scoped } });
      assert.equal(published.status, 201, JSON.stringify(published.body));
      for (const u of [alice, reviewer]) await t.acknowledge(u.token);
      const r = await sendWith('scoped-1', 'broken.docx', docx({ data: new Uint8Array(64).fill(0xfd), method: 8 }));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const policy = (await t.app.store.messages.getMessage(r.body.event.id))?.meta?.policy as { action: string; flagged: boolean; rules: unknown[]; findings: { type: string }[] };
      assert.deepEqual([policy.action, policy.flagged, policy.rules, policy.findings.map((f) => f.type)], ['allow', true, [], ['FILE_UNREADABLE']]);
    });

    test('a rule that decides to let unreadable files through is obeyed: the pack has decided, nothing is added', async () => {
      const shipped = await readFile(new URL('../../policies/wvot-po1010.yaml', import.meta.url), 'utf8');
      const allowing = shipped.replace(/( {2}- id: unchecked-attachments[\s\S]*?)action: block/, '$1action: allow')
        .replace(/version: .*/, 'version: "2026.12.01-3"');
      assert.notEqual(allowing, shipped, 'the test changed the rule');
      const published = await t.request('POST', '/api/v1/policy/versions', { token: admin, body: { source: allowing } });
      assert.equal(published.status, 201, JSON.stringify(published.body));
      for (const u of [alice, reviewer]) await t.acknowledge(u.token);
      const r = await sendWith('allowed-1', 'broken.docx', docx({ data: new Uint8Array(64).fill(0xfc), method: 8 }));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const policy = (await t.app.store.messages.getMessage(r.body.event.id))?.meta?.policy as { action: string; flagged: boolean; rules: { rule: string; action: string }[] };
      assert.deepEqual([policy.action, policy.flagged, policy.rules.map((x) => [x.rule, x.action])], ['allow', false, [['unchecked-attachments', 'allow']]]);
    });
  });
}
