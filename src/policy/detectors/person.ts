// Person names in context (§4.3). Without a statistical NER model, a name is a
// run of capitalized tokens that either starts with a known given name or sits
// after a cue ("my name is", "Dr.", "by", "Name:"). Reported with the cue.
import { contextWords } from './context.js';
import { eachMatch, fixed } from './detector.js';
import { GIVEN_NAMES, NOT_NAMES } from './names-lexicon.js';
import { wordClass } from './lexicon.js';
import type { DetectorFactory, TextInput } from './detector.js';
import type { Span } from '../types.js';

// Capitalized token (Unicode), optional middle initial, particles, up to 4 parts.
const TOKEN = "\\p{Lu}[\\p{Ll}\\p{M}'’]{1,20}(?:-\\p{Lu}[\\p{Ll}\\p{M}]{1,20})?";
const PARTICLE = "(?:van|von|de|der|den|da|di|del|la|le|du|dos|das|bin|al|ibn|ben|ter|ten|zu)";
const NAME_RE = new RegExp(
  `(?<![\\p{L}\\p{M}\\d])${TOKEN}(?:[ \\t](?:\\p{Lu}\\.?[ \\t])?(?:${PARTICLE}[ \\t]){0,2}${TOKEN}){0,3}(?![\\p{L}\\p{M}\\d])`, 'gu');

