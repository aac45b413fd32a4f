// Conduct detectors on the obfuscation-folded text: sexually explicit content
// (§5.3.2), threats, profanity, and jokes, rumors and gossip (§5.4).
import { toOriginal } from '../normalize.js';
import { MILD_PROFANITY as MILD, PROFANITY, SEXUAL_EXPLICIT, THREAT_WORDS } from './conduct-lexicon.js';
import { fixed } from './detector.js';
import { innocentUses } from './innocent-uses.js';
import { JOKE_MIN_PROBABILITY, jokeProbability } from './joke-model.js';
import { Lexicon, entryOf, wordClass } from './lexicon.js';
import type { DetectorFactory, TextInput } from './detector.js';
import type { Token } from './lexicon.js';
import type { Span } from '../types.js';

const SEXUAL = new Lexicon('SEXUAL_CONTENT', SEXUAL_EXPLICIT);
// Words with everyday senses ("sex discrimination", "naked eye"), and names that are mentioned more than shown ("XXX"
// is also a placeholder and kisses, "OnlyFans" a platform in the news): alone they do not count.
const SEXUAL_WEAK = new Set(['sex', 'naked', 'nude', 'dick', 'dicks', 'cock', 'pussy', 'rape', 'raped', 'raping', 'molest*',
  'sexy', 'nipple*', 'hooker', 'make love', 'making love', 'sleep with', 'slept with', 'suck my', 'lick my', 'whore', 'slut',
  'escort service', 'intercourse', 'erection', 'genitals', 'genital', 'sperm', 'semen', 'aroused', 'arousal', 'lingerie', 'squirt*',
  'prostitut*', 'penis', 'vagina', 'vaginal', 'have sex', 'having sex', 'had sex', 'sexual intercourse', 'porno*', 'nsfw', 'erotica',
  'stripper', 'hooker', 'xxx', 'onlyfans', 'dicks', 'boobs', 'boob', 'hottie', 'hotties', 'breasts', 'sexual', 'sexually', 'virgin', 'impregnate']);

// Forms of one word are one kind, not several ("sex", "sexual", "having sex"). Words for sexual crimes name what
// news, law and support talk are about; they do not make a text explicit, so they are no kind of their own.
const WEAK_FAMILY = new Map([...['sexual', 'sexually', 'sexual intercourse', 'intercourse', 'have sex', 'having sex', 'had sex']
  .map((e) => [e, 'sex'] as const), ['vaginal', 'vagina'], ['genital', 'genitals'], ['boob', 'boobs'], ['dicks', 'dick'],
['hotties', 'hottie'], ['slept with', 'sleep with'], ['making love', 'make love'], ['raped', 'rape'], ['raping', 'rape']]);
const SEXUAL_CRIME = new Set(['rape', 'molest*']);

/** Sexually explicit content (§5.3.2): strong words, or two different weak ones. */
export function detectSexual(input: TextInput): Span[] {
  const spans = SEXUAL.findIn(input, 0.75);
  if (spans.length === 0) return spans;
  const strong = spans.filter((s) => !SEXUAL_WEAK.has(entryOf(s)));
  // Talk about rape, anatomy or sex education uses the weak words; explicit material uses strong ones, or several different weak ones.
  const weakKinds = new Set(spans.map((s) => WEAK_FAMILY.get(entryOf(s)) ?? entryOf(s)).filter((e) => !SEXUAL_CRIME.has(e))).size;
  if (strong.length === 0 && weakKinds < 2) return [];
  return spans.map((s) => ({ ...s, score: strong.length > 0 ? 0.85 : 0.7 }));
}

