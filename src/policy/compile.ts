// Compiles a validated pack into detector functions and rule matchers. All
// pattern compilation and parameter checking happens here, once, so evaluate()
// does no parsing and cannot fail on pack content.
import { DetectorParamError } from './detectors/detector.js';
import { FILE_DETECTORS, TEXT_DETECTORS } from './detectors/registry.js';
import { fileUnreadable } from './detectors/files.js';
import { guardedRegexEngine } from './regex-engine.js';
import { PolicyPackError } from './pack.js';
import type { DetectFn } from './detectors/detector.js';
import type { FileCheck } from './detectors/files.js';
import type { PackIssue } from './pack.js';
import type { RegexEngine } from './regex-engine.js';
import type { Category, PolicyPack, Rule } from './types.js';

export const DEFAULT_MIN_SCORE = 0.5;

export interface CompiledDetector {
  key: string;
  id: string;
  category: Category;
  run: DetectFn;
}

export interface CompiledFileCheck {
  key: string;
  id: string;
  run: FileCheck;
}

export interface RuleTrigger {
  /** Index of the rule in CompiledPolicy.rules. */
  rule: number;
  detectorKey: string;
  types: ReadonlySet<string> | null;
  minScore: number;
}

export interface CompiledRule {
  rule: Rule;
  triggers: readonly RuleTrigger[];
  requireAny: ReadonlySet<string> | null;
  message: string;
  /** Whether the rule has a non-empty exempt scope. */
  hasExempt: boolean;
}

export interface CompiledPolicy {
  readonly pack: PolicyPack;
  readonly regexEngine: string;
  readonly detectors: readonly CompiledDetector[];
  readonly fileChecks: readonly CompiledFileCheck[];
  readonly rules: readonly CompiledRule[];
  /** Every rule trigger by detector key, so a finding reaches only the rules that can use it. */
  readonly triggersByDetector: ReadonlyMap<string, readonly RuleTrigger[]>;
}

export interface CompileOptions {
  /** Engine for administrator patterns; defaults to the browser-safe guarded engine. */
  regex?: RegexEngine;
}

/** Stable key so rules sharing a detector with the same parameters run it once. */
function keyOf(id: string, params: unknown): string {
  return params === undefined ? id : `${id}:${JSON.stringify(params)}`;
}

export function compilePolicy(pack: PolicyPack, options: CompileOptions = {}): CompiledPolicy {
  const env = { regex: options.regex ?? guardedRegexEngine };
  const issues: PackIssue[] = [];
  const detectors = new Map<string, CompiledDetector>();
  const fileChecks = new Map<string, CompiledFileCheck>();
  const rules: CompiledRule[] = [];

  pack.rules.forEach((rule, i) => {
    if (!rule.enabled) return;
    const triggers: RuleTrigger[] = [];
    rule.detectors.forEach((ref, j) => {
      const path = `rules[${i}].detectors[${j}]`;
      const key = keyOf(ref.id, ref.params);
      const text = TEXT_DETECTORS.get(ref.id);
      const file = FILE_DETECTORS.get(ref.id);
      const known = text?.types ?? file?.types ?? [];
      for (const [k, t] of (ref.types ?? []).entries()) {
        if (!known.includes(t)) issues.push({ path: `${path}.types[${k}]`, message: `detector ${ref.id} emits only ${known.join(', ')}` });
      }
      try {
        if (text !== undefined && !detectors.has(key)) {
          detectors.set(key, { key, id: ref.id, category: text.category, run: text.create(ref.params, env) });
        } else if (file !== undefined && !fileChecks.has(key)) {
          fileChecks.set(key, { key, id: ref.id, run: file.create(ref.params) });
        } else if (text === undefined && file === undefined) {
          issues.push({ path: `${path}.id`, message: `unknown detector "${ref.id}"` });
        }
      } catch (err) {
        if (!(err instanceof DetectorParamError)) throw err;
        issues.push({ path: `${path}.params.${err.param}`, message: err.message });
      }
      triggers.push({ rule: rules.length, detectorKey: key, types: ref.types ? new Set(ref.types) : null, minScore: ref.minScore ?? DEFAULT_MIN_SCORE });
    });
    const sections = rule.sections.map((s) => `§${s}`).join(', ');
    rules.push(Object.freeze({
      rule,
      triggers,
      requireAny: rule.requireAny ? new Set(rule.requireAny) : null,
      message: `${sections}: ${rule.message}`,
      hasExempt: rule.exempt !== undefined && Object.keys(rule.exempt).length > 0,
    }));
  });
  if (issues.length > 0) throw new PolicyPackError(issues);
  // An attachment whose text could not be checked is reported whatever the
  // pack says, so that it is on record and never looks clean; a rule naming
  // file_unreadable (same key) decides what happens to the message.
  if (!fileChecks.has(fileUnreadable.id)) fileChecks.set(fileUnreadable.id, { key: fileUnreadable.id, id: fileUnreadable.id, run: fileUnreadable.create(undefined) });
  const triggersByDetector = new Map<string, RuleTrigger[]>();
  for (const t of rules.flatMap((r) => r.triggers)) triggersByDetector.set(t.detectorKey, [...(triggersByDetector.get(t.detectorKey) ?? []), t]);
  return Object.freeze({
    pack,
    regexEngine: env.regex.name,
    detectors: Object.freeze([...detectors.values()]),
    fileChecks: Object.freeze([...fileChecks.values()]),
    rules: Object.freeze(rules),
    triggersByDetector,
  });
}