const STRONG_CUE = /(?<![A-Za-z])(?:name is|name:|name\?|named|called|i am|i'm|this is|mr\.?|mrs\.?|ms\.?|miss|dr\.?|prof\.?|dear|hi|hello|thanks|user:|patient:?|directed by:?|written by|signed|regards,?|sincerely,?|says|said|asked|named (?:him|her)|calls me|starring|add)\s{1,4}$/i;
const WEAK_CUE = /(?<![A-Za-z])(?:by|with|contact|ask|tell|told|met|call|email|cc|producer|founders?:?|under|leave me)\s{1,4}$/i;
const AFTER_CUE = /^\s{0,2}(?:said|says|told|wrote|asked|called|explained|shouted|replied|lives|lived|spent|flew|went|moved|began|will|would|was|is|has|had|from|'s|’s|:|\(|,)(?![\p{L}])/u;
// Verbs that take a person as subject: a strong sign when a capitalized word precedes them.
const ACTION_AFTER = /^\s{0,2}(?:shouted|said|says|told|asked|replied|lives|lived|began|spent|flew|went|moved|had given|wrote|explained|just has|is very|will be talking)\b/;
// "Koppány: \"Who are you?\"": a speaker label at the start of a line, not a form field.
const SPEAKER = /^: ["“]?\p{Lu}/u;
const FORM_LABEL = /^(?:bot|user|agent|system|date|time|when|where|mobile|desk|fax|phone|tel|email|e-mail|address|name|subject|note|notes|info|personal info|directed by|title|position|company|website|from|to|cc|re|answer|question|q|a|reminder|update|fyi|warning|important|urgent|status|summary|action|agenda|location|result|reason|total|price|cost)$/i;
// A trailing word that makes the run an organization, a place or a thing.
const NOT_PERSON_TAIL = /^(?:orchestra|technologies|technology|associates|solutions|investments|research|inc|llc|ltd|corp|corporation|company|sons|group|partners|systems|labs|foundation|agency|consulting|services|insight|media|bank|university|college|school|hospital|republic|kingdom|states|islands?|street|road|avenue|city|county|park|center|centre|records|band|show|weekly|news|times|museum|church|hotel|restaurant|cafe|club)$/i;
const PERSON_CTX = contextWords(['name', 'patient', 'employee', 'client', 'customer', 'person', 'contact', 'manager', 'spouse', 'husband', 'wife']);

function isNameToken(w: string): boolean {
  return GIVEN_NAMES.has(w.toLowerCase());
}

function detectPerson(input: TextInput): Span[] {
  const text = input.text;
  const out: Span[] = [];
  eachMatch(NAME_RE, text, (m) => {
    let tokens = m[0].split(/[ \t]+/);
    let start = m.index;
    // Drop leading words that are not names ("The", "Hello") and move the start.
    while (tokens.length > 0 && NOT_NAMES.has((tokens[0] as string).toLowerCase().replace(/[.'’]+$/, ''))) {
      start += (tokens[0] as string).length + 1;
      tokens = tokens.slice(1);
    }
    while (tokens.length > 0 && NOT_NAMES.has((tokens[tokens.length - 1] as string).toLowerCase())) tokens = tokens.slice(0, -1);
    if (tokens.length === 0 || NOT_PERSON_TAIL.test(tokens[tokens.length - 1] as string)) return;
    const surface = tokens.join(' ');
    const end = text.indexOf(surface, start) + surface.length;
    if (end <= start) return;
    const before = text.slice(Math.max(0, start - 24), start);
    const sentenceStart = /(?:^|[.!?:\n]\s*|["“(]\s*)$/.test(before) || start === 0;
    const cue = STRONG_CUE.exec(before);
    // A line holding nothing but two or three capitalized words: a signature or address block.
    const lineStart = /(?:^|\n)[ \t>]{0,4}$/.test(text.slice(Math.max(0, start - 6), start));
    const wholeLine = lineStart && /^[ \t]{0,4}(?:\r?\n|$)/.test(text.slice(end, end + 6)) && tokens.length <= 3;
    const following = text.slice(end, end + 24);
    const after = AFTER_CUE.test(following);
    const action = ACTION_AFTER.test(following) || (lineStart && SPEAKER.test(following) && !FORM_LABEL.test(surface));
    const given = isNameToken(tokens[0] as string);
    const nonAscii = /[^\x20-\x7e]/.test(surface);
    // "Janka M. Szász": a middle initial is a strong sign of a personal name.
    const initial = /^\S+ \p{Lu}\.? \S+/u.test(surface);
    let score = 0;
    let why = '';
    if (given && tokens.length >= 2) { score = 0.85; why = 'given name + surname'; }
    else if (given) { score = sentenceStart ? 0.5 : 0.6; why = 'given name'; }
    else if (wholeLine && tokens.length >= 2) { score = 0.6; why = 'name line'; }
    else if (tokens.length >= 2 && !sentenceStart) { score = nonAscii ? 0.6 : 0.45; why = 'capitalized name sequence'; }
    else if (tokens.length >= 2) { score = nonAscii || initial ? 0.5 : 0.4; why = 'capitalized name sequence'; }
    else { score = nonAscii && !sentenceStart ? 0.35 : 0.2; why = 'capitalized word'; }
    const weak = cue === null ? WEAK_CUE.exec(before) : null;
    if (cue !== null) { score += 0.45; why += `; cue "${cue[0].trim()}"`; }
    else if (weak !== null) { score += 0.15; why += `; cue "${weak[0].trim()}"`; }
    else if (action) { score += 0.4; why += '; subject of a verb of speech or action'; }
    else if (after) { score += 0.15; why += '; followed by a verb'; }
    else {
      const ctx = PERSON_CTX.exec(before);
      PERSON_CTX.lastIndex = 0;
      if (ctx !== null) { score += 0.15; why += `; context word "${ctx[0]}"`; }
    }
    score = Math.min(1, score);
    if (score < 0.6) return;
    out.push({ type: 'PERSON', start, end, score, explanation: why });
  });
  const lists = detectNameLists(input, out);
  return lists.length === 0 ? out : [...out, ...lists];
}

// "Gaetane, Hannah, Anthony and Derek": items of a coordinated list are names
// when the list holds known given names (two, or one in an all-capitalized list).
const ITEM = "\\p{L}[\\p{L}'’-]{1,20}";
const LIST_RE = new RegExp(`(?<![\\p{L}\\d])${ITEM}(?:, ${ITEM}){0,12},? and ${ITEM}(?![\\p{L}\\d])`, 'gu');

// A list needs a known given name among its items. In plain ASCII text the
// items are exactly the words the tokenizer sees, so a text without one skips the list pattern.
const GIVEN_CLASS = wordClass(GIVEN_NAMES);

/** Whether [start, end) overlaps one of `spans` (sorted, not overlapping each other): binary search. */
function covered(spans: readonly Span[], start: number, end: number): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((spans[mid] as Span).start < end) lo = mid + 1;
    else hi = mid - 1;
  }
  const f = spans[hi];
  return f !== undefined && start < f.end;
}

function detectNameLists(input: TextInput, found: readonly Span[]): Span[] {
  const out: Span[] = [];
  const text = input.text;
  if (!text.includes(' and ')) return out;
  if (input.normalized().plain && !input.hasAnyWord(GIVEN_CLASS)) return out;
  eachMatch(LIST_RE, text, (m) => {
    const items: { word: string; start: number }[] = [];
    const re = /[\p{L}'’-]+/gu;
    let w: RegExpExecArray | null;
    while ((w = re.exec(m[0])) !== null) if (w[0] !== 'and') items.push({ word: w[0], start: m.index + w.index });
    const given = items.filter((i) => isNameToken(i.word)).length;
    const capitalized = items.every((i) => /^\p{Lu}/u.test(i.word));
    if (!(given >= 2 || (given >= 1 && capitalized))) return;
    for (const i of items) {
      if (NOT_NAMES.has(i.word.toLowerCase())) continue;
      const end = i.start + i.word.length;
      if (covered(found, i.start, end)) continue;
      out.push({ type: 'PERSON', start: i.start, end, score: 0.65, explanation: `list of names (${given} known given names)` });
    }
  });
  return out;
}

export const PERSON_DETECTORS: readonly DetectorFactory[] = [
  fixed('person_name', 'pii', ['PERSON'], detectPerson),
];
