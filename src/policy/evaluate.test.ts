import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compilePolicy, evaluate, parsePolicyPack, PolicyInputError } from './index.js';
import { re2RegexEngine } from './regex-re2.js';
import type { EvaluationContext, Message } from './index.js';

const policy = compilePolicy(parsePolicyPack(readFileSync(new URL('../../policies/wvot-po1010.yaml', import.meta.url), 'utf8')),
  { regex: re2RegexEngine });
const ctx: EvaluationContext = { roles: ['employee'], personType: 'employee', conversationType: 'direct' };

function pack(rules: object[]): string {
  return JSON.stringify({ id: 't', version: '1.0.0', title: 'T', banner: 'B', rules });
}
const rule = (over: object): object => ({ id: 'r', sections: ['4.3'], category: 'pii', message: 'm', detectors: ['email'],
  severity: 'low', action: 'flag', ...over });

describe('evaluate with the WVOT pack', () => {
  test('clean business chat is allowed with no findings', () => {
    const d = evaluate(policy, { text: 'Can you send the Q3 budget draft before the 2pm meeting?' }, ctx);
    assert.equal(d.action, 'allow');
    assert.deepEqual(d.findings, []);
  });

  test('ordinary business chat is delivered', () => {
    for (const text of ['Meeting moved to 3pm in room 204.', 'Reminder: timesheets are due by 5 pm today.',
      'How many attendees do we expect for the training?', 'Why is the VPN so slow today? Everyone is working from home.',
      'Budget line 4100-22 is over by $1,250.', 'The system update is scheduled for 11/30 at 6pm.', 'Version 2.4.1 fixed the login issue.']) {
      assert.equal(evaluate(policy, { text }, ctx).action, 'allow', text);
    }
  });

  test('an SSN blocks, citing §4.3', () => {
    const d = evaluate(policy, { text: 'her SSN is 123-45-6780' }, ctx);
    assert.equal(d.action, 'block');
    const hit = d.rules.find((r) => r.rule === 'pii-government-ids');
    assert.ok(hit);
    assert.match(hit.message, /^§4\.3: /);
    assert.deepEqual(hit.overridableBy, ['compliance_reviewer']);
    assert.equal(d.findings[hit.findings[0] as number]?.type, 'US_SSN');
  });

  test('health information with a named person is PHI and blocks; about someone it warns; general talk is allowed', () => {
    const phi = evaluate(policy, { text: 'Maria Lopez was diagnosed with diabetes' }, ctx);
    assert.equal(phi.action, 'block');
    assert.ok(phi.rules.some((r) => r.rule === 'phi-identifiable-health-information' && r.message.startsWith('§4.4')));
    assert.equal(evaluate(policy, { text: 'my husband starts chemo next week' }, ctx).action, 'warn');
    const general = evaluate(policy, { text: 'flu season is here, the diabetes clinic opens Monday' }, ctx);
    assert.equal(general.action, 'allow');
    assert.equal(general.findings.length, 2); // still reported
  });

  test('redact masks only the redacted spans, keeping offsets', () => {
    const text = 'Drop it at 1200 Quarrier Street please';
    const d = evaluate(policy, { text }, ctx);
    assert.equal(d.action, 'redact');
    assert.equal(d.redactedText?.length, text.length);
    assert.equal(d.redactedText, 'Drop it at ████████████████████ please');
  });

  test('the strongest action wins: block > warn > redact > flag > allow', () => {
    const d = evaluate(policy, { text: 'FOUO: ship to 1200 Quarrier Street, call 304-555-0199, password: Hunter2222' }, ctx);
    assert.deepEqual(new Set(d.rules.map((r) => r.action)), new Set(['warn', 'redact', 'flag', 'block']));
    assert.equal(d.action, 'block');
  });

  test('attachments: size and type rules, and their text scanned by the same detectors', () => {
    const d = evaluate(policy, { text: 'see attached', attachments: [
      { name: 'setup.exe', size: 20, contentType: 'application/octet-stream' },
      { name: 'huge.csv', size: 50_000_000, contentType: 'text/csv', text: 'name,ssn\nAl,123-45-6780' },
    ] }, ctx);
    const types = d.findings.map((f) => `${f.attachment}:${f.type}`);
    assert.ok(types.includes('0:FILE_TYPE'));
    assert.ok(types.includes('1:FILE_TOO_LARGE'));
    assert.ok(types.includes('1:US_SSN'));
    assert.equal(d.action, 'block');
  });

  test('an attachment whose text could not be fully checked is reported and blocked, scanned on what was read', () => {
    const d = evaluate(policy, { text: 'see attached', attachments: [
      { name: 'big.pdf', size: 9000, contentType: 'application/pdf', text: 'SSN 536-22-1234', unreadable: 'it has 900 pages and only the first 500 are read' },
    ] }, ctx);
    const unread = d.findings.find((f) => f.type === 'FILE_UNREADABLE');
    assert.equal(unread?.explanation, 'the text of attachment "big.pdf" could not be fully checked: it has 900 pages and only the first 500 are read');
    assert.equal(unread?.attachment, 0);
    assert.ok(d.findings.some((f) => f.type === 'US_SSN' && f.attachment === 0), 'the part that was read is still scanned');
    const hit = d.rules.find((r) => r.rule === 'unchecked-attachments');
    assert.deepEqual([hit?.action, hit?.sections, hit?.overridableBy], ['block', ['5.3.6', '5.3.7'], ['security_admin']]);
  });

  test('the unreadable finding is reported under any pack, even one with no rule for it', () => {
    const bare = compilePolicy(parsePolicyPack(pack([rule({})])));
    const d = evaluate(bare, { text: 'hi', attachments: [{ name: 'a.docx', size: 1, contentType: 'application/zip', text: '', unreadable: 'not a readable DOCX: no word/document.xml' }] }, ctx);
    assert.deepEqual(d.findings.map((f) => [f.type, f.detector, f.attachment]), [['FILE_UNREADABLE', 'file_unreadable', 0]]);
    assert.equal(d.action, 'allow');
    // A pack that names the check gets one finding, not two.
    const named = compilePolicy(parsePolicyPack(pack([rule({ category: 'file', detectors: ['file_unreadable'], action: 'warn' })])));
    const w = evaluate(named, { text: 'hi', attachments: [{ name: 'a.pdf', size: 1, contentType: 'application/pdf', unreadable: 'x' }] }, ctx);
    assert.deepEqual([w.findings.length, w.action], [1, 'warn']);
  });

  test('a redact rule that fires on an attachment blocks: the file cannot be masked', () => {
    const text = 'Drop it at 1200 Quarrier Street please';
    const att = { name: 'a.txt', size: text.length, contentType: 'text/plain', text };
    const d = evaluate(policy, { text: 'see attached', attachments: [att] }, ctx);
    const hit = d.rules.find((r) => r.rule === 'pii-home-address-and-birth-date');
    assert.equal(hit?.action, 'block');
    assert.equal(d.action, 'block');
    assert.equal(d.redactedText, undefined);
    // In the message text the same rule still masks.
    assert.equal(evaluate(policy, { text, attachments: [{ ...att, text: 'nothing here' }] }, ctx).action, 'redact');
  });
});