const PROFANE = new Lexicon('PROFANITY', PROFANITY);
// Three grades, so that a pack can flag only what disrupts others' work
// (§5.3.5): mild words ("damn", "sucks") score 0.5, common expletives ("shit",
// "ass") 0.55, strong profanity and sexual or gendered insults 0.7; any of them
// aimed at the reader ("screw you", "your shit", "you ass") scores 0.75.
const EXPLETIVE = new Set(['shit*', 'sht', 'bullshit', 'ass', 'asses']);
const AIMED_AT = wordClass(['you', 'u', 'ur', 'ya', 'your', 'yours', "you're", 'youre', 'yourself']);
// "you are full of shit", "screw you": up to four words before, two after.
const AIM_BEFORE = 4;
const AIM_AFTER = 2;

function detectProfanity(input: TextInput): Span[] {
  const spans = PROFANE.findIn(input, 0.7);
  if (spans.length === 0) return spans;
  const innocent = innocentUses(input);
  const words = input.tokenTable();
  const anyAim = input.hasAnyWord(AIMED_AT);
  // Measured from the word's start (a phrase entry such as "screw you" is at most three words).
  const aimed = (s: Span): boolean => {
    const i = anyAim ? input.tokenStartingAt(s.start) : -1;
    if (i < 0) return false;
    for (let k = Math.max(0, i - AIM_BEFORE); k <= Math.min(words.count - 1, i + AIM_AFTER); k++) if (words.inClass(k, AIMED_AT)) return true;
    return false;
  };
  const out: Span[] = [];
  for (const s of spans) {
    const entry = entryOf(s);
    if (innocent(s, entry.replace(/ /g, '~'))) continue;
    // Laughter ("lmfao") is aimed at no one.
    const score = aimed(s) && entry !== 'lmfao' ? 0.75 : MILD.has(entry) ? 0.5 : EXPLETIVE.has(entry) ? 0.55 : s.score;
    out.push(score === s.score ? s : { ...s, score });
  }
  return out;
}

// A threat is a violent verb with intent ("I'll", "gonna") before it and a
// person after it, within a few words; plus fixed menacing phrases.
const THREAT_VERBS = new Lexicon('THREAT', THREAT_WORDS);
const INTENT = new Set(['ill', "i'll", 'will', 'gonna', 'going', 'wanna', 'should', 'shall', "we'll", 'gon', 'finna', 'must', 'gotta']);
const TARGET = new Set(['you', 'u', 'ya', 'him', 'her', 'them', 'everyone', 'everybody', 'yall', "y'all", 'your', 'ur', 'all', 'this', 'myself']);
const MENACE = new Lexicon('THREAT', `you're~dead you~are~dead ur~dead watch~your~back i~know~where~you~live you~will~pay
  you'll~pay you'll~regret you~will~regret better~watch~out shoot~up bring~a~gun pipe~bomb`);

function detectThreat(input: TextInput): Span[] {
  const n = input.normalized();
  const out = MENACE.findIn(input, 0.8);
  for (const i of THREAT_VERBS.wordHits(input)) {
    const tokens = input.tokens();
    const t = tokens[i] as Token;
    let intent = -1;
    for (let k = Math.max(0, i - 4); k < i; k++) if (INTENT.has((tokens[k] as Token).word)) intent = k;
    if (intent < 0) continue;
    let target = -1;
    for (let k = i + 1; k <= Math.min(tokens.length - 1, i + 3); k++) if (TARGET.has((tokens[k] as Token).word)) { target = k; break; }
    if (target < 0) continue;
    const o = toOriginal(n, (tokens[intent] as Token).start, (tokens[target] as Token).end);
    out.push({ type: 'THREAT', start: o.start, end: o.end, score: 0.75,
      explanation: `intent "${(tokens[intent] as Token).word}" + violent verb "${t.word}" + target "${(tokens[target] as Token).word}"` });
  }
  return out;
}

const GOSSIP = new Lexicon('GOSSIP', `i~heard~that heard~that rumor rumors rumour rumours rumor~has~it word~is~that gossip
  don't~tell~anyone dont~tell~anyone between~you~and~me keep~this~between~us did~you~hear~that apparently~she
  apparently~he supposedly people~are~saying everyone~is~saying they~say~that i~bet~she i~bet~he off~the~record
  sleeping~with~the~boss having~an~affair getting~fired getting~divorced`);

