// Administrator keyword lists and regular expressions. Patterns go through the
// injected RegexEngine, so the server runs them on RE2 and the browser only
// runs those the guarded engine can prove safe.
import { Lexicon } from './lexicon.js';
import { DetectorParamError } from './detector.js';
import type { DetectorFactory } from './detector.js';
import type { CompiledPattern } from '../regex-engine.js';
import type { Span } from '../types.js';

const MAX_MATCHES = 1000;

function stringList(params: Readonly<Record<string, unknown>> | undefined, key: string): string[] {
  const v = params?.[key];
  if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== 'string' || x.trim() === '')) {
    throw new DetectorParamError(key, 'must be a non-empty list of non-empty strings');
  }
  return v as string[];
}

export const keywordsDetector: DetectorFactory = {
  id: 'keywords', category: 'custom', types: ['CUSTOM_KEYWORD'],
  create(params) {
    // Keywords are matched like the built-in lexicons: obfuscation-folded, word by word.
    const words = stringList(params, 'words').map((w) => w.trim().toLowerCase().replace(/\s+/g, '~'));
    const lex = new Lexicon('CUSTOM_KEYWORD', words.join(' '));
    return (input) => lex.findIn(input, 0.9);
  },
};

export const regexDetector: DetectorFactory = {
  id: 'regex', category: 'custom', types: ['CUSTOM_PATTERN'],
  create(params, env) {
    const sources = stringList(params, 'patterns');
    const ignoreCase = params?.ignoreCase === undefined ? true : params.ignoreCase;
    if (typeof ignoreCase !== 'boolean') throw new DetectorParamError('ignoreCase', 'must be a boolean');
    const compiled: CompiledPattern[] = sources.map((s, i) => {
      try {
        return env.regex.compile(s, { ignoreCase });
      } catch (err) {
        throw new DetectorParamError(`patterns[${i}]`, `rejected by the ${env.regex.name} engine: ${(err as Error).message}`);
      }
    });
    return (input) => {
      const out: Span[] = [];
      for (const p of compiled) {
        for (const m of p.findAll(input.text, MAX_MATCHES)) {
          out.push({ type: 'CUSTOM_PATTERN', start: m.start, end: m.end, score: 0.9, explanation: `admin pattern /${p.source}/` });
        }
      }
      return out;
    };
  },
};
