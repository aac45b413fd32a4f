// Harassment and illegal discrimination (§5.3.3). Three signals, each
// recording the protected class: a slur; a hostile word near a group noun; a
// direct insult ("you are a ... idiot", class "none").
import { toOriginal } from '../normalize.js';
import { GROUPS, HOSTILE, INSULTS, PROFANITY, SLURS } from './conduct-lexicon.js';
import { fixed } from './detector.js';
import { Lexicon, wordClass } from './lexicon.js';
import type { DetectorFactory, TextInput } from './detector.js';
import type { Token } from './lexicon.js';
import type { Span } from '../types.js';

const slurLexicons = Object.entries(SLURS).map(([cls, words]) => new Lexicon('HARASSMENT', words, { protectedClass: cls }));
const groupLexicons = Object.entries(GROUPS).map(([cls, words]) => new Lexicon('GROUP', words, { protectedClass: cls }));
const HOSTILE_LEX = new Lexicon('HOSTILE', HOSTILE);
const INSULT_LEX = new Lexicon('INSULT', INSULTS);
const PROFANE_LEX = new Lexicon('PROFANITY', PROFANITY);
// Words that mark talk *about* discrimination, not discrimination itself.
const META = wordClass(['discrimination', 'discriminate', 'racism', 'racist', 'crime', 'crimes', 'speech', 'bigotry',
  'prejudice', 'equality', 'equal', 'rights', 'support', 'respect', 'protect', 'protected', 'harassment', 'policy', 'law', 'illegal']);
// Slurs that are also everyday words or reclaimed in-group speech: weaker alone.
// Identity words people use of themselves ("queer") and disability slurs used of
// things ("my phone is acting retarded") are in this group too: they count when
// aimed at someone, not as words alone.
const AMBIGUOUS = new Set(['monkeys', 'ape', 'apes', 'cracker*', 'coon*', 'gook*', 'spook', 'homo', 'homos',
  'cripple*', 'geezer*', 'redskin*', 'injun', 'illegals', 'paki', 'tranny', 'negro*', 'aryan', 'sieg', 'queer', 'queers',
  'retard', 'retards', 'retarded', 'tard', 'tards']);
// Gendered and racial slurs common as casual insults: always reported, at a score that sends them to review.
const CASUAL = new Set(['bitches', 'whore', 'slut', 'cunt*', 'thot', 'thots', 'nigga*', 'skank*', 'nig', 'nigs', 'niger', 'hoe', 'hoes']);
// Set phrases in which a slur's letters mean something else ("honky-tonk", "Cracker Barrel").
const INNOCENT = new Lexicon('INNOCENT', `honky~tonk honkey~tonk hoe~down hoe~cake cracker~barrel graham~cracker
  cheese~and~crackers soup~and~crackers animal~crackers planet~of~the~apes spook~country`);
// "hoe" is Dutch for "how": in a message written in Dutch it is not a slur.
const DUTCH_ONLY = new Set(['hoe', 'hoes']);
const DUTCH = wordClass(['het', 'een', 'ik', 'niet', 'zijn', 'maar', 'ook', 'naar', 'geen', 'nog', 'bij', 'moet', 'kunt',
  'zich', 'altijd', 'nooit', 'waar', 'wat', 'heeft', 'wordt', 'deze', 'dit', 'ze', 'dat', 'zo', 'kan', 'weer']);
const YOU = wordClass(['you', 'u', 'ur', "you're", 'youre', 'ya', 'your']);
const WINDOW = 5;

const entryOf = (s: Span): string => /"(.*)"$/.exec(s.explanation)?.[1] ?? '';

/** Whether `s` lies inside one of `spans` (sorted by start, as a lexicon reports them): binary search, so many of both stay linear. */
function insideAny(spans: readonly Span[], s: Span): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((spans[mid] as Span).start <= s.start) lo = mid + 1;
    else hi = mid - 1;
  }
  const p = spans[hi];
  return p !== undefined && s.end <= p.end;
}

