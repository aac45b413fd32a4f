// How a word is used, for the harassment detector: whether it is said in the
// writer's own voice, of a group, in this sentence, or mentioned, quoted,
// reported, denied, owned or said of the writer. Plain functions of the words
// around a finding; each answers one question of grammar or register.
import type { TokenTable } from './words.js';
import type { Token } from './lexicon.js';

// The end of a sentence: a full stop, question or exclamation mark, closing quotes or brackets, then a space; or a
// line break. An ellipsis is a pause ("you are a complete... idiot"), not an end.
const SENTENCE_END = /(?<!\.\.)[.!?]["'\u201d\u2019)\]]*\s|\n/;
/**
 * Whether nothing ends a sentence between two spans of the original text: a hostile word is said of a group in its
 * own sentence ("...attackers. Men are..." is two statements).
 */
export function sameSentence(text: string, a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return !SENTENCE_END.test(a.end <= b.start ? text.slice(a.end, b.start) : text.slice(b.end, a.start));
}

// Hostile words that are acts done to people; their past participles can report them. (Adjectives in "-ed", such as
// "diseased" or "infested", describe the group and are not reports.)
export const ACTS: ReadonlySet<string> = new Set(['kill', 'murder', 'shoot', 'shot', 'stab', 'stabbed', 'slaughter', 'slaughtered', 'execute', 'executed', 'hang',
  'hanged', 'lynch', 'lynched', 'burn', 'burned', 'exterminate', 'exterminated', 'deport', 'deported', 'expel', 'ban', 'banned',
  'attack', 'destroy', 'destroyed', 'starve', 'eliminate', 'gas']);
// "the word X", "the term 'X'": the slur is named as a word (to object to it, to report it), not called at anyone.
const MENTION = new Set(['word', 'words', 'term', 'terms', 'slur', 'slurs', 'epithet']);
export const mentioned = (tokens: readonly Token[], i: number): boolean =>
  i >= 2 && MENTION.has((tokens[i - 1] as Token).word) && (tokens[i - 2] as Token).word === 'the';

// Quotation marks, each with the mark that closes it; and the two sets, by character code.
const CLOSING: Readonly<Record<string, string>> = { '"': '"', '\u201c': '\u201d', '\u2018': '\u2019', "'": "'" };
export const OPENING_QUOTES: ReadonlySet<number> = new Set(Object.keys(CLOSING).map((c) => c.charCodeAt(0)));
export const CLOSING_QUOTES: ReadonlySet<number> = new Set(Object.values(CLOSING).map((c) => c.charCodeAt(0)));
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
export function quoted(text: string, start: number, end: number): boolean {
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
export function reportedAct(tokens: readonly Token[], i: number, entry: string): boolean {
  const w = (tokens[i] as Token).word;
  if (!ACTS.has(entry) || (!w.endsWith('ed') && w !== 'shot' && w !== 'hung')) return false;
  for (let j = Math.max(0, i - 4); j < i; j++) if (WISH.has((tokens[j] as Token).word)) return false;
  return true;
}

/**
 * Whether the hostile word at token i is a label others give ("portrayed as criminals") or an act or attitude used
 * as a noun ("attacks on", "the killing of"): the way news and discussion speak, and also a way to say it.
 */
export function discussed(tokens: readonly Token[], i: number): boolean {
  for (let j = i - 1; j >= Math.max(0, i - 3); j--) if (LABELLED_AS.has((tokens[j] as Token).word)) return true;
  const w = (tokens[i] as Token).word;
  return NOMINAL.has(w) && (DETERMINERS.has(tokens[i - 1]?.word ?? '') || OF_TARGET.has(tokens[i + 1]?.word ?? ''));
}

// "I'm", "I am" and what may stand between it and what the writer calls themself ("I'm such a", "im basically a").
const SELF = new Set(["i'm", 'im', 'iam']);
const SELF_FILLER = new Set(['such', 'a', 'an', 'so', 'just', 'basically', 'literally', 'really', 'total', 'complete', 'big', 'am',
  'being', 'sometimes', 'lowkey', 'kinda', 'like', 'the', 'biggest']);
/** Whether a casual slur at token i is what the writer calls themself ("I'm such a retard"): said of no one else. */
export function selfSaid(tokens: readonly Token[], i: number): boolean {
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
export function objectOfPreposition(tokens: readonly Token[], i: number): boolean {
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
export function possessed(words: TokenTable, i: number, entry: string): boolean {
  return PLAIN_NOUNS.has(entry) && i > 0 && POSSESSIVES.has(words.token(i - 1).word);
}

// Words that deny what follows them ("they are not criminals", "aren't a threat", "never lazy").
const NEGATORS = new Set(['not', 'never', 'no', "isn't", 'isnt', "aren't", 'arent', "wasn't", 'wasnt', "weren't", 'werent', "don't",
  'dont', "doesn't", 'doesnt', "didn't", 'didnt', 'nor', 'neither', 'hardly', "ain't", 'aint']);
// What may stand between the denial and the word ("not a threat", "not so stupid", "not really evil").
// ("not just X" asserts X, so "just" is not among them.)
const NEGATED_FILLER = new Set(['a', 'an', 'so', 'that', 'really', 'all', 'any', 'the', 'more', 'less', 'very', 'even',
  'being', 'be', 'at']);
/**
 * Whether the hostile word at token i is denied ("Muslims are not terrorists", "immigrants aren't a problem"): the
 * writer says the opposite of the slander. Not for entries that carry their own negation ("don't belong").
 */
export function negated(words: TokenTable, i: number, entry: string): boolean {
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
  'kinda', 'secretly', 'openly']);

/** Whether the hostile word at token i is a third person's attitude, reported ("she just hated men"). */
export function attributed(tokens: readonly Token[], i: number): boolean {
  if (!ATTITUDE.has((tokens[i] as Token).word)) return false;
  let k = i - 1;
  while (k >= 0 && ADVERBS.has((tokens[k] as Token).word)) k--;
  return k >= 0 && THIRD_PERSON.has((tokens[k] as Token).word);
}
