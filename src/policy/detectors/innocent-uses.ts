// Uses of offensive words that are not offensive, shared by the harassment and
// profanity detectors: set phrases whose letters spell a slur or a swear word
// ("honky-tonk", "pussy cat"), the Dutch "hoe" ("how"), and "Dick" as a name.
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

/**
 * For one message: a test of whether a lexicon finding (with its entry, `~`
 * joining phrase words) is an innocent use. Built once per message; costs
 * nothing when no set phrase or Dutch word is present.
 */
export function innocentUses(input: TextInput): (s: Span, entry: string) => boolean {
  const phrases = SET_PHRASES.findIn(input, 1);
  const dutch = input.hasAnyWord(DUTCH_WORDS) && input.tokens().filter((t) => DUTCH_WORDS.has(t)).length >= 2;
  const text = input.text;
  return (s, entry) => {
    if (phrases.length > 0 && insideAny(phrases, s)) return true;
    if (dutch && DUTCH_ONLY.has(entry)) return true;
    // "Dick Whitman", "Philip K. Dick": a capitalized "Dick" next to another capitalized word is a name.
    if (entry === 'dick' && CAPITALIZED.test(text.slice(s.start, s.end))) {
      return /^ \p{Lu}/u.test(text.slice(s.end, s.end + 2)) || /\p{Lu}\p{Ll}*\.? $/u.test(text.slice(Math.max(0, s.start - 16), s.start));
    }
    return false;
  };
}
