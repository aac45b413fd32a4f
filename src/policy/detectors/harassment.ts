// Harassment and illegal discrimination (§5.3.3). Three signals, each
// recording the protected class: a slur; a hostile word near a group noun; a
// direct insult ("you are a ... idiot", class "none").
import { toOriginal } from '../normalize.js';
import { GROUPS, HOSTILE, INSULTS, MILD_PROFANITY, PROFANITY, SLURS } from './conduct-lexicon.js';
import { detectSexual } from './conduct.js';
import { fixed } from './detector.js';
import { innocentUses } from './innocent-uses.js';
import { Lexicon, entryOf, wordClass } from './lexicon.js';
import type { DetectorFactory, TextInput } from './detector.js';
import type { Token } from './lexicon.js';
import type { TokenTable } from './words.js';
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
  'retarded', 'illegal~alien', 'cotton~picker']);
// Gendered and racial slurs common as casual insults, and their respellings: always reported, at a score that sends them to review.
// The noun "retard" is said of people (the adjective, said of things, is ambiguous above).
const CASUAL = new Set(['bitches', 'whore', 'slut', 'cunt*', 'thot', 'thots', 'nigga*', 'niggah', 'nicca*', 'nigguh*', 'skank*', 'nig',
  'nigs', 'niger', 'hoe', 'hoes', 'retard', 'retards', 'tard', 'tards', 'race~traitor']);
// Gendered slurs that are also the vocabulary of sexual material: in a sexually explicit text they are part of what
// the sexual-content rule reports (and blocks), not harassment of a person, unless aimed at the reader (the insult
// signal). Slurs for sexual orientation or gender identity ("tranny", "lesbo") name a protected class and stay;
// "shemale" is above all the name of a pornographic genre, and in explicit text it is that.
const SEXUAL_VOCABULARY = new Set(['whore', 'slut', 'cunt*', 'skank*', 'bitches', 'shemale*']);
const WINDOW = 5;
// About a sentence: how far another hostile word may be from a word that is a slur only in some uses.
const SENTENCE = 12;
const YOU = wordClass(['you', 'u', 'ur', "you're", 'youre', 'ya', 'your', "y'all", 'yall']);
// Words that may stand between "you" and what the reader is called ("you are a", "ur such a", "you little"), besides hostile ones.
const ADDRESS_FILLER = new Set(['are', 'r', 're', 'is', 'a', 'an', 'such', 'so', 'just', 'all', 'one', 'big', 'little', 'lil', 'old',
  'ol', 'damn']);
// Identity words people use of themselves: a group word next to them is talk about identity ("queer or gay"), not a target.
const IDENTITY = new Set(['queer', 'queers']);
// Everyday senses of words that are slurs in other uses, told by the topic of their sentence: crackers with soup or
// cheese are food; the Redskins of a game or a season are a football team (a name many schools still use); apes and
// monkeys at the zoo or in a talk about evolution are animals. Plain word sets, read only when such a word is found.
const SENSES: Readonly<Record<string, ReadonlySet<string>>> = {
  'cracker*': new Set(['soup', 'cheese', 'chips', 'dip', 'snack', 'snacks', 'eat', 'eats', 'eating', 'ate', 'munch', 'munching',
    'crumble', 'crumbs', 'graham', 'saltine', 'saltines', 'peanut', 'butter', 'wine', 'box', 'pack', 'packet', 'recipe', 'bake', 'baked']),
  'redskin*': new Set(['game', 'games', 'play', 'plays', 'played', 'playing', 'season', 'team', 'fans', 'nfl', 'football', 'vs',
    'score', 'touchdown', 'quarterback', 'coach', 'win', 'won', 'lose', 'lost', 'cowboys', 'stadium', 'league']),
  ...Object.fromEntries(['ape', 'apes', 'monkeys'].map((e) => [e, new Set(['zoo', 'zoos', 'primate', 'primates', 'species',
    'wildlife', 'evolution', 'evolved', 'ancestor', 'ancestors', 'gorilla', 'gorillas', 'chimp', 'chimps', 'chimpanzee',
    'chimpanzees', 'orangutan', 'orangutans'])])),
};
/** Whether a word of the sentence around token i names the everyday sense of `entry` (see SENSES). */
function everydaySense(tokens: readonly Token[], i: number, entry: string): boolean {
  const senses = SENSES[entry];
  if (senses === undefined) return false;
  for (let j = Math.max(0, i - SENTENCE); j <= Math.min(tokens.length - 1, i + SENTENCE); j++) if (senses.has((tokens[j] as Token).word)) return true;
  return false;
}

