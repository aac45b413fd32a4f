// Uses of offensive words that are not offensive, shared by the harassment and
// profanity detectors: set phrases whose letters spell a slur or a swear word
// ("honky-tonk", "pussy cat", "Maine coon"), the Dutch "hoe" ("how"), "Dick" as a
// name, and a short word cut off by a closing ellipsis.
import { Lexicon, wordClass } from './lexicon.js';
import type { TextInput } from './detector.js';
import type { Span } from '../types.js';

const SET_PHRASES = new Lexicon('INNOCENT', `honky~tonk honkey~tonk hoe~down hoe~downs hoe~cake cracker~barrel
  graham~cracker cheese~and~crackers soup~and~crackers animal~crackers planet~of~the~apes spook~country pussy~cat
  pussy~cats pussy~willow pussy~foot pussy~footing pussy~footin moby~dick`);
const DUTCH_WORDS = wordClass(['het', 'een', 'ik', 'niet', 'zijn', 'maar', 'ook', 'naar', 'geen', 'nog', 'bij', 'moet', 'kunt',
  'zich', 'altijd', 'nooit', 'waar', 'wat', 'heeft', 'wordt', 'deze', 'dit', 'ze', 'dat', 'zo', 'kan', 'weer']);
/** Entries that are ordinary words in Dutch. */
const DUTCH_ONLY = new Set(['hoe', 'hoes']);
// Compound names whose other word is common alone, so that it cannot start a set phrase without making every "main"
// or "tight" a lexicon candidate: checked only when the entry itself is found. "Maine coon" and "coon hound" are a cat
// and a dog breed, "tighty whities" underwear.
const NAMED_BEFORE: Readonly<Record<string, ReadonlySet<string>>> = {
  'coon*': new Set(['maine']), whitey: new Set(['tighty', 'tightie', 'tightey', 'tidy']),
};
const NAMED_AFTER: Readonly<Record<string, ReadonlySet<string>>> = {
  'coon*': new Set(['hound', 'hounds', 'dog', 'dogs', 'hunting', 'hunter', 'hunters', 'skin', 'cat', 'cats']),
};
// A short word cut off by the ellipsis character at the very end of a text ("last nig…") is a preview that a client
// truncated: the word it began is unknown. (Three typed dots are a writer's trailing off, and count.)
const TRUNCATED = /^…\s*$/;
const SHORT = 4;

/** Whether `s` lies inside one of `spans` (sorted by start, as a lexicon reports them): binary search, so many of both stay linear. */
export function insideAny(spans: readonly Span[], s: Span): boolean {
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

const CAPITALIZED = /^\p{Lu}\p{Ll}/u;

type InnocentTest = (s: Span, entry: string) => boolean;
// Profanity and harassment both ask for a message's test: it is built once per message.
const built = new WeakMap<TextInput, InnocentTest>();

/**
 * For one message: a test of whether a lexicon finding (with its entry, `~`
 * joining phrase words) is an innocent use. Built once per message; costs
 * nothing when no set phrase or Dutch word is present.
 */
export function innocentUses(input: TextInput): InnocentTest {
  let test = built.get(input);
  if (test === undefined) built.set(input, (test = buildInnocentUses(input)));
  return test;
}

function buildInnocentUses(input: TextInput): InnocentTest {
  const phrases = SET_PHRASES.findIn(input, 1);
  const dutch = input.hasAnyWord(DUTCH_WORDS) && input.tokens().filter((t) => DUTCH_WORDS.has(t)).length >= 2;
  const text = input.text;
  return (s, entry) => {
    if (phrases.length > 0 && insideAny(phrases, s)) return true;
    if (s.end - s.start < SHORT && TRUNCATED.test(text.slice(s.end, s.end + 8)) && s.end + 8 >= text.trimEnd().length) return true;
    const before = NAMED_BEFORE[entry];
    const after = NAMED_AFTER[entry];
    if (before !== undefined || after !== undefined) {
      const i = input.tokenStartingAt(s.start);
      const tokens = input.tokens();
      if (i >= 0 && (before?.has(tokens[i - 1]?.word ?? '') === true || after?.has(tokens[i + 1]?.word ?? '') === true)) return true;
    }
    if (dutch && DUTCH_ONLY.has(entry)) return true;
    // "Dick Whitman", "Philip K. Dick": a capitalized "Dick" next to another capitalized word is a name.
    if (entry === 'dick' && CAPITALIZED.test(text.slice(s.start, s.end))) {
      return /^ \p{Lu}/u.test(text.slice(s.end, s.end + 2)) || /\p{Lu}\p{Ll}*\.? $/u.test(text.slice(Math.max(0, s.start - 16), s.start));
    }
    return false;
  };
}
