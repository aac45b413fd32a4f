// Street addresses (§4.3). Street lines are recognized by a street-type word
// (English suffix words, continental compound endings, Romance prefixes) next
// to a house number; a multi-line postal block after it is taken along.
import { contextWords, findContext } from './context.js';
import { eachMatch, eachMatchNear, fixed } from './detector.js';
import type { DetectorFactory, TextInput } from './detector.js';
import { wordClass } from './lexicon.js';
import type { WordClass } from './lexicon.js';
import type { Span } from '../types.js';

const W = "[\\p{Lu}\\p{Ll}][\\p{L}'’.-]{0,24}";
const EN_TYPES = 'street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|close|way|place|pl|terrace|' +
  'circle|cir|highway|hwy|parkway|pkwy|square|sq|trail|trl|crescent|cres|grove|gardens|row|mews|hill|park|walk|' +
  'alley|loop|pike|plaza|route|rte|gate|vej|gade|vei|veien|gatan|gata|vägen|väg|straße|strasse|str|weg|laan|straat|' +
  'utca|ulica|út|tér|kapu|katu|tie|kuja|polku|allee|platz|ring|gasse|ulitsa|prospekt|caddesi|sokak|' +
  // US street suffixes (USPS Publication 28) that are not ordinary words on their own.
  'union|unions|parks|pass|gateway|extension|extensions|coves?|radial|harbor|harbour|mall|bypass|flats?|club|dale|dam|' +
  'cliffs?|greens?|bridge|mills?|forges?|turnpike|point|rapids?|crossing|junction|heights|meadows?|ridge|valley|vista|' +
  'villages?|landing|manor|orchard|pines|plains|prairie|ranch|shoals?|shores?|springs?|summit|throughway|tunnel|' +
  'underpass|viaduct|wells|expressway|freeway|fords?|forks?|glen|haven|hollow|inlet|lodge|motorway|neck|oval|' +
  'overpass|ramp|skyway|spur|stravenue|trace|track|trafficway|causeway|centers?|corners?|creek|crest|estates?|' +
  'falls|ferry|fields?|grounds|isle|keys?|knolls?|lights?|locks?|mount|mountains?|orchard|passage|path|port|' +
  'ports|radial|rest|run|shoal|squares|streets|terrace|turnpike|vale|views?|ways';
// Continental compound endings: Koskikatu, Vesterskovvej, Bahnhofstraße.
const COMPOUND = '\\p{Lu}[\\p{L}]{1,30}(?:katu|tie|kuja|vej|gade|veien|vegen|gatan|gata|vägen|väg|braut|vegur|vænget|stien|straße|strasse|weg|gasse|laan|straat|steeg|gracht|plein|platz|allee|utca|útja|iela|gatve)';
const PREFIX_TYPES = 'rua|rue|via|viale|calle|c/|paseo|avenida|avenue|av\\.|avda\\.?|piazza|plaza|praça|largo|camino|carrer|strada|pod|ul\\.|ulica|boulevard|chemin|travessa|travesía|λεωφόρος|οδός|πλατεία';
const NUM = '\\d{1,6}[A-Za-z]?';

// Street types as written: lower case, Title case or UPPER case, never "sTreet".
const TYPES_CASED = EN_TYPES.split('|').map((w) => `[${w[0]}${(w[0] as string).toUpperCase()}]${w.slice(1)}|${w.toUpperCase()}`).join('|');
const CAP_WORD = "\\p{Lu}[\\p{L}'’.-]{0,24}";
// [number] Name... Type [number]: case-sensitive, so "11 attacks changed the way" is not a street.
const STREET_LINE_RE = new RegExp(
  `(?<![\\w-])(?:${NUM} ){0,2}(?:${CAP_WORD} ){1,3}(?:${TYPES_CASED})\\.?(?: ${NUM}\\.?)?(?![\\p{L}\\d])`, 'gu');