// Group words that are also adjectives ("Russian gas", "a gay flag", "black
// coffee"): before a noun that is not about people they describe a thing, and a
// hostile word nearby is not said of the group.
const ADJECTIVAL = new Set(['black', 'white', 'asian', 'latino', 'latina', 'hispanic', 'arab', 'african', 'american', 'ethnic',
  'racial', 'race', 'mexican', 'chinese', 'russian', 'immigrant', 'migrant', 'refugee', 'alien', 'jewish', 'muslim', 'islam',
  'christian', 'catholic', 'hindu', 'sikh', 'buddhist', 'atheist', 'mormon', 'zionist', 'female', 'male', 'gay', 'lesbian',
  'homosexual', 'transgender', 'trans', 'lgbt', 'lgbtq', 'feminist', 'disabled', 'handicapped', 'autistic', 'blind', 'deaf',
  'wheelchair', 'women', 'woman', 'men']);
const THING_NOUNS = new Set(['gas']);
// Hostile verbs whose phrasal senses are everyday ("hang out", "hang by the pool").
const PHRASAL: Readonly<Record<string, ReadonlySet<string>>> = {
  hang: new Set(['out', 'around', 'about', 'with', 'by', 'in', 'on', 'up', 'over']),
};
// After these an insult word is a verb ("you can bitch and moan", "you can't fool me").
const VERB_BEFORE = new Set(['can', 'could', 'will', 'would', 'should', 'to', 'gonna', 'wanna', 'cant', "can't", 'wont', "won't",
  'dont', "don't", 'didnt', "didn't", 'never', 'may', 'might', 'must']);
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
  // After one space, or a hyphen of a compound modifier ("race-based", "Muslim-majority").
  const joint = n.text.charCodeAt(t.end);
  if (next === undefined || next.start !== t.end + 1 || (joint !== 32 && joint !== 45)) return false;
  if (PEOPLE.has(next.word) || YOU.has(next)) return false;
  // "white trash", "muslim twats": a hostile or group word after it is said of people. A noun that is hostile only
  // as a verb ("gas them") names the thing after an adjective ("Russian gas").
  if (THING_NOUNS.has(next.word)) return true;
  const said = (lex: Lexicon): boolean => lex.lookup(next) !== undefined;
  return !(groupLexicons.some(said) || slurLexicons.some(said) || said(HOSTILE_LEX) || said(INSULT_LEX) || said(PROFANE_LEX));
}

/**
 * A lexicon's phrase entries in the message ("get rid of", "piece of shit"), by the index of their first word: a single
 * word's lookup cannot see them. A shared empty map when there is none.
 */
function phrasesByWord(input: TextInput, lex: Lexicon): ReadonlyMap<number, string> {
  const found = lex.findPhrasesIn(input, 0);
  return found.length === 0 ? NO_PHRASES : new Map(found.map((p) => [input.tokenStartingAt(p.start), entryOf(p)]));
}
const NO_PHRASES: ReadonlyMap<number, string> = new Map();

