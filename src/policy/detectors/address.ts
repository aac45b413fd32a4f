// Street addresses (§4.3). Street lines are recognized by a street-type word
// (English suffix words, continental compound endings, Romance prefixes) next
// to a house number; a multi-line postal block after it is taken along.
import { contextWords, findContext } from './context.js';
import { eachMatch, fixed } from './detector.js';
import type { DetectorFactory } from './detector.js';
import type { Span } from '../types.js';

const W = "[\\p{Lu}\\p{Ll}][\\p{L}'’.-]{0,24}";
const EN_TYPES = 'street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|close|way|place|pl|terrace|' +
  'circle|cir|highway|hwy|parkway|pkwy|square|sq|trail|trl|crescent|cres|grove|gardens|row|mews|hill|park|walk|' +
  'alley|loop|pike|plaza|route|rte|gate|vej|gade|vei|veien|gatan|gata|vägen|väg|straße|strasse|str|weg|laan|straat|' +
  'utca|ulica|út|tér|katu|tie|kuja|polku|allee|platz|ring|gasse|ulitsa|prospekt|caddesi|sokak';
// Continental compound endings: Koskikatu, Vesterskovvej, Bahnhofstraße.
const COMPOUND = '[\\p{Lu}\\p{Ll}][\\p{L}]{1,30}(?:katu|tie|kuja|vej|gade|veien|vegen|gatan|vägen|väg|straße|strasse|weg|gasse|laan|straat|platz|allee|ring|utca)';
const PREFIX_TYPES = 'rua|rue|via|viale|calle|avenida|avenue|av\\.|avda\\.?|piazza|plaza|praça|largo|camino|carrer|strada|pod|ul\\.|ulica|boulevard|chemin|travessa|travesía';
const NUM = '\\d{1,6}[A-Za-z]?';

const STREET_RE = new RegExp([
  // [number] Words... Type [number]
  `(?<![\\w-])(?:${NUM} ){0,2}(?:${W} ){0,3}(?:${EN_TYPES})\\.?(?: ${NUM}\\.?)?(?![\\p{L}\\d])`,
  // Compound street name + number
  `(?<![\\p{L}\\d])(?:${NUM} )?${COMPOUND} ${NUM}(?![\\p{L}\\d])`,
  // Prefix type + words + number
  `(?<![\\p{L}\\d])(?:${NUM} )?(?:${PREFIX_TYPES}) (?:${W} ){0,4}${NUM}(?![\\p{L}\\d])`,
  // Military post: PSC 0725, Box 6031 / Unit 4526 Box 0671, then APO AE 12345
  `(?<![\\w])(?:psc|unit|cmr) \\d{3,5},? box \\d{3,5}(?:\\s{1,4}[afd]po a[aep] \\d{5})?`,
  `(?<![\\w])(?:apt|apartment|suite|ste|unit|flat|room)\\.? #?\\d{1,5}[A-Za-z]?(?![\\w])`,
].join('|'), 'giu');

const ADDRESS_CTX = contextWords(['address', 'lives at', 'live at', 'located at', 'located on', 'ship to', 'send it to',
  'sent to', 'meet me at', 'mailing', 'billing', 'station is on', 'office is', 'is at', 'drops you off at', 'residence']);
// Lines that continue a postal block: Apt/Suite, a city, ", ST", a country + postcode.
const CONTINUATION = /^[ \t>?]{0,6}(?:[\p{Lu}\p{Ll}][\p{L}'. -]{1,40}|,\s?[A-Z]{2}|\d{4,6}|[\p{L} ]{2,30} \d{4,6}|(?:apt|suite|unit)\.? \d{1,5})[ \t,]{0,3}$/iu;
const POSTCODE_LINE = /^[ \t>?]{0,6}(?:[\p{L} ]{2,30} )?\d{4,6}\s*$/u;
const LOOKS_LIKE_STREET = /\d/;

// Only words that are street types in their own right; short ones like "st",
// "dr" or "park" alone are too common to count without a house number.
const WEAK_TYPE_ALONE = /^(?:\d{1,6}[a-z]? )?(?:st|dr|ct|pl|park|hill|walk|row|way|ring|gate|court|place|square|circle|route|loop|str)\.?$/i;

function detectAddress(text: string): Span[] {
  const out: Span[] = [];
  eachMatch(STREET_RE, text, (m) => {
    const raw = m[0];
    const words = raw.split(' ');
    // A street line needs a number somewhere, or an address context word.
    const hasNumber = LOOKS_LIKE_STREET.test(raw);
    const hit = findContext(text, m.index, m.index + raw.length, ADDRESS_CTX, 40, 0);
    if (!hasNumber && hit === null) return;
    if (words.length < 2 || WEAK_TYPE_ALONE.test(raw.trim())) return;
    let end = m.index + raw.length;
    // Take along the lines of a postal block (city, state, country, postcode).
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
    while (end > m.index && /[\s,]/.test(text[end - 1] as string)) end--;
    const score = hit === null ? (hasNumber ? 0.6 : 0.5) : 0.85;
    const why = hit === null ? 'street line' : `street line; context word "${hit.word}"`;
    out.push({ type: 'STREET_ADDRESS', start: m.index, end, score, explanation: why });
  });
  return out;
}

export const ADDRESS_DETECTORS: readonly DetectorFactory[] = [
  fixed('street_address', 'pii', ['STREET_ADDRESS'], (t) => detectAddress(t.text)),
];
