// The regex engine for advisory coaching in the browser. Administrator
// patterns are compiled by the guarded JS engine; one it cannot prove free of
// exponential backtracking is skipped (it matches nothing) instead of failing
// the whole pack: the browser only coaches, the server decides with RE2.
import { guardedRegexEngine, RegexRejectedError } from './regex-engine.js';
import type { CompiledPattern, RegexEngine } from './regex-engine.js';

/** An engine that never throws for a pack the server accepted; `skipped` lists the patterns it left out. */
export function advisoryRegexEngine(skipped: string[] = []): RegexEngine {
  return Object.freeze({
    name: 'advisory-js',
    compile(source: string, options: { ignoreCase: boolean }): CompiledPattern {
      try {
        return guardedRegexEngine.compile(source, options);
      } catch (err) {
        if (!(err instanceof RegexRejectedError)) throw err;
        skipped.push(source);
        return { source, findAll: () => [] };
      }
    },
  });
}
