// Harassment and illegal discrimination (§5.3.3). Three signals, each
// recording the protected class: a slur; a hostile word near a group noun; a
// direct insult ("you are a ... idiot", class "none").
import { toOriginal } from '../normalize.js';
import { GROUPS, HOSTILE, INSULTS, MILD_PROFANITY, PROFANITY, SLURS } from './conduct-lexicon.js';
import { detectSexual } from './conduct.js';
import { fixed } from './detector.js';
import { innocentUses } from './innocent-uses.js';
import { ACTS, attributed, CLOSING_QUOTES, discussed, mentioned, negated, objectOfPreposition, OPENING_QUOTES, possessed, quoted, reportedAct, sameSentence, selfSaid } from './word-use.js';
import { Lexicon, entryOf, wordClass } from './lexicon.js';
import type { DetectorFactory, TextInput } from './detector.js';
import type { Token } from './lexicon.js';
import type { Span } from '../types.js';

const slurLexicons = Object.entries(SLURS).map(([cls, words]) => new Lexicon('HARASSMENT', words, { protectedClass: cls }));
const groupLexicons = Object.entries(GROUPS).map(([cls, words]) => new Lexicon('GROUP', words, { protectedClass: cls }));
const HOSTILE_LEX = new Lexicon('HOSTILE', HOSTILE);
const INSULT_LEX = new Lexicon('INSULT', INSULTS);
const PROFANE_LEX = new Lexicon('PROFANITY', PROFANITY);
// Words that mark talk *about* discrimination. Like any cue a writer can add ("jews are vermin, call it racism"), they
// send a hostile word near a group to review and never clear it. Words of law and approval ("illegal", "support",
// "rights", "policy") are no sign of such talk: "illegal immigrants are vermin", "I support killing them".
const META = wordClass(['discrimination', 'discriminate', 'racism', 'racist', 'crime', 'crimes', 'speech', 'bigotry',
  'prejudice', 'stereotype', 'stereotypes', 'stereotyping', 'equality', 'harassment']);
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
// Animals that hate speech calls people ("muslim pigs", "jewish rats"): after a group adjective they name the group.
const BEASTS = new Set(['pig', 'pigs', 'swine', 'rat', 'rats', 'dogs', 'apes', 'monkeys', 'roaches', 'maggots', 'snakes', 'rodents',
  'beasts', 'goats', 'locusts', 'worms']);
// People named by what they do ("bankers", "drivers", "activists"): after a group adjective they are still
// people. A word list, not a suffix: "-ers" also ends "servers", "computers" and "burgers".
const AGENTS = new Set(['banker', 'bankers', 'driver', 'drivers', 'lawyer', 'lawyers', 'doctor', 'doctors', 'teacher', 'teachers',
  'politician', 'politicians', 'leader', 'leaders', 'owner', 'owners', 'landlord', 'landlords', 'boss', 'bosses', 'activist',
  'activists', 'extremist', 'extremists', 'fighter', 'fighters', 'soldier', 'soldiers', 'cop', 'cops', 'officer', 'officers',
  'nurse', 'nurses', 'player', 'players', 'gang', 'gangs', 'gangster', 'gangsters', 'thief', 'thieves', 'preacher', 'preachers',
  'priest', 'priests', 'cleric', 'clerics', 'rabbi', 'rabbis', 'imam', 'imams', 'elite', 'elites', 'neighbour', 'neighbor',
  'coworker', 'coworkers', 'colleague', 'colleagues']);
const COLOURS = new Set(['black', 'white', 'brown', 'red', 'yellow']);
// A group's institutions, places of worship and homes: opinions of them are not attacks on people ("the catholic church is
// corrupt", "the russian media is garbage"), but violence against them is ("burn the mosques", "exterminate the lobby").
const INSTITUTIONS = new Set(['lobby', 'lobbies', 'media', 'mosque', 'mosques', 'synagogue', 'synagogues', 'church', 'churches', 'temple',
  'temples', 'neighborhood', 'neighborhoods', 'neighbourhood', 'neighbourhoods', 'home', 'homes', 'house', 'houses', 'business', 'businesses',
  'shop', 'shops', 'store', 'stores']);
// Violence, as the hostile lexicon's entries have it: the acts a report can name (ACTS) and their other forms.
const violent = (hostile: string): boolean => ACTS.has(hostile) || VIOLENT_FORMS.has(hostile);
const VIOLENT_FORMS = new Set(['killing', 'killin', 'destroying', 'wipe out', 'get rid of', 'should die']);
// Hostile verbs whose phrasal senses are everyday ("hang out", "hang by the pool").
const PHRASAL: Readonly<Record<string, ReadonlySet<string>>> = {
  hang: new Set(['out', 'around', 'about', 'with', 'by', 'in', 'on', 'up', 'over']),
};
// After these an insult word is a verb ("you can bitch and moan", "you can't fool me").
const VERB_BEFORE = new Set(['can', 'could', 'will', 'would', 'should', 'to', 'gonna', 'wanna', 'cant', "can't", 'wont', "won't",
  'dont', "don't", 'didnt', "didn't", 'never', 'may', 'might', 'must']);
