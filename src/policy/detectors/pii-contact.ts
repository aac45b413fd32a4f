// Contact data (§4.3): e-mail, phone numbers, IP addresses, dates of birth.
import { boosted, contextWords, explain, findContext } from './context.js';
import { eachMatch, eachMatchNearDigits, fixed, needsDigit } from './detector.js';
import type { DetectorFactory, TextInput } from './detector.js';
import { wordClass } from './lexicon.js';
import type { Span } from '../types.js';

const LOCAL_CHAR = /[A-Za-z0-9._%+'-]/;
const DOMAIN_CHAR = /[A-Za-z0-9.-]/;

// Expands around each '@' instead of running a regex from every position, so a
// megabyte of letters without '@' costs one indexOf, not a quadratic rescan.
function detectEmail(text: string): Span[] {
  const out: Span[] = [];
  let at = text.indexOf('@');
  let floor = 0;
  while (at !== -1) {
    let s = at;
    while (s > floor && at - s < 64 && LOCAL_CHAR.test(text[s - 1] as string)) s--;
    while (s < at && (text[s] === '.' || text[s] === "'")) s++;
    let e = at + 1;
    while (e < text.length && e - at < 254 && DOMAIN_CHAR.test(text[e] as string)) e++;
    while (e > at + 1 && (text[e - 1] === '.' || text[e - 1] === '-')) e--;
    const domain = text.slice(at + 1, e);
    if (s < at && /^[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}$/.test(domain)) {
      out.push({ type: 'EMAIL_ADDRESS', start: s, end: e, score: 0.95, explanation: 'pattern local@domain.tld' });
      floor = e;
    }
    at = text.indexOf('@', at + 1);
  }
  return out;
}

const PHONE_CTX = contextWords(['phone', 'tel', 'telephone', 'mobile', 'cell', 'fax', 'call', 'text', 'desk', 'office',
  'reach', 'contact', 'number', 'whatsapp', 'sms', 'messages to', 'ext', 'dial', 'landline', 'answering', 'registered', 'call me']);
// Digit groups joined by single separators, optional +country and (area).
const PHONE_RE = /(?<![\w+.-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,12}(?:[ .-]\(?\d{1,8}\)?){0,5}(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?![\w]|[.:-]\d)/g;
const US_PHONE = /^(?:\+?1[ .-]?)?(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}$/;
const DATE_LIKE = /^(?:\d{4}[.-]\d{1,2}[.-]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})(?:\s|$)/;

// Counted, not built by replace and split: every digit cluster of every message is a candidate.
/** Digits of a phone match before its extension ("x12", "ext 12"; the extension's letters hold no digit). */
function digitsBeforeExtension(raw: string): number {
  // Where raw.replace(/x.*$|ext.*$/, '') cuts: at the "x", unless a line break follows it (where "." stops).
  let stop = raw.indexOf('x');
  if (stop < 0 || LINE_BREAK.test(raw.slice(stop))) stop = raw.length;
  let n = 0;
  for (let i = 0; i < stop; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

const LINE_BREAK = /[\n\r\u2028\u2029]/;

/** Groups of a phone match: one more than its separators (space, dot, hyphen). */
function groupCount(raw: string): number {
  let n = 1;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 32 || c === 46 || c === 45) n++;
  }
  return n;
}

function detectPhone(input: TextInput): Span[] {
  const text = input.text;
  const out: Span[] = [];
  eachMatchNearDigits(PHONE_RE, input, (m) => {
    const raw = m[0];
    const digits = digitsBeforeExtension(raw);
    if (digits < 7 || digits > 15 || DATE_LIKE.test(raw)) return;
    const end = m.index + raw.length;
    const hit = findContext(text, m.index, end, PHONE_CTX, 40, 8);
    const groups = groupCount(raw);
    let base: number;
    let pattern: string;
    if (US_PHONE.test(raw)) { base = 0.7; pattern = 'NANP number'; }
    else if (raw.startsWith('+')) { base = 0.65; pattern = 'international +cc number'; }
    else if (groups >= 3 || raw.includes('(')) { base = 0.5; pattern = 'grouped digits'; }
    else { base = digits >= 10 ? 0.3 : 0.2; pattern = 'digit run'; }
    const score = boosted(base, hit);
    if (score < 0.5) return;
    out.push({ type: 'PHONE_NUMBER', start: m.index, end, score, explanation: explain(pattern, hit) });
  });
  return out;
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4_RE = new RegExp(`(?<![\\w.])${OCTET}(?:\\.${OCTET}){3}(?![\\w]|\\.\\d)`, 'g');
const IPV6_CANDIDATE = /(?<![\w:])[0-9A-Fa-f:]{2,39}(?![\w:])/g;
const IPV6_GATE = /[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:/;
const IP_CTX = contextWords(['ip', 'address', 'host', 'server', 'client', 'ipv4', 'ipv6', 'subnet', 'gateway']);

export function ipv6Valid(s: string): boolean {
  if (!s.includes(':') || s.split(':').length < 3) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const parts = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  // "::" alone is punctuation in prose ("Canadianisms :: http..."), not the unspecified address.
  if (parts.length === 0 || parts.some((p) => !/^[0-9A-Fa-f]{1,4}$/.test(p))) return false;
  return halves.length === 2 ? parts.length < 8 : parts.length === 8;
}

function detectIp(input: TextInput): Span[] {
  const text = input.text;
  const out: Span[] = [];
  eachMatchNearDigits(IPV4_RE, input, (m) => {
    const end = m.index + m[0].length;
    const hit = findContext(text, m.index, end, IP_CTX);
    out.push({ type: 'IP_ADDRESS', start: m.index, end, score: boosted(0.6, hit), explanation: explain('ipv4 dotted quad', hit) });
  });
  if (text.indexOf(':') < 0 || !IPV6_GATE.test(text)) return out;
  eachMatch(IPV6_CANDIDATE, text, (m) => {
    if (!ipv6Valid(m[0]) || /^\d+:\d+(:\d+)?$/.test(m[0])) return; // times like 10:30:00
    const end = m.index + m[0].length;
    const hit = findContext(text, m.index, end, IP_CTX);
    out.push({ type: 'IP_ADDRESS', start: m.index, end, score: boosted(0.7, hit), explanation: explain('ipv6', hit) });
  });
  return out;
}

const DOB_CTX = contextWords(['born', 'birth', 'birthday', 'dob', 'd.o.b', 'date of birth', 'birthdate', 'age']);
const MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DATE_RE = new RegExp(`(?<![\\w/.-])(?:\\d{1,2}[/.-]\\d{1,2}[/.-](?:19|20)?\\d{2}|(?:19|20)\\d{2}-\\d{2}-\\d{2}|(?:${MONTHS})\\.? \\d{1,2}(?:st|nd|rd|th)?,? (?:19|20)\\d{2}|\\d{1,2} (?:${MONTHS})\\.?,? (?:19|20)\\d{2})(?![\\w/-])`, 'gi');

// Only dates of birth are personal data; other dates are everyday chat.
const DOB_GATE = wordClass(['born', 'birth', 'birthday', 'dob', 'birthdate', 'age', 'b']);

function detectDob(input: TextInput): Span[] {
  const out: Span[] = [];
  if (!input.hasAnyWord(DOB_GATE)) return out;
  const text = input.text;
  eachMatch(DATE_RE, text, (m) => {
    const end = m.index + m[0].length;
    const hit = findContext(text, m.index, end, DOB_CTX, 32, 0);
    if (hit === null) return;
    out.push({ type: 'DATE_TIME', start: m.index, end, score: 0.8, explanation: explain('date of birth', hit), attributes: { kind: 'date_of_birth' } });
  });
  return out;
}

export const PII_CONTACT_DETECTORS: readonly DetectorFactory[] = [
  fixed('email', 'pii', ['EMAIL_ADDRESS'], (t) => detectEmail(t.text)),
  fixed('phone', 'pii', ['PHONE_NUMBER'], needsDigit(detectPhone, 7)),
  fixed('ip_address', 'pii', ['IP_ADDRESS'], (t) => (t.hasDigit() || t.text.includes('::') ? detectIp(t) : [])),
  fixed('date_of_birth', 'pii', ['DATE_TIME'], needsDigit(detectDob, 2)),
];