describe('rule scope', () => {
  const scoped = compilePolicy(parsePolicyPack(pack([
    rule({ id: 'groups-only', appliesTo: { conversationTypes: ['group', 'channel'] }, action: 'block' }),
    rule({ id: 'not-health-staff', exempt: { personTypes: ['county_health_staff'] }, action: 'warn' }),
    rule({ id: 'agency-x', appliesTo: { agencies: ['dhhr'], roles: ['caseworker'] }, action: 'redact' }),
  ]), 'json'));
  const text = 'mail jane@example.gov';
  const actions = (c: EvaluationContext): string[] => evaluate(scoped, { text }, c).rules.map((r) => r.rule).sort();

  test('appliesTo and exempt select rules by conversation, person type, agency and role', () => {
    assert.deepEqual(actions(ctx), ['not-health-staff']);
    assert.deepEqual(actions({ ...ctx, conversationType: 'channel' }), ['groups-only', 'not-health-staff']);
    assert.deepEqual(actions({ ...ctx, personType: 'county_health_staff' }), []);
    assert.deepEqual(actions({ ...ctx, agencyId: 'dhhr', roles: ['caseworker'] }), ['agency-x', 'not-health-staff']);
    assert.deepEqual(actions({ ...ctx, agencyId: 'dhhr', roles: [] }), ['not-health-staff']);
  });

  test('minScore keeps weak findings out of a rule but in the findings', () => {
    const strict = compilePolicy(parsePolicyPack(pack([rule({ detectors: [{ id: 'email', minScore: 0.99 }] })]), 'json'));
    const d = evaluate(strict, { text }, ctx);
    assert.equal(d.action, 'allow');
    assert.equal(d.findings.length, 1);
  });
});

