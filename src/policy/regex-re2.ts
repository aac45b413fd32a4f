// Server-side regex engine backed by RE2 (linear time, no backtracking). Kept
// out of index.ts so the browser bundle never pulls in the native module.
import RE2 from 're2';
import { collectMatches, literalGate, RegexRejectedError } from './regex-engine.js';
import type { CompiledPattern, RegexEngine } from './regex-engine.js';

const MAX_PATTERN_LENGTH = 2000;

export const re2RegexEngine: RegexEngine = Object.freeze({
  name: 're2',
  compile(source: string, options: { ignoreCase: boolean }): CompiledPattern {
    if (source.length > MAX_PATTERN_LENGTH) {
      throw new RegexRejectedError(source, `pattern longer than ${MAX_PATTERN_LENGTH} characters`);
    }
    let re: InstanceType<typeof RE2>;
    try {
      re = new RE2(source, options.ignoreCase ? 'giu' : 'gu');
    } catch (err) {
      // RE2 rejects backreferences and lookaround: the message says which.
      throw new RegexRejectedError(source, (err as Error).message);
    }
    // Crossing into RE2 costs a UTF-8 copy of the text: skip it when the pattern's literal is absent.
    const gate = literalGate(source, options.ignoreCase);
    return { source, findAll: (text: string, limit: number) => (gate(text) ? collectMatches(re, text, limit) : []) };
  },
});