function detectHarassment(input: TextInput): Span[] {
  const n = input.normalized();
  const tokens = input.tokens();
  const out: Span[] = [];
  const meta = input.hasAnyWord(META);
  const ambiguous: Span[] = [];
  const innocent = INNOCENT.findIn(input, 1);
  const dutch = input.hasAnyWord(DUTCH) && tokens.filter((t) => DUTCH.has(t)).length >= 2;
  for (const lex of slurLexicons) {
    for (const s of lex.findIn(input, 0.85)) {
      const entry = entryOf(s).replace(/ /g, '~');
      if (innocent.length > 0 && insideAny(innocent, s)) continue;
      if (dutch && DUTCH_ONLY.has(entry)) continue;
      if (AMBIGUOUS.has(entry)) ambiguous.push({ ...s, score: 0.55 });
      else if (CASUAL.has(entry)) out.push({ ...s, score: 0.55 });
      else out.push(s);
    }
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    // Strong profanity aimed at a group ("f*** <group> people") is hostile too.
    const hostile = HOSTILE_LEX.lookup(t) ?? (PROFANE_LEX.lookup(t)?.startsWith('fuck') ? 'fuck' : undefined);
    if (hostile !== undefined && !meta) {
      const lo = Math.max(0, i - WINDOW);
      const hi = Math.min(tokens.length, i + WINDOW + 1);
      const windowTokens = tokens.slice(lo, hi);
      for (const g of groupLexicons) {
        const hit = g.findInTokens(n, windowTokens, 0.7)[0];
        if (hit === undefined) continue;
        const o = toOriginal(n, t.start, t.end);
        const start = Math.min(o.start, hit.start);
        const end = Math.max(o.end, hit.end);
        out.push({ type: 'HARASSMENT', start, end, score: 0.7, attributes: hit.attributes ?? {},
          explanation: `hostile word "${t.word}" near group ${entryOf(hit)}` });
        break;
      }
    }
    // "you (are) (a|an|such a) (stupid) idiot", "fools like you"
    if (YOU.has(t)) {
      let k = -1;
      for (let j = i + 1; j <= Math.min(tokens.length - 1, i + 4) && k < 0; j++) if (INSULT_LEX.lookup(tokens[j] as Token) !== undefined) k = j;
      if (k < 0 && i >= 2 && (tokens[i - 1] as Token).word === 'like' && INSULT_LEX.lookup(tokens[i - 2] as Token) !== undefined) k = i - 2;
      if (k >= 0) {
        const other = tokens[k] as Token;
        const o = toOriginal(n, Math.min(t.start, other.start), Math.max(t.end, other.end));
        out.push({ type: 'HARASSMENT', start: o.start, end: o.end, score: 0.65, attributes: { protectedClass: 'none' },
          explanation: `insult "${other.word}" directed at "${t.word}"` });
      }
    }
  }
  // A word that is a slur only in some uses ("cracker", "coon") counts when the
  // message is hostile in another way too, names a group, or aims it at "you".
  if (ambiguous.length === 0) return out;
  // Hostile words other than the ambiguous ones themselves ("retard" is also an insult).
  const at = ambiguous.map((a) => input.tokenStartingAt(a.start));
  const atSet = new Set(at);
  const others = (lex: Lexicon): boolean => lex.wordHits(input).some((i) => !atSet.has(i));
  const hostileElsewhere = out.length > 0 || others(HOSTILE_LEX) || others(INSULT_LEX) || others(PROFANE_LEX);
  // Two different such words ("redskins ... injuns") are telling; the same word twice is not.
  if (hostileElsewhere || new Set(ambiguous.map(entryOf)).size >= 2) out.push(...ambiguous);
  else {
    for (const [k, a] of ambiguous.entries()) {
      const i = at[k] as number;
      const near = tokens.slice(Math.max(0, i - 3), i + 4);
      if (near.some((t) => YOU.has(t)) || groupLexicons.some((g) => g.findInTokens(n, near, 0.5).length > 0)) out.push(a);
    }
  }
  return out;
}

export const HARASSMENT_DETECTORS: readonly DetectorFactory[] = [
  fixed('harassment', 'harassment', ['HARASSMENT'], detectHarassment),
];