function detectHarassment(input: TextInput): Span[] {
  const n = input.normalized();
  // Words by index from the table: Token objects only for the words this reads.
  const words = input.tokenTable();
  const out: Span[] = [];
  const meta = input.hasAnyWord(META);
  const ambiguous: Span[] = [];
  const innocent = innocentUses(input);
  let explicit: boolean | undefined;
  for (const lex of slurLexicons) {
    for (const s of lex.findIn(input, 0.85)) {
      const entry = entryOf(s).replace(/ /g, '~');
      if (innocent(s, entry)) continue;
      if (SEXUAL_VOCABULARY.has(entry) && (explicit ??= detectSexual(input).length > 0)) continue;
      if (mentioned(input.tokens(), input.tokenStartingAt(s.start))) continue;
      if (DIGITS.test(entry) && !standaloneCode(input.text, s, entry)) continue;
      if (AMBIGUOUS.has(entry)) ambiguous.push({ ...s, score: 0.55 });
      else if (CASUAL.has(entry)) { if (!selfSaid(input.tokens(), input.tokenStartingAt(s.start))) out.push({ ...s, score: 0.55 }); }
      else out.push(s);
    }
  }
  const phraseAt = phrasesByWord(input, HOSTILE_LEX);
  const insultPhraseAt = phrasesByWord(input, INSULT_LEX);
  for (let i = 0; i < words.count; i++) {
    // Both signals start at a word some lexicon could match or at a "you" word: the others cost two bit tests.
    if (!words.hot(i) && !words.inClass(i, YOU)) continue;
    const t = words.token(i);
    // Strong profanity aimed at a group ("f*** <group> people") is hostile too.
    const hostile = phraseAt.get(i) ?? HOSTILE_LEX.lookup(t) ?? (PROFANE_LEX.lookup(t)?.startsWith('fuck') ? 'fuck' : undefined);
    if (hostile !== undefined && !meta && PHRASAL[hostile]?.has(i + 1 < words.count ? words.token(i + 1).word : '') !== true
      && !reported(input.tokens(), i, hostile) && !attributed(input.tokens(), i) && !possessed(words, i, hostile)
      && !negated(words, i, hostile)) {
      const lo = Math.max(0, i - WINDOW);
      const hi = Math.min(words.count, i + WINDOW + 1);
      const windowTokens = input.tokens().slice(lo, hi);
      const o = toOriginal(n, t.start, t.end);
      // "fucking" modifies the word after it: "fucking immigrants" is hostile, "women are fucking amazing" praise.
      const intensifier = hostile === 'fuck' && INTENSIFIER.test(t.word);
      for (const g of groupLexicons) {
        const hit = g.findInTokens(n, windowTokens, 0.7).find((h) => !describesThing(input, h) && sameSentence(input.text, o, h)
          && !(intensifier && h.start < o.start)
          && !(h.end <= o.start && objectOfPreposition(input.tokens(), input.tokenStartingAt(h.start)))
          && !quoted(input.text, Math.min(o.start, h.start), Math.max(o.end, h.end)));
        if (hit === undefined) continue;
        const start = Math.min(o.start, hit.start);
        const end = Math.max(o.end, hit.end);
        out.push({ type: 'HARASSMENT', start, end, score: 0.7, attributes: hit.attributes ?? {},
          explanation: `hostile word "${phraseAt.get(i) ?? t.word}" near group ${entryOf(hit)}` });
        break;
      }
    }
    // "you (are) (a|an|such a) (stupid) idiot", "fools like you"
    if (YOU.has(t)) {
      let k = -1;
      for (let j = i + 1; j <= Math.min(words.count - 1, i + 4) && k < 0; j++) {
        if ((insultPhraseAt.has(j) || INSULT_LEX.lookup(words.token(j)) !== undefined) && !VERB_BEFORE.has(words.token(j - 1).word)
          && !negated(words, j, '')) k = j;
      }
      if (k < 0 && i >= 2 && words.token(i - 1).word === 'like' && INSULT_LEX.lookup(words.token(i - 2)) !== undefined) k = i - 2;
      if (k >= 0 && sameSentence(input.text, toOriginal(n, t.start, t.end), toOriginal(n, words.token(k).start, words.token(k).end))) {
        const other = words.token(k);
        const o = toOriginal(n, Math.min(t.start, other.start), Math.max(t.end, other.end));
        // An insult names no protected class: it is harassment for a reviewer to judge, not discrimination to block.
        out.push({ type: 'HARASSMENT', start: o.start, end: o.end, score: 0.55, attributes: { protectedClass: 'none' },
          explanation: `insult "${insultPhraseAt.get(k) ?? other.word}" directed at "${t.word}"` });
      }
    }
  }
  // A word that is a slur only in some uses ("cracker", "coon") counts when the
  // message is hostile in another way too, names a group, or aims it at "you".
  if (ambiguous.length === 0) return out;
  // Rare from here on: every word as a Token.
  const tokens = input.tokens();
  // Another hostile signal in about the same sentence: a hostile, insulting or
  // profane word that is not one of the ambiguous ones itself, a group within
  // three words, or the reader addressed by it (see addressed). A slur elsewhere
  // makes the whole message hostile; a hostile word far away in a long text is
  // not said of this word. Words in their everyday sense are dropped first.
  const kept: Span[] = [];
  const keptAt: number[] = [];
  for (const a of ambiguous) {
    const i = input.tokenStartingAt(a.start);
    if (everydaySense(tokens, i, entryOf(a))) continue;
    kept.push(a);
    keptAt.push(i);
  }
  const atSet = new Set(keptAt);
  // Mild words ("a hell of a game") intensify; they are not hostility.
  const hostileAt = new Set<number>();
  for (const lex of [HOSTILE_LEX, INSULT_LEX]) for (const i of lex.wordHits(input)) if (!atSet.has(i)) hostileAt.add(i);
  for (const i of PROFANE_LEX.wordHits(input)) if (!atSet.has(i) && !MILD_PROFANITY.has(PROFANE_LEX.lookup(tokens[i] as Token) ?? '')) hostileAt.add(i);
  // Two different such words ("redskins ... injuns") are telling; the same word twice is not.
  if (out.length > 0 || new Set(kept.map(entryOf)).size >= 2) {
    out.push(...kept);
    return out;
  }
  for (const [k, a] of kept.entries()) {
    const i = keptAt[k] as number;
    let hostile = false;
    for (let j = Math.max(0, i - SENTENCE); j <= i + SENTENCE && !hostile; j++) hostile = hostileAt.has(j);
    // Three words either side, not the word itself: "Negroes" and "illegal aliens" are group words too.
    const last = i + entryOf(a).split(' ').length - 1;
    const near = [...tokens.slice(Math.max(0, i - 3), i), ...tokens.slice(last + 1, last + 4)];
    const group = !IDENTITY.has(entryOf(a)) && groupLexicons.some((g) => g.findInTokens(n, near, 0.5).length > 0);
    // A profane word right before it, even a mild one, is said of what it names ("damn coon").
    const cursed = i > 0 && PROFANE_LEX.lookup(tokens[i - 1] as Token) !== undefined;
    if (hostile || cursed || addressed(n.text, tokens, i, hostileAt) || group) out.push(a);
  }
  return out;
}