const STREET_RE = new RegExp([
  // Prefix type + words + number
  `(?<![\\p{L}\\d])(?:${NUM} )?(?:${PREFIX_TYPES}) (?:${W} ){0,4}${NUM}(?![\\p{L}\\d])`,
  // Military post: PSC 0725, Box 6031 / Unit 4526 Box 0671, then APO AE 12345
  `(?<![\\w])(?:psc|unit|cmr) \\d{3,5},? box \\d{3,5}(?:\\s{1,4}[afd]po a[aep] \\d{5})?`,
  `(?<![\\w])(?:apt|apartment|suite|ste|unit|flat)\\.? #?\\d{1,5}[A-Za-z]?(?![\\w])`,
  `(?<![\\w])(?:p\\.? ?o\\.? box|postbox|post office box) \\d{1,6}(?![\\w])`,
  `(?<![\\w])(?:usns|usnv|uss|uscgc) [\\p{L} ]{2,30}\\n\\s{0,3}[afd]po a[aep] \\d{5}`,
].join('|'), 'giu');

// Compound street name + number: Koskikatu 25, Vesterskovvej 79.
const COMPOUND_RE = new RegExp(`(?<![\\p{L}\\d])(?:${NUM} )?${COMPOUND} ${NUM}(?![\\p{L}\\d])`, 'gu');

