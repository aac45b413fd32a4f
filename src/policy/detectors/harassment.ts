// Harassment and illegal discrimination (§5.3.3). Three signals, each
// recording the protected class: a slur; a hostile word near a group noun; a
// direct insult ("you are a ... idiot", class "none").
import { toOriginal } from '../normalize.js';
import { GROUPS, HOSTILE, INSULTS, PROFANITY, SLURS } from './conduct-lexicon.js';
import { fixed } from './detector.js';
import { innocentUses } from './innocent-uses.js';
import { Lexicon, entryOf, wordClass } from './lexicon.js';
import type { DetectorFactory, TextInput } from './detector.js';
import type { Span } from '../types.js';

const slurLexicons = Object.entries(SLURS).map(([cls, words]) => new Lexicon('HARASSMENT', words, { protectedClass: cls }));
const groupLexicons = Object.entries(GROUPS).map(([cls, words]) => new Lexicon('GROUP', words, { protectedClass: cls }));
const HOSTILE_LEX = new Lexicon('HOSTILE', HOSTILE);
const INSULT_LEX = new Lexicon('INSULT', INSULTS);
const PROFANE_LEX = new Lexicon('PROFANITY', PROFANITY);
// Words that mark talk *about* discrimination, not discrimination itself.
const META = wordClass(['discrimination', 'discriminate', 'racism', 'racist', 'crime', 'crimes', 'speech', 'bigotry',
  'prejudice', 'stereotype', 'stereotypes', 'stereotyping', 'equality', 'equal', 'rights', 'support', 'respect', 'protect', 'protected', 'harassment', 'policy', 'law', 'illegal']);
// Slurs that are also everyday words or reclaimed in-group speech: weaker alone.
// Identity words people use of themselves ("queer") and disability slurs used of
// things ("my phone is acting retarded") are in this group too: they count when
// aimed at someone, not as words alone.
const AMBIGUOUS = new Set(['monkeys', 'ape', 'apes', 'cracker*', 'coon*', 'gook*', 'spook', 'homo', 'homos',
  'cripple*', 'geezer*', 'redskin*', 'injun', 'illegals', 'paki', 'tranny', 'negro*', 'aryan', 'sieg', 'queer', 'queers',
  'retard', 'retards', 'retarded', 'tard', 'tards']);
// Gendered and racial slurs common as casual insults, and their respellings: always reported, at a score that sends them to review.
const CASUAL = new Set(['bitches', 'whore', 'slut', 'cunt*', 'thot', 'thots', 'nigga*', 'niggah', 'nicca*', 'nigguh*', 'skank*', 'nig',
  'nigs', 'niger', 'hoe', 'hoes']);
const YOU = wordClass(['you', 'u', 'ur', "you're", 'youre', 'ya', 'your']);
const WINDOW = 5;
// About a sentence: how far another hostile word may be from a word that is a slur only in some uses.
const SENTENCE = 12;

// Group words that are also adjectives ("Russian gas", "a gay flag", "black
// coffee"): before a noun that is not about people they describe a thing, and a
// hostile word nearby is not said of the group.
const ADJECTIVAL = new Set(['black', 'white', 'asian', 'latino', 'latina', 'hispanic', 'arab', 'african', 'american', 'ethnic',
  'racial', 'race', 'mexican', 'chinese', 'russian', 'immigrant', 'migrant', 'refugee', 'alien', 'jewish', 'muslim', 'islam',
  'christian', 'catholic', 'hindu', 'sikh', 'buddhist', 'atheist', 'mormon', 'zionist', 'female', 'male', 'gay', 'lesbian',
  'homosexual', 'transgender', 'trans', 'lgbt', 'lgbtq', 'feminist', 'disabled', 'handicapped', 'autistic', 'blind', 'deaf',
  'wheelchair', 'women', 'woman', 'men']);
// What may follow such a word and still be about people: people nouns, other group words, and words that end a noun phrase.
const PEOPLE = new Set(['people', 'person', 'persons', 'ppl', 'folk', 'folks', 'man', 'men', 'woman', 'women', 'guy', 'guys',
  'boy', 'boys', 'girl', 'girls', 'kid', 'kids', 'child', 'children', 'teen', 'teens', 'youth', 'lady', 'ladies', 'dude', 'dudes',
  'community', 'communities', 'family', 'families', 'population', 'populations', 'americans', 'immigrants', 'workers',
  'employees', 'students', 'neighbors', 'neighbours', 'citizens', 'voters', 'ones', 'individuals', 'nation', 'nations',
  'countries', 'country', 'race', 'races', 'and', 'or', 'is', 'are', 'was', 'were', 'be', 'been', 'who', 'that', 'they', 'them',
  'should', 'will', 'would', 'can', 'could', 'must', 'need', 'have', 'has', 'do', 'does', 'did', 'get', 'got', 'all', 'too',
  'here', 'there', 'in', 'on', 'at', 'to', 'from', 'with', 'for', 'of', 'by', 'like', 'as', 'than', 'then', 'so', 'just',
  'not', 'never', 'always', 'only', 'also', 'still', 'even']);