describe('bad input', () => {
  test('malformed arguments are a PolicyInputError', () => {
    assert.throws(() => evaluate(policy, { text: 42 as unknown as string }, ctx), PolicyInputError);
    assert.throws(() => evaluate(policy, { text: 'x' }, { ...ctx, conversationType: 'broadcast' as 'direct' }), PolicyInputError);
  });

  test('a megabyte message, long runs of one character and mixed junk finish in bounded time', () => {
    const inputs = [
      'a'.repeat(1 << 20), '1'.repeat(1 << 20), '@'.repeat(200_000), ' '.repeat(1 << 20), '1-'.repeat(300_000),
      'Aa '.repeat(300_000), 'x@'.repeat(200_000), 'f.'.repeat(300_000), ':'.repeat(300_000), 'eyJ'.repeat(200_000),
      ('My SSN is 123-45-6780, email a@b.co. ').repeat(20_000),
    ];
    for (const text of inputs) {
      const t0 = process.hrtime.bigint();
      const d = evaluate(policy, { text }, ctx);
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      assert.ok(secs < 10, `${JSON.stringify(text.slice(0, 12))} took ${secs}s`);
      assert.ok(d.findings.length <= 1000 * policy.detectors.length);
    }
  });

  test('half a megabyte of any one repeated finding stays linear: every detector, not only the identifier scans', () => {
    // Each unit triggers a different detector; repeating it used to make per-finding lookups quadratic
    // (a health term near a pronoun, an ambiguous slur, a list of names). 500 KB each, one generous bound for all.
    const units = ['my chemo ', 'diabetes ', 'crackers ', 'cracker barrel ', 'Anna, Bob and Carl ', 'hate muslims ',
      'you are an idiot ', 'I heard that ', 'kill you ', 'SSN 123-45-6789 ', 'card 4111 1111 1111 1111 ', 'Maria Lopez ',
      '1200 Quarrier Street ', 'password: hunter22 ', 'born 01/02/1990 ', 'MRN 1234567 ', 'fe80::1 '];
    const t0 = process.hrtime.bigint();
    for (const unit of units) {
      const text = unit.repeat(Math.ceil(500_000 / unit.length));
      const d = evaluate(policy, { text }, ctx);
      for (const f of d.findings) assert.ok(f.start >= 0 && f.end <= text.length && f.start <= f.end, unit);
    }
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    assert.ok(secs < 60, `17 texts of 500 KB took ${secs}s`);
  });

  test('malformed attachments are a PolicyInputError that names the field', () => {
    const bad: [unknown, RegExp][] = [
      [[null], /message\.attachments\[0\] must be an object/],
      [[{ name: 'a.txt', size: 1 }], /message\.attachments\[0\]\.contentType/],
      [[{ name: 'a.txt', size: -1, contentType: 'text/plain' }], /message\.attachments\[0\]\.size/],
      [[{ name: 'a.txt', size: Number.NaN, contentType: 'text/plain' }], /message\.attachments\[0\]\.size/],
      [[{ name: 7, size: 1, contentType: 'text/plain' }], /message\.attachments\[0\]\.name/],
      [[{ name: 'a.txt', size: 1, contentType: 'text/plain', text: 5 }], /message\.attachments\[0\]\.text/],
      [[{ name: 'a.txt', size: 1, contentType: 'text/plain', unreadable: true }], /message\.attachments\[0\]\.unreadable/],
    ];
    for (const [attachments, re] of bad) {
      assert.throws(() => evaluate(policy, { text: 'hi', attachments: attachments as Message['attachments'] }, ctx),
        (e: unknown) => e instanceof PolicyInputError && re.test(e.message));
    }
  });

  test('lone surrogates, zero-width and bidi controls never crash and offsets stay in range', () => {
    const text = '\uD800 SSN\u200B 123-45-6780 \u202Eevil\u202C \uDFFF fu\u200Dck';
    const d = evaluate(policy, { text }, ctx);
    for (const f of d.findings) assert.ok(f.start >= 0 && f.end <= text.length && f.start <= f.end);
    assert.ok(d.findings.some((f) => f.type === 'US_SSN'));
    assert.ok(d.findings.some((f) => f.type === 'PROFANITY'));
  });

  test('a pathological admin pattern is refused by the browser engine and harmless under RE2', () => {
    const src = pack([rule({ category: 'custom', detectors: [{ id: 'regex', params: { patterns: ['(a+)+$'] } }] })]);
    assert.throws(() => compilePolicy(parsePolicyPack(src, 'json')), /rules\[0\]\.detectors\[0\]\.params\.patterns\[0\]/);
    const server = compilePolicy(parsePolicyPack(src, 'json'), { regex: re2RegexEngine });
    const d = evaluate(server, { text: 'a'.repeat(100_000) + '!' }, ctx);
    assert.equal(d.action, 'allow');
  });
});
