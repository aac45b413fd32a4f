// Government and financial identifiers (§4.3): SSN, payment cards, ABA
// routing, bank accounts, driver's licences, passports, IBAN.
import { abaValid, ibanValid, luhnValid } from './checksums.js';
import { boosted, contextRequired, contextWords, explain, findContext, scanContextual } from './context.js';
import type { ContextHit } from './context.js';
import { eachMatch, eachMatchNearDigits, fixed, needsDigit } from './detector.js';
import type { DetectorFactory, TextInput } from './detector.js';
import { wordClass } from './lexicon.js';
import type { Span } from '../types.js';

const SSN_CTX = contextWords(['ssn', 'ssns', 'social security', 'social', 'ss#', 'ss #', 'ssn#', 'taxpayer', 'tin', 'itin']);
// Numbers published as examples (Woolworth wallet card, Social Security ads) are not real SSNs.
const SSN_SAMPLES = new Set(['078051120', '219099999', '123456789', '457555462']);
const SSN_RE = /(?<![\d-])(\d{3})([- .]?)(\d{2})([- .]?)(\d{4})(?![\d]|-\d)/g;

export function ssnValid(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  if (a === 0 || a === 666 || a >= 900) return false;
  if (group === '00' || serial === '0000') return false;
  return !SSN_SAMPLES.has(area + group + serial);
}

function detectSsn(input: TextInput): Span[] {
  const text = input.text;
  const out: Span[] = [];
  eachMatchNearDigits(SSN_RE, input, (m) => {
    const [, area, d1, group, d2, serial] = m as unknown as [string, string, string, string, string, string];
    if (d1 !== d2) return; // mixed delimiters (123-45.6789) are not an SSN layout
    if (!ssnValid(area, group, serial)) return;
    const end = m.index + m[0].length;
    const hit = findContext(text, m.index, end, SSN_CTX);
    // Undelimited nine digits are common (order numbers): only with context.
    const base = d1 === '' ? 0.2 : d1 === '-' ? 0.5 : 0.4;
    const score = boosted(base, hit);
    if (score < 0.5) return;
    out.push({ type: 'US_SSN', start: m.index, end, score, explanation: explain(`ssn ${d1 === '' ? 'digits' : 'delimited'}`, hit) });
  });
  return out;
}

const CARD_CTX = contextWords(['card', 'credit', 'debit', 'visa', 'mastercard', 'amex', 'discover', 'cc', 'cvv', 'expiry', 'pan', 'payment']);
// Not the digits of a decimal number ("12384.673777277298": a measurement, a timestamp), whose fraction or whole part
// can pass Luhn and an issuer prefix by chance: a card number is never joined to other digits by a point or comma.
const CARD_RE = /(?<![\w-]|\d[.,])\d(?:[ -]?\d){11,18}(?![\w]|-\d|[.,]\d)/g;

function issuer(d: string): string | null {
  const p2 = Number(d.slice(0, 2));
  const p4 = Number(d.slice(0, 4));
  const n = d.length;
  if (d[0] === '4' && (n === 13 || n === 16 || n === 19)) return 'visa';
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && n === 16) return 'mastercard';
  if ((p2 === 34 || p2 === 37) && n === 15) return 'amex';
  if ((p4 === 6011 || p2 === 65 || (p4 >= 6440 && p4 <= 6499)) && n >= 16) return 'discover';
  if (((p4 >= 3000 && p4 <= 3059) || p2 === 36 || p2 === 38 || p2 === 39) && n >= 14) return 'diners';
  if (((p4 >= 3528 && p4 <= 3589) && n >= 16) || ((p4 === 2131 || p4 === 1800) && n === 15)) return 'jcb';
  if (p2 === 62 && n >= 16) return 'unionpay';
  if ((p2 === 50 || (p2 >= 56 && p2 <= 69)) && n >= 12) return 'maestro';
  return null;
}

function detectCard(input: TextInput): Span[] {
  const text = input.text;
  const out: Span[] = [];
  eachMatchNearDigits(CARD_RE, input, (m) => {
    const raw = m[0];
    const digits = raw.replace(/[ -]/g, '');
    if (!luhnValid(digits) || /^(\d)\1+$/.test(digits)) return;
    // Unknown issuers (new BIN ranges, private-label cards) count with card context.
    const brand = issuer(digits);
    const end = m.index + raw.length;
    const hit = findContext(text, m.index, end, CARD_CTX);
    // Separators must form regular groups (4-4-4-4, 4-6-5) or be absent.
    const groups = raw.split(/[ -]/).map((g) => g.length);
    const regular = groups.length === 1 || groups.slice(0, -1).every((g) => g === 4 || g === 6) ;
    const score = boosted(brand === null ? 0.2 : regular ? 0.6 : 0.3, hit);
    if (score < 0.5) return;
    out.push({ type: 'CREDIT_CARD', start: m.index, end, score, explanation: explain(`${brand ?? 'unknown issuer'} prefix + Luhn`, hit) });
  });
  return out;
}