// A compound ending and a space just before a digit: COMPOUND_RE's telltale. That digit has a letter two units
// before it, so it starts a digit cluster: only the few units before each cluster are tested, not the whole text.
const COMPOUND_BEFORE = /(?:katu|tie|kuja|vej|gade|veien|vegen|gatan|gata|vägen|väg|braut|vegur|vænget|stien|straße|strasse|weg|gasse|laan|straat|steeg|gracht|plein|platz|allee|utca|útja|iela|gatve) $/;
/** Whether a compound street ending and a space come right before one of the clusters (flat [start, end) pairs). */
function compoundBeforeCluster(text: string, clusters: readonly number[]): boolean {
  for (let k = 0; k < clusters.length; k += 2) {
    const s = clusters[k] as number;
    // Nine units hold the longest ending ("strasse") and its space.
    if (s > 0 && text.charCodeAt(s - 1) === 32 && COMPOUND_BEFORE.test(text.slice(Math.max(0, s - 9), s))) return true;
  }
  return false;
}
const CALENDAR = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|episode|chapter|page|version|model|date)\b/i;
// "2019 Ram 1500": a year followed by a model number.
const YEAR_LED = /^(?:19|20)\d\d \D+ \d{3,}$/;
const NAMED_GATE = /\p{Lu}[\p{L}'’.-]{0,24} \d/gu;
const NUMBERED_GATE = /\d [A-Z\u0080-\uffff]/g;

// Words that must appear (as a token of the folded text) for STREET_RE to have
// a chance; checking tokens first keeps the big pattern off ordinary chat.
const LINE_WORDS = EN_TYPES.split('|').flatMap((w) => (w.endsWith('s?') ? [w.slice(0, -2), w.slice(0, -1)] : [w]));
const LINE_KEYWORDS = wordClass(LINE_WORDS);
const OTHER_WORDS = [
  'rua', 'rue', 'via', 'viale', 'calle', 'c', 'paseo', 'avenida', 'av', 'avda', 'piazza', 'praca', 'largo', 'camino', 'carrer',
  'strada', 'pod', 'ul', 'chemin', 'travessa', 'travesia', 'apt', 'apartment', 'suite', 'ste', 'unit', 'flat', 'box',
  'postbox', 'psc', 'cmr', 'usns', 'usnv', 'uss', 'uscgc', 'p', 'po', 'post',
];
const OTHER_KEYWORDS = wordClass(OTHER_WORDS);

// Continental layout "[postcode] Name Name 12": capitalized words between two
// numbers. Case-sensitive, so ordinary sentences with numbers do not match.
const NUMBERED_NAME_RE = new RegExp(
  `(?<![\\p{L}\\d.,:/-])\\d{1,6} (?:\\p{Lu}[\\p{L}'’.-]{1,24} (?:(?:de|da|do|dos|del|di|la|le|van|e|u\\.) ){0,2}){0,3}\\p{Lu}[\\p{L}'’-]{1,24},? \\d{1,5}[A-Za-z]?(?![\\p{L}\\d]|[.,:/]\\d)`, 'gu');
// "Name Name 12" with no leading number: only after an address cue.
const NAMED_NUMBER_RE = new RegExp(
  `(?<![\\p{L}\\d])(?:\\p{Lu}[\\p{L}'’.-]{1,24} ){1,4}\\d{1,5}[A-Za-z]?(?![\\p{L}\\d]|[.,:/]\\d)`, 'gu');

const ADDRESS_CTX = contextWords(['address', 'lives at', 'live at', 'located at', 'located on', 'ship to', 'send it to',
  'sent to', 'meet me at', 'mailing', 'billing', 'station is on', 'office is', 'is at', 'drops you off at', 'residence',
  'corner of', 'return to', 'moved to', 'shows on', 'lives on', 'side of', 'enter on', 'drops you off at', 'his address',
  'her address', 'address:']);
// Lines that continue a postal block: Apt/Suite, a city, ", ST", a country + postcode.
const CONTINUATION = /^[ \t>?]{0,6}(?:\p{Lu}[\p{L}'. -]{1,40}|,\s?[A-Z]{2}|\d{4,6}|\p{Lu}[\p{L} ]{1,30} \d{4,6}|(?:[Aa]pt|APT|[Ss]uite|SUITE|[Uu]nit|UNIT)\.? \d{1,5})[ \t,]{0,3}$/u;
const POSTCODE_LINE = /^[ \t>?]{0,6}(?:[\p{L} ]{2,30} )?\d{4,6}\s*$/u;
const LOOKS_LIKE_STREET = /\d/;

// Only words that are street types in their own right; short ones like "st",
// "dr" or "park" alone are too common to count without a house number.
const WEAK_TYPE_ALONE = /^(?:\d{1,6}[a-z]? )?(?:st|dr|ct|pl|park|hill|walk|row|way|ring|gate|court|place|square|circle|route|loop|str)\.?$/i;

// Each street pattern with the words it needs: a constant, so a message builds no list for the loop.
const STREET_SCANS = [[STREET_LINE_RE, LINE_KEYWORDS], [STREET_RE, OTHER_KEYWORDS]] as const;

interface Candidate { start: number; end: number; needsContext: boolean }

const byStartThenLongest = (x: Candidate, y: Candidate): number => x.start - y.start || y.end - x.end;

function candidates(input: TextInput): Candidate[] {
  const text = input.text;
  const out: Candidate[] = [];
  const digits = input.hasDigit();
  const n = input.normalized();
  const anchorsOf = (words: WordClass): number[] => {
    const table = input.tokenTable();
    const anchors: number[] = [];
    for (let i = 0; i < table.count; i++) if (table.inClass(i, words)) anchors.push(n.map[table.start(i)] as number);
    return anchors;
  };
  const street = (start: number, raw: string): void => {
    if (raw.split(' ').length < 2 || WEAK_TYPE_ALONE.test(raw.trim())) return;
    out.push({ start, end: start + raw.length, needsContext: !LOOKS_LIKE_STREET.test(raw) });
  };
  // Greek and other scripts fold only partly, so their keywords may not show as tokens: scan it all.
  // Plain text (n.plain) is ASCII by definition: no test of it needed.
  const scanAll = digits && !n.plain && NON_ASCII.test(text);
  for (let k = 0; k < STREET_SCANS.length; k++) {
    const [re, words] = STREET_SCANS[k] as (typeof STREET_SCANS)[number];
    if (scanAll) eachMatch(re, text, (m) => street(m.index, m[0]));
    else if (input.hasAnyWord(words)) eachMatchNear(re, text, anchorsOf(words), 110, 40, street);
  }
  if (digits) {
    // Cheap gates first: each pattern needs a telltale the gate looks for.
    if (compoundBeforeCluster(text, input.digitSpans())) eachMatch(COMPOUND_RE, text, (m) => out.push({ start: m.index, end: m.index + m[0].length, needsContext: false }));
    const numbered: number[] = [];
    eachMatch(NUMBERED_GATE, text, (m) => numbered.push(m.index));
    // Each scan runs (and its callback is made) only when its gate saw a candidate: most texts with digits have none.
    if (numbered.length > 0) eachMatchNear(NUMBERED_NAME_RE, text, numbered, 8, 130, (start, raw) => {
      // "20 Jan 2021", "6 IP, 3": dates and all-capital codes are not streets.
      if (CALENDAR.test(raw) || !/\p{Ll}/u.test(raw) || YEAR_LED.test(raw) || /^\d \D+ \d$/.test(raw)) return;
      out.push({ start, end: start + raw.length, needsContext: false });
    });
    // "Name Name 12" needs an address cue, checked per candidate; scan only near a capitalized word before a number.
    const named: number[] = [];
    eachMatch(NAMED_GATE, text, (m) => {
      if (findContext(text, m.index, m.index, ADDRESS_CTX, 150, 0) !== null) named.push(m.index);
    });
    if (named.length > 0) eachMatchNear(NAMED_NUMBER_RE, text, named, 110, 16, (start, raw) => out.push({ start, end: start + raw.length, needsContext: true }));
  }
  return out.length > 1 ? out.sort(byStartThenLongest) : out;
}

// Takes along the lines of a postal block after a street line (city, state, country, postcode).
function extendBlock(text: string, end: number): number {
  for (let lines = 0; lines < 4; lines++) {
    const nl = text.indexOf('\n', end);
    if (nl === -1 || nl - end > 40) break;
    const between = text.slice(end, nl);
    if (between.trim() !== '' && !CONTINUATION.test(between)) break;
    const next = text.indexOf('\n', nl + 1);
    const lineEnd = next === -1 ? text.length : next;
    const line = text.slice(nl + 1, lineEnd);
    if (line.length > 48 || !(CONTINUATION.test(line) || POSTCODE_LINE.test(line))) break;
    end = lineEnd;
  }
  while (/[\s,]/.test(text[end - 1] ?? '')) end--;
  return end;
}

const NON_ASCII = /[\u0080-\uffff]/;

function detectAddress(input: TextInput): Span[] {
  const text = input.text;
  const out: Span[] = [];
  // Without a digit only STREET_RE can match, and only with a street keyword and an address cue.
  if (!input.hasDigit()) {
    if (!input.hasAnyWord(LINE_KEYWORDS) && !input.hasAnyWord(OTHER_KEYWORDS)) return out;
    ADDRESS_CTX.lastIndex = 0;
    if (!ADDRESS_CTX.test(text)) return out;
  }
  for (const c of candidates(input)) {
    const hit = findContext(text, c.start, c.end, ADDRESS_CTX, 40, 0);
    if (c.needsContext && hit === null) continue;
    const end = extendBlock(text, c.end);
    const last = out[out.length - 1];
    // Alternatives overlap on the same address: keep one span covering them.
    if (last !== undefined && c.start <= last.end) {
      last.end = Math.max(last.end, end);
      continue;
    }
    const score = hit === null ? 0.6 : 0.85;
    const why = hit === null ? 'street line' : `street line; context word "${hit.word}"`;
    out.push({ type: 'STREET_ADDRESS', start: c.start, end, score, explanation: why });
  }
  return out;
}

export const ADDRESS_DETECTORS: readonly DetectorFactory[] = [
  fixed('street_address', 'pii', ['STREET_ADDRESS'], detectAddress),
];
