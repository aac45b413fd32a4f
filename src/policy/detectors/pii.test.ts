import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runDetector as run } from './run-detector.js';
import { longestDigitRun } from './detector.js';
import type { Span } from '../types.js';

const surface = (text: string, spans: Span[]): string[] => spans.map((s) => text.slice(s.start, s.end));

describe('US SSN', () => {
  test('finds a delimited SSN with context and scores it higher than without', () => {
    const withCtx = run('us_ssn', 'my SSN is 123-45-6780');
    const without = run('us_ssn', 'ref 123-45-6780');
    assert.deepEqual(surface('my SSN is 123-45-6780', withCtx), ['123-45-6780']);
    assert.ok((withCtx[0]?.score ?? 0) > (without[0]?.score ?? 0));
    assert.match(withCtx[0]?.explanation ?? '', /ssn/i);
  });
  test('rejects invalid areas, group 00, serial 0000 and published samples', () => {
    for (const bad of ['000-12-3456', '666-12-3456', '912-12-3456', '123-00-4567', '123-45-0000', '078-05-1120', '219-09-9999']) {
      assert.deepEqual(run('us_ssn', `SSN ${bad}`), [], bad);
    }
  });
  test('rejects mixed delimiters; undelimited digits need context', () => {
    assert.deepEqual(run('us_ssn', 'SSN 123-45.6780'), []);
    assert.deepEqual(run('us_ssn', 'order 123456780 shipped'), []);
    assert.equal(run('us_ssn', 'social security 123456780').length, 1);
  });
});

describe('payment cards', () => {
  test('issuer prefix plus Luhn, with separators', () => {
    const t = 'card 4111 1111 1111 1111 and 5500-0000-0000-0004';
    assert.deepEqual(surface(t, run('credit_card', t)), ['4111 1111 1111 1111', '5500-0000-0000-0004']);
  });
  test('a Luhn failure is not a card', () => {
    assert.deepEqual(run('credit_card', 'card 4111111111111112'), []);
  });
  test('the digits of a decimal number are not a card, though its fraction passes Luhn with an issuer prefix', () => {
    // 673777277298: a Maestro prefix and a valid Luhn check digit, as the fraction of a measurement or timestamp.
    for (const t of ['12384.673777277298 The inspection report is due', 'reading 4111111111111111.5 units', 'total 1,4111111111111111']) {
      assert.deepEqual(run('credit_card', t), [], t);
    }
    assert.deepEqual(surface('card 4111111111111111.', run('credit_card', 'card 4111111111111111.')), ['4111111111111111'], 'a sentence may end after a card');
  });
});

describe('contact data', () => {
  test('email offsets are UTF-16 and exact', () => {
    const t = '😀 write to jane.doe+x@example.co.uk.';
    const [s] = run('email', t);
    assert.equal(t.slice(s?.start, s?.end), 'jane.doe+x@example.co.uk');
  });
  test('IPv4 and IPv6 are validated, times are not IPs', () => {
    const t = 'host 10.0.0.256 or 192.168.1.20 or 2001:db8::8a2e:370:7334 at 10:30:00';
    assert.deepEqual(surface(t, run('ip_address', t)), ['192.168.1.20', '2001:db8::8a2e:370:7334']);
  });
  test('phone numbers in US and international layouts, not dates', () => {
    const t = 'call (304) 555-0199 or +44 20 7946 0958; due 2009-11-24';
    assert.deepEqual(surface(t, run('phone', t)), ['(304) 555-0199', '+44 20 7946 0958']);
  });
  test('IBAN in print groups', () => {
    const t = 'IBAN GB82 WEST 1234 5698 7654 32 thanks';
    assert.deepEqual(surface(t, run('iban', t)), ['GB82 WEST 1234 5698 7654 32']);
  });
  test('ABA routing and bank accounts need context', () => {
    assert.equal(run('aba_routing', 'routing number 011000015').length, 1);
    assert.equal(run('aba_routing', 'ticket 011000015').length, 0);
    assert.equal(run('bank_account', 'checking account 000123456789').length, 1);
  });
  test('West Virginia driver licence with context', () => {
    const [s] = run('driver_license', "driver's license A123456");
    assert.equal(s?.score, 0.95);
    assert.deepEqual(run('driver_license', 'part A123456'), []);
  });
  test('dates count only as dates of birth', () => {
    assert.equal(run('date_of_birth', 'she was born on 7/5/1981').length, 1);
    assert.equal(run('date_of_birth', 'meeting on 7/5/1981').length, 0);
  });
  test('street address with its postal block', () => {
    const t = 'Ship to 1200 Quarrier Street\nCharleston\n, WV\n 25301\nthanks';
    const [s] = run('street_address', t);
    assert.equal(t.slice(s?.start, s?.end), '1200 Quarrier Street\nCharleston\n, WV\n 25301');
  });
  test('continental compound streets with a number, wherever the number stands among others', () => {
    for (const [t, street] of [['Osoite on Koskikatu 25, Helsinki', 'Koskikatu 25'], ['bor på Vesterskovvej 79 nu', 'Vesterskovvej 79'],
      ['Treffpunkt 10 Uhr, Bahnhofstraße 5', 'Bahnhofstraße 5'], ['room 12-14 then Hauptstrasse 7b', 'Hauptstrasse 7b']] as const) {
      assert.deepEqual(run('street_address', t).map((x) => t.slice(x.start, x.end)), [street], t);
    }
    // The ending must touch the number through one space: no street in these.
    for (const t of ['the katu  25 rows', 'a kuja, 25 rows', 'Koskikatu\u200b 25', 'tie 25']) assert.deepEqual(run('street_address', t), [], t);
  });
  test('person names with a given name or a cue, not capitalized words', () => {
    assert.deepEqual(surface('Please ask Maria Lopez today', run('person_name', 'Please ask Maria Lopez today')), ['Maria Lopez']);
    assert.deepEqual(run('person_name', 'The Budget Office meets Monday'), []);
  });
});

describe('digit-cluster gate', () => {
  test('counts digits joined by short separator runs', () => {
    assert.equal(longestDigitRun('call (304) 555-0199 at 3pm'), 10);
    assert.equal(longestDigitRun('room 4, floor 12'), 2);
    assert.equal(longestDigitRun('4111 1111 1111 1111'), 16);
  });
});