// The end of a sentence: a full stop, question or exclamation mark (or an ellipsis), closing quotes or brackets,
// then a space; or a line break.
const SENTENCE_END = /[.!?\u2026]["'\u201d\u2019)\]]*\s|\n/;
/**
 * Whether nothing ends a sentence between two spans of the original text: a hostile word is said of a group in its
 * own sentence ("...attackers. Men are..." is two statements).
 */
function sameSentence(text: string, a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return !SENTENCE_END.test(a.end <= b.start ? text.slice(a.end, b.start) : text.slice(b.end, a.start));
}

// The "-ing" forms of "fuck", which intensify the word after them.
const INTENSIFIER = /^f\w*(?:ing|in|n)$/;

const DIGITS = /^\d+$/;
/**
 * A numeric hate code ("1488") counts only as itself: not with a digit repeated ("14888", which the folding of
 * stretched letters would read as the code) and not as part of a decimal number ("1488.65", "66362.1488": a
 * measurement or a timestamp).
 */
function standaloneCode(text: string, s: Span, entry: string): boolean {
  return text.slice(s.start, s.end) === entry && !/\d[.,]$/.test(text.slice(Math.max(0, s.start - 2), s.start))
    && !/^[.,]\d/.test(text.slice(s.end, s.end + 2));
}

// Hostile words that are acts done to people; their past participles can report them. (Adjectives in "-ed", such as
// "diseased" or "infested", describe the group and are not reports.)
const ACTS = new Set(['kill', 'murder', 'shoot', 'shot', 'stab', 'stabbed', 'slaughter', 'slaughtered', 'execute', 'executed', 'hang',
  'hanged', 'lynch', 'lynched', 'burn', 'burned', 'exterminate', 'exterminated', 'deport', 'deported', 'expel', 'ban', 'banned',
  'attack', 'destroy', 'destroyed', 'starve', 'eliminate', 'gas']);
// "the word X", "the term 'X'": the slur is named as a word (to object to it, to report it), not called at anyone.
const MENTION = new Set(['word', 'words', 'term', 'terms', 'slur', 'slurs', 'epithet']);
const mentioned = (tokens: readonly Token[], i: number): boolean =>
  i >= 2 && MENTION.has((tokens[i - 1] as Token).word) && (tokens[i - 2] as Token).word === 'the';

// Quotation marks, each with the mark that closes it.
const CLOSING: Readonly<Record<string, string>> = { '"': '"', '\u201c': '\u201d', '\u2018': '\u2019', "'": "'" };
const WORDISH = /[\p{L}\p{N}]/u;
// A quotation of up to this many words around a word is a term quoted (scare quotes), not a statement.
const TERM_WORDS = 4;
const QUOTE_REACH = 48;

/**
 * Whether [start, end) of the text sits inside a short quotation (up to four words, within one line): a term named
 * or put in scare quotes ("they brand you "race traitor"", "an "evil Christian" book") is mentioned, not called at
 * anyone. Quotations that open with an @handle or "RT" are whole retweeted posts, and a long quotation is a
 * statement someone made: neither is a mention.
 */
function quoted(text: string, start: number, end: number): boolean {
  let open = -1;
  for (let i = start - 1; i >= Math.max(0, start - QUOTE_REACH) && open < 0; i--) {
    const c = text[i] as string;
    if (c === '\n') return false;
    if (CLOSING[c] !== undefined && !WORDISH.test(text[i - 1] ?? ' ') && !/\s/.test(text[i + 1] ?? ' ')) open = i;
  }
  if (open < 0) return false;
  const closer = CLOSING[text[open] as string] as string;
  let close = -1;
  for (let i = end; i < Math.min(text.length, end + QUOTE_REACH) && close < 0; i++) {
    const c = text[i] as string;
    if (c === '\n') return false;
    if ((c === closer || (closer === '\u201d' && c === '"')) && !WORDISH.test(text[i + 1] ?? ' ') && !/\s/.test(text[i - 1] ?? ' ')) close = i;
  }
  if (close < 0) return false;
  const inner = text.slice(open + 1, close).trim();
  return !/^(?:@|rt\b)/i.test(inner) && inner.split(/\s+/).length <= TERM_WORDS;
}

// Words that turn a past participle into a wish or a demand ("should be deported", "deserve to be shot", "get them banned").
const WISH = new Set(['should', 'must', 'deserve', 'deserves', 'deserved', 'need', 'needs', 'ought', 'gotta', 'wish', 'hope',
  'let', 'better', 'will', 'gonna', 'be', 'get', 'getting', 'want', 'wanna', "let's", 'lets', 'shall', 'hopefully']);

// Past participles that attribute a label to a group ("immigrants are often portrayed as criminals", "were branded
// traitors", "accused of being lazy"): the hostile word after them is what others say, the stereotype under discussion.
const LABELLED_AS = new Set(['labeled', 'labelled', 'branded', 'portrayed', 'depicted', 'stereotyped', 'dismissed', 'smeared',
  'accused', 'painted', 'caricatured', 'demonized', 'demonised', 'vilified', 'scapegoated']);

// Acts and attitudes used as nouns: after a determiner ("an attack", "the killing", "so much hate") or before the
// preposition that names their target ("attacks on", "hate against", "the slaughter of"), they name an event or a
// feeling that news and discussion report; the verb ("attack them", "I hate") is the act itself.
const NOMINAL = new Set(['attack', 'attacks', 'killing', 'killings', 'murder', 'murders', 'slaughter', 'slaughtering', 'shooting',
  'shootings', 'lynching', 'lynchings', 'ban', 'bans', 'hate', 'hatred', 'execution', 'executions']);
const DETERMINERS = new Set(['a', 'an', 'the', 'this', 'that', 'these', 'those', 'another', 'such', 'much', 'more', 'their', 'his',
  'her', 'its', 'recent']);
const OF_TARGET = new Set(['on', 'against', 'toward', 'towards', 'of', 'upon']);

/**
 * Whether a hostile verb at token i reports what was done ("women murdered over
 * dowry", "Jews were shot") rather than wishing it: a past participle ("-ed", "shot",
 * "hung") with no wish or demand in the four words before it. What is done to a
 * group is news; what someone wants done is the threat.
 */
function reported(tokens: readonly Token[], i: number, entry: string): boolean {
  const w = (tokens[i] as Token).word;
  for (let j = i - 1; j >= Math.max(0, i - 3); j--) if (LABELLED_AS.has((tokens[j] as Token).word)) return true;
  if (NOMINAL.has(w) && (DETERMINERS.has(tokens[i - 1]?.word ?? '') || OF_TARGET.has(tokens[i + 1]?.word ?? ''))) return true;
  if (!ACTS.has(entry) || (!w.endsWith('ed') && w !== 'shot' && w !== 'hung')) return false;
  for (let j = Math.max(0, i - 4); j < i; j++) if (WISH.has((tokens[j] as Token).word)) return false;
  return true;
}

// "I'm", "I am" and what may stand between it and what the writer calls themself ("I'm such a", "im basically a").
const SELF = new Set(["i'm", 'im', 'iam']);
const SELF_FILLER = new Set(['such', 'a', 'an', 'so', 'just', 'basically', 'literally', 'really', 'total', 'complete', 'big', 'am',
  'being', 'sometimes', 'lowkey', 'kinda', 'like', 'the', 'biggest']);
/** Whether a casual slur at token i is what the writer calls themself ("I'm such a retard"): said of no one else. */
function selfSaid(tokens: readonly Token[], i: number): boolean {
  for (let j = i - 1; j >= Math.max(0, i - 5); j--) {
    const w = (tokens[j] as Token).word;
    if (SELF.has(w) || (w === 'am' && (tokens[j - 1] as Token | undefined)?.word === 'i')) return true;
    if (!SELF_FILLER.has(w)) return false;
  }
  return false;
}

// Prepositions that tie a noun phrase to the noun before it ("tattoos on women", "jokes about Muslims").
const NOUN_PREPOSITIONS = new Set(['on', 'about', 'with', 'for', 'against', 'toward', 'towards', 'from', 'at']);
/**
 * Whether the group word at token i is the object of a preposition after another noun: a predicate after it ("...
 * are trash") is said of that noun ("chest tattoos on females are trash"), not of the group.
 */
function objectOfPreposition(tokens: readonly Token[], i: number): boolean {
  let k = i - 1;
  while (k >= 0 && ((tokens[k] as Token).word === 'the' || (tokens[k] as Token).word === 'all')) k--;
  return k >= 1 && NOUN_PREPOSITIONS.has((tokens[k] as Token).word);
}

// Hostile words that are also plain nouns ("their threat assessment", "her cancer", "his trash", "our attack plan"), and the
// possessive determiners before which they name something someone has rather than say something of a group.
const PLAIN_NOUNS = new Set(['threat', 'problem', 'hate', 'trash', 'garbage', 'disease', 'cancer', 'iq', 'attack', 'fraud', 'murder',
  'killing', 'ban', 'invasion', 'plague', 'flood']);
const POSSESSIVES = new Set(['their', 'his', 'her', 'its', 'our', 'my']);
/** Whether the hostile word at token i is a plain noun owned by someone ("their threat appraisal"): a thing, not a predicate. */
function possessed(words: TokenTable, i: number, entry: string): boolean {
  return PLAIN_NOUNS.has(entry) && i > 0 && POSSESSIVES.has(words.token(i - 1).word);
}

// Words that deny what follows them ("they are not criminals", "aren't a threat", "never lazy").
const NEGATORS = new Set(['not', 'never', 'no', "isn't", 'isnt', "aren't", 'arent', "wasn't", 'wasnt', "weren't", 'werent', "don't",
  'dont', "doesn't", 'doesnt', "didn't", 'didnt', 'nor', 'neither', 'hardly', "ain't", 'aint']);
// What may stand between the denial and the word ("not a threat", "not so stupid", "not really evil").
const NEGATED_FILLER = new Set(['a', 'an', 'so', 'that', 'really', 'all', 'any', 'the', 'more', 'less', 'very', 'just', 'even',
  'being', 'be', 'at']);
/**
 * Whether the hostile word at token i is denied ("Muslims are not terrorists", "immigrants aren't a problem"): the
 * writer says the opposite of the slander. Not for entries that carry their own negation ("don't belong").
 */
function negated(words: TokenTable, i: number, entry: string): boolean {
  if (entry.includes(' ')) return false;
  for (let j = i - 1; j >= Math.max(0, i - 3); j--) {
    const w = words.token(j).word;
    if (NEGATORS.has(w)) return true;
    if (!NEGATED_FILLER.has(w)) return false;
  }
  return false;
}

// Attitude verbs: with "he", "she" or "they" as subject they report someone else's feeling ("she just hated men"); with
// "I" or "we", or as a command, they are the writer's own.
const ATTITUDE = new Set(['hate', 'hates', 'hated']);
const THIRD_PERSON = new Set(['he', 'she', 'they', "he's", "she's", "they're"]);
const ADVERBS = new Set(['just', 'really', 'still', 'always', 'also', 'all', 'even', 'never', 'only', 'actually', 'truly', 'honestly',
  'kinda', 'secretly', 'openly', 'must', 'did', 'does', 'do', 'would']);

/** Whether the hostile word at token i is a third person's attitude, reported ("she just hated men"). */
function attributed(tokens: readonly Token[], i: number): boolean {
  if (!ATTITUDE.has((tokens[i] as Token).word)) return false;
  let k = i - 1;
  while (k >= 0 && ADVERBS.has((tokens[k] as Token).word)) k--;
  return k >= 0 && THIRD_PERSON.has((tokens[k] as Token).word);
}

// Commands and greetings after which a word is a vocative: "stfu ...", "hey ...", "shut up ...", "piss off ...".
const CALLED_AFTER = new Set(['stfu', 'gtfo', 'hey', 'yo', 'bye', 'hi', 'hello', 'sup']);
const OFF = new Set(['fuck', 'piss', 'back', 'bugger', 'sod']);

/**
 * Whether the word at token i is what the reader is called: "you" up to four words
 * before it with only address words or hostile words between ("you coon", "ur such a
 * dumb cracker"); "... like you" after it; or a vocative, set off by a comma at the end
 * of a sentence that speaks to "you" ("you tell me, coon."). A "you" after the word is
 * mostly its object ("cripple you", "spook u"), and a verb between ("you want a
 * cracker") makes it a thing the reader has.
 */
function addressed(text: string, tokens: readonly Token[], i: number, hostileAt: ReadonlySet<number>): boolean {
  for (let j = i - 1; j >= Math.max(0, i - 4); j--) {
    const t = tokens[j] as Token;
    if (YOU.has(t)) return true;
    if (!ADDRESS_FILLER.has(t.word) && !hostileAt.has(j)) break;
  }
  const t = tokens[i] as Token;
  // After a command or a greeting said to the reader, the word is what the reader is called ("shut up, coon", "bye spook").
  const p1 = tokens[i - 1]?.word ?? '';
  if (CALLED_AFTER.has(p1) || (p1 === 'up' && tokens[i - 2]?.word === 'shut') || (p1 === 'off' && OFF.has(tokens[i - 2]?.word ?? ''))) return true;
  const next = tokens[i + 1];
  if (next?.word === 'like') return tokens[i + 2] !== undefined && YOU.has(tokens[i + 2] as Token);
  const prev = tokens[i - 1];
  if (prev === undefined || !text.slice(prev.end, t.start).includes(',')) return false;
  if (next !== undefined && !/[.!?]/.test(text.slice(t.end, next.start))) return false;
  for (let j = i - 2; j >= Math.max(0, i - SENTENCE); j--) if (YOU.has(tokens[j] as Token)) return true;
  return false;
}

export const HARASSMENT_DETECTORS: readonly DetectorFactory[] = [
  fixed('harassment', 'harassment', ['HARASSMENT'], detectHarassment),
];
