// The engine that compiles administrator-supplied patterns. It is injected so
// the core stays browser-safe: the server passes the re2 engine
// (regex-re2.ts), the browser gets the guarded JS engine below.

export interface PatternMatch {
  start: number;
  end: number;
}

export interface CompiledPattern {
  readonly source: string;
  /** All non-overlapping matches, at most `limit` of them. */
  findAll(text: string, limit: number): PatternMatch[];
}

export interface RegexEngine {
  readonly name: string;
  /** Throws RegexRejectedError when the pattern is invalid or cannot be run safely. */
  compile(source: string, options: { ignoreCase: boolean }): CompiledPattern;
}

export class RegexRejectedError extends Error {
  constructor(readonly pattern: string, reason: string) {
    super(reason);
    this.name = 'RegexRejectedError';
  }
}

/** Shared exec loop; `exec` must come from a global (lastIndex-driven) regex. */
export function collectMatches(re: { lastIndex: number; exec(s: string): RegExpExecArray | null }, text: string, limit: number): PatternMatch[] {
  const out: PatternMatch[] = [];
  re.lastIndex = 0;
  while (out.length < limit) {
    const m = re.exec(text);
    if (m === null) break;
    const end = m.index + m[0].length;
    if (m[0].length === 0) {
      // An empty match would loop forever; step past it and do not report it.
      re.lastIndex = m.index + 1;
      if (re.lastIndex > text.length) break;
      continue;
    }
    out.push({ start: m.index, end });
  }
  return out;
}

const MAX_PATTERN_LENGTH = 2000;
const MAX_REPEAT_BOUND = 1000;

/**
 * Why a pattern may backtrack exponentially in a JS engine, or null when it is
 * provably free of the usual causes: backreferences, lookaround, and a
 * repeated group that itself holds a quantifier or an alternation (star
 * height above one, e.g. `(a+)+`, `(a|aa)*`). Conservative by design: it
 * refuses some safe patterns rather than accept an unsafe one.
 */
export function unsafePatternReason(source: string): string | null {
  if (source.length > MAX_PATTERN_LENGTH) return `pattern longer than ${MAX_PATTERN_LENGTH} characters`;
  const stack: { quant: boolean; alt: boolean }[] = [{ quant: false, alt: false }];
  let i = 0;
  // Reads a quantifier at i; returns [length, repeats more than once].
  const quantAt = (k: number): [number, boolean] => {
    const c = source[k];
    if (c === '*' || c === '+') return [source[k + 1] === '?' ? 2 : 1, true];
    if (c === '?') return [source[k + 1] === '?' ? 2 : 1, false];
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}\??/.exec(source.slice(k, k + 24));
      if (m === null) return [0, false];
      const lo = Number(m[1]);
      const hi = m[2] === undefined ? lo : m[3] === '' ? Infinity : Number(m[3]);
      if (lo > MAX_REPEAT_BOUND || (hi !== Infinity && hi > MAX_REPEAT_BOUND)) return [-1, true];
      return [m[0].length, hi > 1];
    }
    return [0, false];
  };
  while (i < source.length) {
    const c = source[i] as string;
    const top = stack[stack.length - 1] as { quant: boolean; alt: boolean };
    if (c === '\\') {
      const n = source[i + 1] ?? '';
      if (/[1-9]/.test(n) || n === 'k') return 'backreferences are not supported';
      i += n === 'u' && source[i + 2] === '{' ? source.indexOf('}', i) + 1 || source.length : 2;
    } else if (c === '[') {
      let j = i + 1;
      if (source[j] === '^') j++;
      if (source[j] === ']') j++;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      if (j >= source.length) return 'unterminated character class';
      i = j + 1;
    } else if (c === '(') {
      if (source[i + 1] === '?') {
        const n = source[i + 2];
        if (n === '=' || n === '!' || (n === '<' && (source[i + 3] === '=' || source[i + 3] === '!'))) {
          return 'lookaround is not supported';
        }
      }
      stack.push({ quant: false, alt: false });
      i++;
      continue;
    } else if (c === ')') {
      if (stack.length === 1) return 'unbalanced parenthesis';
      const frame = stack.pop() as { quant: boolean; alt: boolean };
      const [len, repeats] = quantAt(i + 1);
      if (len < 0) return `repetition bound above ${MAX_REPEAT_BOUND}`;
      if (repeats && (frame.quant || frame.alt)) {
        return 'a repeated group contains a quantifier or alternation (exponential backtracking risk)';
      }
      const parent = stack[stack.length - 1] as { quant: boolean; alt: boolean };
      parent.quant ||= frame.quant || repeats;
      i += 1 + len;
      continue;
    } else if (c === '|') {
      top.alt = true;
      i++;
      continue;
    } else {
      i++;
    }
    const [len, repeats] = quantAt(i);
    if (len < 0) return `repetition bound above ${MAX_REPEAT_BOUND}`;
    if (len > 0) {
      top.quant ||= repeats;
      i += len;
    }
  }
  if (stack.length !== 1) return 'unbalanced parenthesis';
  return null;
}

/** Browser-safe engine: native RegExp, but only for patterns that pass unsafePatternReason. */
export const guardedRegexEngine: RegexEngine = Object.freeze({
  name: 'guarded-js',
  compile(source: string, options: { ignoreCase: boolean }): CompiledPattern {
    const reason = unsafePatternReason(source);
    if (reason !== null) throw new RegexRejectedError(source, reason);
    let re: RegExp;
    try {
      re = new RegExp(source, options.ignoreCase ? 'giu' : 'gu');
    } catch (err) {
      throw new RegexRejectedError(source, (err as Error).message);
    }
    const gate = literalGate(source, options.ignoreCase);
    return { source, findAll: (text: string, limit: number) => (gate(text) ? collectMatches(re, text, limit) : []) };
  },
});