// What may follow such a word and still be about people: people nouns, other group words, and words that end a noun phrase.
const PEOPLE = new Set(['people', 'person', 'persons', 'ppl', 'folk', 'folks', 'man', 'men', 'woman', 'women', 'guy', 'guys',
  'boy', 'boys', 'girl', 'girls', 'kid', 'kids', 'child', 'children', 'babies', 'teen', 'teens', 'youth', 'lady', 'ladies', 'dude', 'dudes',
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
function describesThing(input: TextInput, hit: Span, hostile: string): boolean {
  const n = input.normalized();
  const tokens = input.tokens();
  const i = input.tokenStartingAt(hit.start);
  const t = tokens[i];
  if (t === undefined || !ADJECTIVAL.has(t.word) || entryOf(hit).includes(' ')) return false;
  const next = tokens[i + 1];
  // After one space, or a hyphen of a compound modifier ("race-based", "Muslim-majority"); a closing quotation mark
  // that ends a quoted phrase before the space leaves the adjective where it was (an "evil Christian" book is still a
  // book). Quotes around the group word alone are scare quotes: the "jewish" lobby is still said of people.
  const close = CLOSING_QUOTES.has(n.text.charCodeAt(t.end)) && !OPENING_QUOTES.has(n.text.charCodeAt(t.start - 1)) ? 1 : 0;
  const joint = n.text.charCodeAt(t.end + close);
  if (next === undefined || next.start !== t.end + close + 1 || (joint !== 32 && (joint !== 45 || close === 1))) return false;
  // Animals after a colour are animals ("white rats" in a lab); after any other group word, people.
  if (PEOPLE.has(next.word) || (BEASTS.has(next.word) && !COLOURS.has(t.word)) || AGENTS.has(next.word)
    || (INSTITUTIONS.has(next.word) && violent(hostile)) || YOU.has(next)) return false;
  // "white trash", "muslim twats": a hostile or group word after it is said of people. A noun that is hostile only
  // as a verb ("gas them") names the thing after an adjective ("Russian gas").
  if (THING_NOUNS.has(next.word)) return true;
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
  let explicit: boolean | undefined;
  for (const lex of slurLexicons) {
    for (const s of lex.findIn(input, 0.85)) {
      const entry = entryOf(s).replace(/ /g, '~');
      // The test is built (once per message) only when a slur is found: most messages have none.
      if (innocentUses(input)(s, entry)) continue;
      if (SEXUAL_VOCABULARY.has(entry) && (explicit ??= detectSexual(input).length > 0)) continue;
      if (mentioned(input.tokens(), input.tokenStartingAt(s.start))) continue;
      // A numeric code in data (a row, an invoice, a room, a quantity, a table of numbers) is a number. Elsewhere it
      // counts: at its own score with another sign (a group, a hostile word, a movement's word), else for review.
      if (DIGITS.test(entry)) {
        if (standaloneCode(input.text, s, entry) && !numberInData(input, s)) out.push(scoreCode(input, s));
        continue;
      }
      if (AMBIGUOUS.has(entry)) ambiguous.push({ ...s, score: 0.55 });
      else if (CASUAL.has(entry)) { if (!selfSaid(input.tokens(), input.tokenStartingAt(s.start))) out.push({ ...s, score: 0.55 }); }
      else out.push(s);
    }
  }
  for (let i = 0; i < words.count; i++) {
    // Both signals start at a word some lexicon could match or at a "you" word: the others cost two bit tests.
    if (!words.hot(i) && !words.inClass(i, YOU)) continue;
    const t = words.token(i);
    // Strong profanity aimed at a group ("f*** <group> people") is hostile too.
    // A phrase ("get rid of") before its first word alone: a token's lookup cannot see phrases.
    const phrase = HOSTILE_LEX.phraseAt(input, i);
    const hostile = phrase ?? HOSTILE_LEX.lookup(t) ?? (PROFANE_LEX.lookup(t)?.startsWith('fuck') ? 'fuck' : undefined);
    if (hostile !== undefined && PHRASAL[hostile]?.has(i + 1 < words.count ? words.token(i + 1).word : '') !== true
      && !reportedAct(input.tokens(), i, hostile)) {
      const lo = Math.max(0, i - WINDOW);
      const hi = Math.min(words.count, i + WINDOW + 1);
      const windowTokens = input.tokens().slice(lo, hi);
      const o = toOriginal(n, t.start, t.end);
      // How the word is used can make it discussion rather than the writer's claim (a label others give, a denial, an
      // attitude reported, a thing owned, a term in quotes, another sentence...). Each of those cues is one word or
      // mark a writer can add at will, so it only lowers the finding to review (0.55, flagged); it never clears it.
      // Asked only once a group is near: most hostile words ("problem", "threat") have none.
      let here: boolean | undefined;
      const discussedHere = (): boolean =>
        (here ??= meta || discussed(input.tokens(), i) || attributed(input.tokens(), i) || possessed(words, i, hostile) || negated(words, i, hostile));
      // "fucking" modifies the word after it: "fucking immigrants" is hostile, "women are fucking amazing" praise.
      const intensifier = hostile === 'fuck' && INTENSIFIER.test(t.word);
      const discussedHit = (h: Span): boolean => !sameSentence(input.text, o, h) || (intensifier && h.start < o.start)
        || (h.end <= o.start && objectOfPreposition(input.tokens(), input.tokenStartingAt(h.start)))
        || quoted(input.text, Math.min(o.start, h.start), Math.max(o.end, h.end));
      let best: { hit: Span; soft: boolean } | null = null;
      for (const g of groupLexicons) {
        for (const h of g.findInTokens(n, windowTokens, 0.7)) {
          if (describesThing(input, h, hostile)) continue;
          const soft = discussedHere() || discussedHit(h);
          if (best === null || (best.soft && !soft)) best = { hit: h, soft };
          if (!soft) break;
        }
        if (best !== null && !best.soft) break;
      }
      // In a sexually explicit text "fuck" near a gender word is the act the text describes ("girls fucking"), as its
      // slurs are its vocabulary (see SEXUAL_VOCABULARY): the sexual-content rule reports and blocks it. Near any
      // other group ("fuck all jews") it stays harassment, whatever else the text is.
      if (best !== null && !(hostile === 'fuck' && best.hit.attributes?.protectedClass === 'gender'
        && (explicit ??= detectSexual(input).length > 0))) {
        const { hit, soft } = best;
        out.push({ type: 'HARASSMENT', start: Math.min(o.start, hit.start), end: Math.max(o.end, hit.end), score: soft ? 0.55 : 0.7,
          attributes: hit.attributes ?? {},
          explanation: `hostile word "${phrase ?? t.word}" near group ${entryOf(hit)}${soft ? ', in a use that may be discussion: for review' : ''}` });
      }
    }
    // "you (are) (a|an|such a) (stupid) idiot", "fools like you"
    if (YOU.has(t)) {
      let k = -1;
      for (let j = i + 1; j <= Math.min(words.count - 1, i + 4) && k < 0; j++) {
        if ((INSULT_LEX.phraseAt(input, j) !== undefined || INSULT_LEX.lookup(words.token(j)) !== undefined) && !VERB_BEFORE.has(words.token(j - 1).word)
          && !negated(words, j, '')) k = j;
      }
      if (k < 0 && i >= 2 && words.token(i - 1).word === 'like' && INSULT_LEX.lookup(words.token(i - 2)) !== undefined) k = i - 2;
      if (k >= 0) {
        const other = words.token(k);
        const a = toOriginal(n, t.start, t.end);
        const b = toOriginal(n, other.start, other.end);
        // Another sentence makes the pair two statements ("thank you. idiots on the road"), unless only words of
        // address stand between: "you are\nan idiot", "you. are. an. idiot." are one insult broken up, and a break is
        // one mark anyone can add.
        let addressOnly = true;
        for (let j = Math.min(i, k) + 1; j < Math.max(i, k) && addressOnly; j++) addressOnly = ADDRESS_FILLER.has(words.token(j).word);
        if ((addressOnly && Math.abs(k - i) > 1) || sameSentence(input.text, a, b)) {
          const o = toOriginal(n, Math.min(t.start, other.start), Math.max(t.end, other.end));
          // An insult names no protected class: it is harassment for a reviewer to judge, not discrimination to block.
          out.push({ type: 'HARASSMENT', start: o.start, end: o.end, score: 0.55, attributes: { protectedClass: 'none' },
            explanation: `insult "${INSULT_LEX.phraseAt(input, k) ?? other.word}" directed at "${t.word}"` });
        }
      }
    }
  }
  // A word that is a slur only in some uses ("cracker", "coon"), or a numeric
  // code, counts when the message is hostile in another way too, names a group,
  // or aims it at "you".
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

/**
 * A numeric code out of data is a sign in itself: in full with another sign in about the same sentence (a slur, a
 * group, a hostile, insulting or strongly profane word, a word of its movement), alone for review. Only nearby words
 * count, so an insult at the other end of a long text does not make a number a slur.
 */
function scoreCode(input: TextInput, s: Span): Span {
  const words = input.tokenTable();
  const i = input.tokenStartingAt(s.start);
  for (let j = Math.max(0, i - SENTENCE); j <= Math.min(words.count - 1, i + SENTENCE); j++) {
    if (j === i || i < 0) continue;
    const w = words.token(j);
    const said = (lex: Lexicon): boolean => lex.lookup(w) !== undefined;
    const profane = PROFANE_LEX.lookup(w);
    if (CODE_COMPANIONS.has(w.word) || said(HOSTILE_LEX) || said(INSULT_LEX) || (profane !== undefined && !MILD_PROFANITY.has(profane))
      || groupLexicons.some(said) || slurLexicons.some(said)) return s;
  }
  return { ...s, score: 0.55 };
}

// Words of the movements whose codes the lexicon lists ("heil 1488", "RAHOWA 1488").
const CODE_COMPANIONS = new Set(['heil', 'hail', 'sieg', 'rahowa', 'zog', 'wpww', 'ss', 'reich', 'fuhrer', 'führer', 'hitler', 'nazi',
  'nazis', 'aryan', 'aryans', 'skinhead', 'skinheads', 'kkk', 'klan', 'white', 'race', 'replace', 'supremacy', 'nationalist']);
// A number in data: after a word that labels one (row, invoice, room...), before a unit or count, after a currency sign,
// or among other numbers (a table).
const NUMBER_LABELS = new Set(['row', 'rows', 'line', 'invoice', 'inv', 'room', 'rm', 'unit', 'page', 'pg', 'no', 'num', 'number', 'item',
  'order', 'ticket', 'case', 'account', 'acct', 'ext', 'extension', 'suite', 'ste', 'apt', 'box', 'route', 'flight', 'model', 'part',
  'serial', 'po', 'ref', 'reference', 'version', 'ver', 'qty', 'quantity', 'id', 'zip', 'bldg', 'building', 'floor', 'lot', 'file',
  'record', 'claim', 'permit', 'batch', 'step', 'table', 'exhibit', 'section', 'article', 'chapter', 'vol', 'volume', 'issue',
  'contract', 'check', 'cheque', 'receipt', 'bill', 'req', 'request', 'job', 'task', 'project', 'badge', 'seat', 'bus', 'train', 'highway',
  'hwy', 'street', 'st', 'road', 'rd', 'avenue', 'ave', 'total', 'sum', 'count', 'code', 'pin', 'year', 'fy']);
const QUANTITIES = new Set(['units', 'items', 'pallets', 'rows', 'records', 'pages', 'dollars', 'usd', 'miles', 'km', 'feet', 'ft', 'pounds',
  'lbs', 'kg', 'tons', 'hours', 'hrs', 'minutes', 'mins', 'seconds', 'days', 'weeks', 'months', 'years', 'calls', 'cases', 'tickets',
  'students', 'employees', 'files', 'copies', 'boxes', 'orders', 'sq', 'acres', 'gallons', 'liters', 'visits', 'views', 'votes', 'responses',
  'applications', 'claims', 'permits', 'licenses', 'vehicles', 'cars', 'meters', 'mb', 'gb', 'kb', 'bytes']);

function numberInData(input: TextInput, s: Span): boolean {
  const text = input.text;
  if (/[$€£]\s?$/.test(text.slice(Math.max(0, s.start - 2), s.start))) return true;
  const words = input.tokenTable();
  const i = input.tokenStartingAt(s.start);
  if (i < 0) return false;
  if ((i > 0 && NUMBER_LABELS.has(words.token(i - 1).word)) || (i + 1 < words.count && QUANTITIES.has(words.token(i + 1).word))) return true;
  // Two other numbers of three or more units within 40 units: a table or a list of figures. The clusters are in text
  // order: the first that ends after the window's start is found by halving, and the walk stops at the window's end
  // or at the second, so a text of many codes costs a logarithm per code, not its length.
  const spans = input.digitSpans();
  let lo = 0;
  let hi = spans.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((spans[2 * mid + 1] as number) <= s.start - 40) lo = mid + 1;
    else hi = mid;
  }
  let others = 0;
  for (let k = 2 * lo; k < spans.length && (spans[k] as number) < s.end + 40; k += 2) {
    const a = spans[k] as number;
    const b = spans[k + 1] as number;
    if ((a < s.end && b > s.start) || b - a < 3) continue;
    if (++others === 2) return true;
  }
  return false;
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