function detectGossip(input: TextInput): Span[] {
  return GOSSIP.findIn(input, 0.6);
}

// Set phrases that introduce or mark a joke. The word "joke" alone is not one
// ("the deadline is a joke", "I was joking").
const JOKE_CUES = new Lexicon('JOKE', `knock~knock walks~into~a~bar walked~into~a~bar what~do~you~call what~did~the why~did~the
  why~do why~does why~don't why~can't what's~the~difference~between how~many how~do~you~make yo~mama yo~momma
  that's~what~she~said heard~the~one~about pun~intended punchline here's~a~joke wanna~hear~a~joke want~to~hear~a~joke
  tell~you~a~joke heard~this~joke`);
const FRAMING = /knock|bar|mama|momma|pun|she~said|a~joke|this~joke/;
// Riddle layout: a short Why/What/How question answered in a short line.
const RIDDLE = /^\s*(?:why|what|how|where|who|when|did|do)\b[^?\n]{3,120}\?\s*["“]?\S{1,40}\s[^?\n]{1,90}[.!"”]?\s*$/i;
// How a riddle's punchline answers its question.
const RIDDLE_ANSWER = /^\s*["“]?(?:because|cause|cuz|to|an?)\s/i;
// Questions about the person are conversation, not riddles.
const PERSONAL_QUESTION = /\byour\s(?:\w+\s)?(?:name|email|e-mail|address|number|phone|card|account|ssn|birthday|date)\b/i;

/** The whole text, leading and trailing space aside, as one joke span. */
function wholeJoke(text: string, score: number, explanation: string): Span[] {
  return [{ type: 'JOKE', start: text.length - text.trimStart().length, end: text.trimEnd().length, score, explanation }];
}

const framing = (c: Span): boolean => FRAMING.test(entryOf(c).replace(/ /g, '~'));

function detectJoke(input: TextInput): Span[] {
  const text = input.text;
  const cues = JOKE_CUES.findIn(input, 0.55);
  const riddle = text.length <= 240 && RIDDLE.test(text) && !PERSONAL_QUESTION.test(text);
  const p = jokeProbability(input);
  if (p >= JOKE_MIN_PROBABILITY) {
    return wholeJoke(text, riddle || cues.length > 0 ? 0.85 : 0.75, `joke classifier p=${p.toFixed(2)}${riddle ? '; question-and-punchline layout' : ''}`);
  }
  if (riddle) {
    // The layout alone is weak (a question and its answer is also plain chat): below the default rule threshold of the pack.
    // The question's own opening ("why did the", "how many") is part of the layout: it is more evidence only when the
    // second line answers it the way a riddle does ("Because ...", "To get to ...", "A ..."); a question followed by
    // news of its own is chat. A cue elsewhere, such as a framing phrase, counts as it is.
    const s = text.length - text.trimStart().length;
    const answered = RIDDLE_ANSWER.test(text.slice(text.indexOf('?') + 1));
    const more = cues.some((c) => c.start > s || answered || framing(c));
    return wholeJoke(text, more ? 0.8 : 0.55, 'question-and-punchline layout');
  }
  // Most texts have no cue: nothing to filter.
  if (cues.length === 0) return cues;
  // A question cue on its own is weak ("how many people"): only the framing phrases count.
  return cues.filter(framing).map((c) => ({ ...c, score: 0.6 }));
}

export const CONDUCT_DETECTORS: readonly DetectorFactory[] = [
  fixed('sexual_content', 'sexual', ['SEXUAL_CONTENT'], detectSexual),
  fixed('profanity', 'profanity', ['PROFANITY'], detectProfanity),
  fixed('threat', 'threat', ['THREAT'], detectThreat),
  fixed('gossip', 'gossip', ['GOSSIP'], detectGossip),
  fixed('joke', 'joke', ['JOKE'], detectJoke),
];