/**
 * A literal that every match of `source` must contain, or '' when none can be
 * proven (top-level alternation, or only quantified pieces). Used to skip the
 * regex call for texts that lack it: a pure speed-up, never changes results.
 */
export function requiredLiteral(source: string): string {
  return scanLiterals(source)?.best ?? '';
}

// A non-capturing group of plain literal alternatives, "(?:all|everyone|here)", not quantified.
const LITERAL_CHOICE = /^\(\?:((?:[^\\()|[\].^$*+?{}]|\\[^A-Za-z0-9])+(?:\|(?:[^\\()|[\].^$*+?{}]|\\[^A-Za-z0-9])+)+)\)(?![*?+{])/;
const unescapeLiteral = (s: string): string => s.replace(/\\(.)/g, '$1');
// Letter escapes the scan understands: each stands for one character class or assertion and takes nothing after it.
// Any other ("\\x41", "\\cJ", "\\pL", "\\101", "\\Q", one a future engine adds) means syntax the scan does not model.
const UNMODELLED = /\(\?[A-Za-z-]|\\(?![dDwWsSbBAzntrfv])[A-Za-z0-9]|\[:|\[\^?\]|[\uD800-\uDFFF]/;

/**
 * Texts every match of `source` must contain one of: a single literal (as
 * requiredLiteral), or a literal followed by a group of literal alternatives
 * ("@(?:all|here)": "@all" or "@here"), whichever is longer at its shortest;
 * [] when nothing can be proven. A pure speed-up, never changes results.
 */
export function requiredAlternatives(source: string): string[] {
  const found = scanLiterals(source);
  if (found === null) return [];
  const { best, choice } = found;
  if (choice.length > 0 && Math.min(...choice.map((o) => o.length)) > best.length) return choice;
  return best === '' ? [] : [best];
}

/** The longest required literal and the best literal choice (see above); null when a top-level | makes nothing required. */
function scanLiterals(source: string): { best: string; choice: string[] } | null {
  // Syntax this scan does not model gets no gate: inline flags ("(?i)"), any letter or digit escape but the few it
  // knows ("\x41", "\cJ", "\pL", "\101", "\Q...\E"), POSIX classes and a class that opens with "]", and characters
  // beyond the BMP (a quantifier after one applies to both of its UTF-16 halves).
  if (UNMODELLED.test(source)) return null;
  let best = '';
  let bestChoice: string[] = [];
  let run = '';
  let depth = 0;
  const flush = (): void => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    const next = source[i + 1];
    const quantified = (k: number): boolean => /[*?{]/.test(source[k] ?? '') || (source[k] === '+');
    if (c === '(' && depth === 0) {
      const choice = LITERAL_CHOICE.exec(source.slice(i));
      if (choice !== null) {
        const options = ((choice[1] as string).match(/(?:[^\\|]|\\.)+/g) ?? []).map((a) => run + unescapeLiteral(a));
        const shortest = Math.min(...options.map((o) => o.length));
        if (shortest > Math.min(...bestChoice.map((o) => o.length), Infinity) || bestChoice.length === 0) bestChoice = options;
        flush();
        i += (choice[0] as string).length - 1;
        continue;
      }
    }
    if (c === '\\') {
      const e = next ?? '';
      i++;
      // An escaped punctuation character is a literal; \d, \b, \w and friends are not.
      if (/[^A-Za-z0-9]/.test(e) && depth === 0 && !quantified(i + 1)) run += e;
      else flush();
      continue;
    }
    if (c === '(') { depth++; flush(); continue; }
    if (c === ')') { depth--; flush(); continue; }
    if (c === '|') {
      if (depth === 0) return null;
      flush();
      continue;
    }
    if (c === '[') {
      flush();
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      continue;
    }
    if ('.^$*+?{}'.includes(c)) {
      // A quantifier makes the preceding character optional or repeated: drop it from the run.
      if ('*?{'.includes(c)) run = run.slice(0, -1);
      flush();
      if (c === '{') while (i < source.length && source[i] !== '}') i++;
      continue;
    }
    if (depth === 0 && !quantified(i + 1)) run += c;
    else flush();
  }
  flush();
  return { best, choice: bestChoice };
}

/** A test for the required literal of a pattern, honouring case-insensitivity. */
export function literalGate(source: string, ignoreCase: boolean): (text: string) => boolean {
  const literals = requiredAlternatives(source);
  if (literals.length === 0) return () => true;
  if (!ignoreCase) {
    if (literals.length === 1) {
      const lit = literals[0] as string;
      return (text) => text.includes(lit);
    }
    return (text) => literals.some((lit) => text.includes(lit));
  }
  // Unicode simple case folding, like RE2's, so the gate never hides a match ("ſ" ~ "s").
  const re = new RegExp(literals.map((lit) => lit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'iu');
  // ASCII punctuation and digits have no other case: one that every literal holds ("@" of "@all") is looked for
  // first, by a plain search, which is much cheaper than the case-insensitive pattern.
  const caseless = [...new Set(literals[0] as string)].filter((c) => /^[\x21-\x2f\x30-\x40\x5b-\x60\x7b-\x7e]$/.test(c)
    && literals.every((lit) => lit.includes(c)));
  if (caseless.length === 0) return (text) => re.test(text);
  return (text) => caseless.every((c) => text.includes(c)) && re.test(text);
}
