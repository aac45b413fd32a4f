// Policy pack parsing and validation. Every problem is reported with the path
// of the offending field, all at once, so an administrator fixes a pack in one go.
import { parse as parseYaml } from 'yaml';
import { ACTIONS, CATEGORIES, CONVERSATION_TYPES, PERSON_TYPES, SEVERITIES } from './types.js';
import type { DetectorRef, PolicyPack, Rule, Scope } from './types.js';
import { DETECTOR_IDS } from './detectors/registry.js';

export interface PackIssue {
  path: string;
  message: string;
}

export class PolicyPackError extends Error {
  readonly code = 'policy_pack_invalid';
  constructor(readonly issues: readonly PackIssue[]) {
    super(`invalid policy pack: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'PolicyPackError';
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const ID_RE = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const VERSION_RE = /^\d{4}\.\d{1,2}\.\d{1,2}-\d+$|^\d+\.\d+\.\d+$/;
const SECTION_RE = /^\d+(?:\.\d+){0,3}$/;

class Checker {
  readonly issues: PackIssue[] = [];
  fail(path: string, message: string): void {
    this.issues.push({ path, message });
  }
  str(o: Obj, key: string, path: string, opts: { optional?: boolean; pattern?: RegExp; hint?: string } = {}): string | undefined {
    const v = o[key];
    if (v === undefined && opts.optional) return undefined;
    if (typeof v !== 'string' || v.trim() === '') {
      this.fail(`${path}${key}`, 'must be a non-empty string');
      return undefined;
    }
    if (opts.pattern !== undefined && !opts.pattern.test(v)) {
      this.fail(`${path}${key}`, `must match ${opts.hint ?? String(opts.pattern)}`);
      return undefined;
    }
    return v;
  }
  oneOf<T extends string>(o: Obj, key: string, path: string, allowed: readonly T[], fallback?: T): T | undefined {
    const v = o[key];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.fail(`${path}${key}`, `must be one of ${allowed.join(', ')}`);
      return undefined;
    }
    return v as T;
  }
  list<T extends string>(o: Obj, key: string, path: string, opts: { allowed?: readonly T[]; pattern?: RegExp; optional?: boolean; nonEmpty?: boolean } = {}): T[] | undefined {
    const v = o[key];
    if (v === undefined && opts.optional) return undefined;
    if (!Array.isArray(v)) {
      this.fail(`${path}${key}`, 'must be a list of strings');
      return undefined;
    }
    if (opts.nonEmpty && v.length === 0) this.fail(`${path}${key}`, 'must not be empty');
    v.forEach((x, i) => {
      if (typeof x !== 'string' || x === '') this.fail(`${path}${key}[${i}]`, 'must be a non-empty string');
      else if (opts.allowed !== undefined && !(opts.allowed as readonly string[]).includes(x)) {
        this.fail(`${path}${key}[${i}]`, `must be one of ${opts.allowed.join(', ')}`);
      } else if (opts.pattern !== undefined && !opts.pattern.test(x)) this.fail(`${path}${key}[${i}]`, `"${x}" is not a valid value`);
    });
    return v as T[];
  }
  unknownKeys(o: Obj, known: readonly string[], path: string): void {
    for (const k of Object.keys(o)) if (!known.includes(k)) this.fail(`${path}${k}`, 'unknown field');
  }
}

const SCOPE_KEYS = ['agencies', 'roles', 'personTypes', 'conversationTypes'] as const;

function checkScope(c: Checker, v: unknown, path: string): Scope | undefined {
  if (v === undefined) return undefined;
  if (!isObj(v)) {
    c.fail(path, 'must be a mapping');
    return undefined;
  }
  c.unknownKeys(v, SCOPE_KEYS, `${path}.`);
  const scope: Scope = {};
  const p = `${path}.`;
  const agencies = c.list(v, 'agencies', p, { optional: true });
  const roles = c.list(v, 'roles', p, { optional: true });
  const personTypes = c.list(v, 'personTypes', p, { optional: true, allowed: PERSON_TYPES });
  const conversationTypes = c.list(v, 'conversationTypes', p, { optional: true, allowed: CONVERSATION_TYPES });
  if (agencies) scope.agencies = agencies;
  if (roles) scope.roles = roles;
  if (personTypes) scope.personTypes = personTypes;
  if (conversationTypes) scope.conversationTypes = conversationTypes;
  return scope;
}

function checkDetector(c: Checker, v: unknown, path: string): DetectorRef | undefined {
  if (typeof v === 'string') v = { id: v };
  if (!isObj(v)) {
    c.fail(path, 'must be a detector id or a mapping with an id');
    return undefined;
  }
  c.unknownKeys(v, ['id', 'types', 'minScore', 'params'], `${path}.`);
  const id = c.oneOf(v, 'id', `${path}.`, DETECTOR_IDS);
  const ref: DetectorRef = { id: id ?? '' };
  const types = c.list(v, 'types', `${path}.`, { optional: true, nonEmpty: true });
  if (types) ref.types = types;
  if (v.minScore !== undefined) {
    if (typeof v.minScore !== 'number' || v.minScore < 0 || v.minScore > 1) c.fail(`${path}.minScore`, 'must be a number from 0 to 1');
    else ref.minScore = v.minScore;
  }
  if (v.params !== undefined) {
    if (!isObj(v.params)) c.fail(`${path}.params`, 'must be a mapping');
    else ref.params = v.params;
  }
  return ref;
}

const RULE_KEYS = ['id', 'sections', 'category', 'description', 'message', 'detectors', 'requireAny', 'severity', 'action',
  'overridableBy', 'appliesTo', 'exempt', 'enabled'] as const;

function checkRule(c: Checker, v: unknown, path: string): Rule | undefined {
  if (!isObj(v)) {
    c.fail(path, 'must be a mapping');
    return undefined;
  }
  const p = `${path}.`;
  c.unknownKeys(v, RULE_KEYS, p);
  const detectorsRaw = v.detectors;
  let detectors: DetectorRef[] = [];
  if (!Array.isArray(detectorsRaw) || detectorsRaw.length === 0) c.fail(`${p}detectors`, 'must be a non-empty list');
  else detectors = detectorsRaw.map((d, i) => checkDetector(c, d, `${p}detectors[${i}]`)).filter((d): d is DetectorRef => d !== undefined);
  if (v.enabled !== undefined && typeof v.enabled !== 'boolean') c.fail(`${p}enabled`, 'must be true or false');
  const rule = {
    id: c.str(v, 'id', p, { pattern: ID_RE, hint: 'lower-case letters, digits, ".", "_" or "-"' }),
    sections: c.list(v, 'sections', p, { pattern: SECTION_RE, nonEmpty: true }),
    category: c.oneOf(v, 'category', p, CATEGORIES),
    description: c.str(v, 'description', p, { optional: true }),
    message: c.str(v, 'message', p),
    detectors,
    requireAny: c.list(v, 'requireAny', p, { optional: true, nonEmpty: true }),
    severity: c.oneOf(v, 'severity', p, SEVERITIES),
    action: c.oneOf(v, 'action', p, ACTIONS),
    overridableBy: c.list(v, 'overridableBy', p, { optional: true }) ?? [],
    appliesTo: checkScope(c, v.appliesTo, `${p}appliesTo`),
    exempt: checkScope(c, v.exempt, `${p}exempt`),
    enabled: v.enabled !== false,
  };
  if (rule.id === undefined || rule.sections === undefined || rule.category === undefined || rule.message === undefined
    || rule.severity === undefined || rule.action === undefined) return undefined;
  const out: Rule = { ...rule, id: rule.id, sections: rule.sections, category: rule.category, message: rule.message,
    severity: rule.severity, action: rule.action };
  for (const k of ['description', 'requireAny', 'appliesTo', 'exempt'] as const) if (out[k] === undefined) delete out[k];
  return out;
}

/** Validates an already-parsed pack object. Throws PolicyPackError listing every issue. */
export function validatePolicyPack(doc: unknown): PolicyPack {
  const c = new Checker();
  if (!isObj(doc)) throw new PolicyPackError([{ path: '(root)', message: 'must be a mapping' }]);
  c.unknownKeys(doc, ['id', 'version', 'title', 'banner', 'description', 'rules'], '');
  const id = c.str(doc, 'id', '', { pattern: ID_RE, hint: 'lower-case letters, digits, ".", "_" or "-"' });
  const version = c.str(doc, 'version', '', { pattern: VERSION_RE, hint: 'YYYY.MM.DD-N or semver' });
  const title = c.str(doc, 'title', '');
  const banner = c.str(doc, 'banner', '');
  const description = c.str(doc, 'description', '', { optional: true });
  const rules: Rule[] = [];
  if (!Array.isArray(doc.rules) || doc.rules.length === 0) c.fail('rules', 'must be a non-empty list');
  else {
    const seen = new Set<string>();
    doc.rules.forEach((r, i) => {
      const rule = checkRule(c, r, `rules[${i}]`);
      if (rule === undefined) return;
      if (seen.has(rule.id)) c.fail(`rules[${i}].id`, `duplicate rule id "${rule.id}"`);
      seen.add(rule.id);
      rules.push(rule);
    });
  }
  if (c.issues.length > 0 || !id || !version || !title || !banner) throw new PolicyPackError(c.issues);
  const pack: PolicyPack = { id, version, title, banner, rules };
  if (description !== undefined) pack.description = description;
  return pack;
}

/** Parses YAML (the default; JSON is valid YAML too) or strict JSON, then validates. */
export function parsePolicyPack(source: string, format: 'yaml' | 'json' = 'yaml'): PolicyPack {
  let doc: unknown;
  try {
    doc = format === 'json' ? JSON.parse(source) : parseYaml(source, { prettyErrors: true, maxAliasCount: 100 });
  } catch (err) {
    throw new PolicyPackError([{ path: '(source)', message: `not valid ${format.toUpperCase()}: ${(err as Error).message}` }]);
  }
  return validatePolicyPack(doc);
}