const ABA = {
  gate: wordClass(['routing', 'aba', 'rtn', 'transit', 'wire']),
  type: 'ABA_ROUTING_NUMBER', re: /(?<![\d-])\d{9}(?![\d])/g, pattern: 'aba checksum',
  context: contextWords(['routing', 'aba', 'rtn', 'transit', 'bank routing', 'wire']),
  score: contextRequired(0.85, abaValid),
};

const BANK_ACCOUNT = {
  gate: wordClass(['account', 'accounts', 'acct', 'c', 'checking', 'savings', 'bank', 'deposit']),
  type: 'US_BANK_NUMBER', re: /(?<![\d-])\d{8,17}(?![\d])/g, pattern: '8-17 digits', after: 0,
  context: contextWords(['account', 'acct', 'a/c', 'checking', 'savings', 'bank', 'deposit', 'account number', 'acct no']),
  score: contextRequired(0.6, (s) => !/^(\d)\1+$/.test(s)),
};

// WV issues one letter + six digits or seven digits; other states use letters
// and digits in groups up to 15. A token with at least four digits, near context.
const WV_DL = /^[A-Z]?\d{6,7}$|^[A-Z]{2}\d{5}$/i;
const DRIVER_LICENSE = {
  gate: wordClass(['driver', 'drivers', "driver's", 'driving', 'license', 'licence', 'dl', 'dln', 'lic']),
  type: 'US_DRIVER_LICENSE', re: /(?<![\w-])(?=[A-Z0-9-]{5,17}(?![\w-]))[A-Z]{0,2}\d[\d-]{3,15}\d(?![\w-])/gi,
  pattern: 'US licence format (WV: letter + 6 digits)', after: 0,
  context: contextWords(["driver's license", 'drivers license', 'driver license', "driver's licence", 'driving licence',
    'driver licence', 'dl', 'dl#', 'dln', 'license number', 'licence number', 'license no', 'lic']),
  score: (m: RegExpExecArray, hit: ContextHit | null) => (hit === null ? null : WV_DL.test(m[0]) ? 0.95 : 0.9),
};

const PASSPORT = {
  gate: wordClass(['passport']),
  type: 'US_PASSPORT', re: /(?<![\w-])[A-Z]?\d{8,9}(?![\w-])/gi, pattern: 'passport number', after: 0,
  context: contextWords(['passport', 'passport number', 'passport no', 'passport#']),
  score: contextRequired(0.8),
};

// Printed in groups of four, or compact.
const IBAN_RE = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:(?: [A-Za-z0-9]{4}){2,7}(?: [A-Za-z0-9]{1,4})?|[A-Za-z0-9]{11,30})(?![A-Za-z0-9])/g;
const IBAN_CTX = contextWords(['iban', 'bank', 'transfer', 'wire', 'account']);

function detectIban(text: string): Span[] {
  const out: Span[] = [];
  eachMatch(IBAN_RE, text, (m) => {
    const compact = m[0].replace(/ /g, '').toUpperCase();
    const end = m.index + m[0].length;
    if (!ibanValid(compact)) return;
    const hit = findContext(text, m.index, end, IBAN_CTX);
    out.push({ type: 'IBAN_CODE', start: m.index, end, score: boosted(0.6, hit), explanation: explain('iban mod 97', hit) });
  });
  return out;
}

export const PII_ID_DETECTORS: readonly DetectorFactory[] = [
  fixed('us_ssn', 'pii', ['US_SSN'], needsDigit(detectSsn, 9)),
  fixed('credit_card', 'pii', ['CREDIT_CARD'], needsDigit(detectCard, 12)),
  fixed('aba_routing', 'pii', ['ABA_ROUTING_NUMBER'], needsDigit((t) => scanContextual(t, ABA), 9)),
  fixed('bank_account', 'pii', ['US_BANK_NUMBER'], needsDigit((t) => scanContextual(t, BANK_ACCOUNT), 8)),
  fixed('driver_license', 'pii', ['US_DRIVER_LICENSE'], needsDigit((t) => scanContextual(t, DRIVER_LICENSE), 4)),
  fixed('passport', 'pii', ['US_PASSPORT'], needsDigit((t) => scanContextual(t, PASSPORT), 8)),
  fixed('iban', 'pii', ['IBAN_CODE'], needsDigit((t) => detectIban(t.text), 2)),
];