/**
 * Whether a group-word hit is an adjective describing a thing: the next word
 * follows after one space and is neither about people nor hostile itself
 * ("white trash" is said of people; so, for want of a parser, is "Russian gas").
 */
function describesThing(input: TextInput, hit: Span): boolean {
  const n = input.normalized();
  const tokens = input.tokens();
  const i = input.tokenStartingAt(hit.start);
  const t = tokens[i];
  if (t === undefined || !ADJECTIVAL.has(t.word) || entryOf(hit).includes(' ')) return false;
  const next = tokens[i + 1];
  if (next === undefined || next.start !== t.end + 1 || n.text.charCodeAt(t.end) !== 32) return false;
  if (PEOPLE.has(next.word) || YOU.has(next)) return false;
  // "white trash", "muslim twats": a hostile or group word after it is said of people.
  const said = (lex: Lexicon): boolean => lex.lookup(next) !== undefined;
  return !(groupLexicons.some(said) || slurLexicons.some(said) || said(HOSTILE_LEX) || said(INSULT_LEX) || said(PROFANE_LEX));
}

function detectHarassment(input: TextInput): Span[] {
  const n = input.normalized();
  // Words by index from the table: Token objects only for the words this reads.
  const words = input.tokenTable();
  const out: Span[] = [];
  const meta = input.hasAnyWord(META);
  const ambiguous: Span[] = [];
  const innocent = innocentUses(input);
  for (const lex of slurLexicons) {
    for (const s of lex.findIn(input, 0.85)) {
      const entry = entryOf(s).replace(/ /g, '~');
      if (innocent(s, entry)) continue;
      if (AMBIGUOUS.has(entry)) ambiguous.push({ ...s, score: 0.55 });
      else if (CASUAL.has(entry)) out.push({ ...s, score: 0.55 });
      else out.push(s);
    }
  }
  for (let i = 0; i < words.count; i++) {
    // Both signals start at a word some lexicon could match or at a "you" word: the others cost two bit tests.
    if (!words.hot(i) && !words.inClass(i, YOU)) continue;
    const t = words.token(i);
    // Strong profanity aimed at a group ("f*** <group> people") is hostile too.
    const hostile = HOSTILE_LEX.lookup(t) ?? (PROFANE_LEX.lookup(t)?.startsWith('fuck') ? 'fuck' : undefined);
    if (hostile !== undefined && !meta) {
      const lo = Math.max(0, i - WINDOW);
      const hi = Math.min(words.count, i + WINDOW + 1);
      const windowTokens = input.tokens().slice(lo, hi);
      for (const g of groupLexicons) {
        const hit = g.findInTokens(n, windowTokens, 0.7).find((h) => !describesThing(input, h));
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
      for (let j = i + 1; j <= Math.min(words.count - 1, i + 4) && k < 0; j++) if (INSULT_LEX.lookup(words.token(j)) !== undefined) k = j;
      if (k < 0 && i >= 2 && words.token(i - 1).word === 'like' && INSULT_LEX.lookup(words.token(i - 2)) !== undefined) k = i - 2;
      if (k >= 0) {
        const other = words.token(k);
        const o = toOriginal(n, Math.min(t.start, other.start), Math.max(t.end, other.end));
        // An insult names no protected class: it is harassment for a reviewer to judge, not discrimination to block.
        out.push({ type: 'HARASSMENT', start: o.start, end: o.end, score: 0.55, attributes: { protectedClass: 'none' },
          explanation: `insult "${other.word}" directed at "${t.word}"` });
      }
    }
  }
  // A word that is a slur only in some uses ("cracker", "coon") counts when the
  // message is hostile in another way too, names a group, or aims it at "you".
  if (ambiguous.length === 0) return out;
  // Another hostile signal in about the same sentence: a hostile, insulting or
  // profane word that is not one of the ambiguous ones itself ("retard" is also
  // an insult), or "you" or a group within three words. A slur elsewhere makes the whole message hostile; a
  // hostile word far away in a long text is not said of this word.
  const at = ambiguous.map((a) => input.tokenStartingAt(a.start));
  const atSet = new Set(at);
  const hostileAt = new Set<number>();
  for (const lex of [HOSTILE_LEX, INSULT_LEX, PROFANE_LEX]) for (const i of lex.wordHits(input)) if (!atSet.has(i)) hostileAt.add(i);
  // Two different such words ("redskins ... injuns") are telling; the same word twice is not.
  if (out.length > 0 || new Set(ambiguous.map(entryOf)).size >= 2) {
    out.push(...ambiguous);
    return out;
  }
  for (const [k, a] of ambiguous.entries()) {
    const i = at[k] as number;
    let hostile = false;
    for (let j = Math.max(0, i - SENTENCE); j <= i + SENTENCE && !hostile; j++) hostile = hostileAt.has(j);
    const near = input.tokens().slice(Math.max(0, i - 3), i + 4);
    if (hostile || near.some((t) => YOU.has(t)) || groupLexicons.some((g) => g.findInTokens(n, near, 0.5).length > 0)) out.push(a);
  }
  return out;
}

export const HARASSMENT_DETECTORS: readonly DetectorFactory[] = [
  fixed('harassment', 'harassment', ['HARASSMENT'], detectHarassment),
];
