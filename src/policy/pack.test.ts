import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parsePolicyPack, PolicyPackError } from './pack.js';
import { compilePolicy } from './compile.js';
import { CATEGORIES } from './types.js';

const WVOT = readFileSync(new URL('../../policies/wvot-po1010.yaml', import.meta.url), 'utf8');

function issuesOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof PolicyPackError, String(err));
    return [...err.issues];
  }
  assert.fail('expected a PolicyPackError');
}

const minimal = (rule: Record<string, unknown>): string => JSON.stringify({
  id: 'p', version: '2024.01.01-1', title: 'T', banner: 'B',
  rules: [{ id: 'r0', sections: ['4.3'], category: 'pii', message: 'm', detectors: ['email'], severity: 'low', action: 'flag' }, rule],
});

describe('policy packs', () => {
  test('the shipped WVOT pack parses and compiles', () => {
    const pack = parsePolicyPack(WVOT);
    assert.equal(pack.id, 'wvot-po1010');
    assert.match(pack.banner, /no expectation of privacy/i);
    assert.match(pack.banner, /monitors and\s+records/);
    compilePolicy(pack);
  });

  test('the WVOT pack cites every prohibition of the policy', () => {
    const cited = new Set(parsePolicyPack(WVOT).rules.flatMap((r) => r.sections));
    for (const s of ['4.3', '4.4', '5.3.1', '5.3.2', '5.3.3', '5.3.4', '5.3.5', '5.3.6', '5.3.7', '5.3.8', '5.4']) {
      assert.ok(cited.has(s), `§${s} has no rule`);
    }
  });

  test('an invalid action is reported with its field path', () => {
    const issues = issuesOf(() => parsePolicyPack(minimal({ id: 'r1', sections: ['4.4'], category: 'phi', message: 'm',
      detectors: ['health_terms'], severity: 'high', action: 'shred' }), 'json'));
    assert.deepEqual(issues, [{ path: 'rules[1].action', message: 'must be one of allow, warn, block, redact, flag' }]);
  });

  test('every problem is reported at once', () => {
    const issues = issuesOf(() => parsePolicyPack(JSON.stringify({ id: 'Bad Id', version: 'v1', banner: '', rules: [
      { id: 'x', sections: ['four'], category: 'spam', message: 'm', detectors: [{ id: 'nope' }], severity: 'low', action: 'flag',
        appliesTo: { personTypes: ['intern'] }, extra: 1 },
    ] }), 'json'));
    const paths = issues.map((i) => i.path).sort();
    assert.deepEqual(paths, ['banner', 'id', 'rules[0].appliesTo.personTypes[0]', 'rules[0].category', 'rules[0].detectors[0].id',
      'rules[0].extra', 'rules[0].sections[0]', 'title', 'version']);
    assert.ok(CATEGORIES.every((c) => issues.find((i) => i.path === 'rules[0].category')?.message.includes(c)));
  });

  test('bad YAML is a pack error, not a crash', () => {
    const issues = issuesOf(() => parsePolicyPack('id: [unclosed'));
    assert.equal(issues[0]?.path, '(source)');
  });

  test('detector parameters are checked at compile time with their path', () => {
    const pack = parsePolicyPack(minimal({ id: 'r1', sections: ['5.3.7'], category: 'file', message: 'm',
      detectors: [{ id: 'file_size', params: { maxBytes: -1 } }], severity: 'low', action: 'block' }), 'json');
    const issues = issuesOf(() => compilePolicy(pack));
    assert.deepEqual(issues.map((i) => i.path), ['rules[1].detectors[0].params.maxBytes']);
  });

  test('a detector type filter must name a type the detector emits', () => {
    const pack = parsePolicyPack(minimal({ id: 'r1', sections: ['4.3'], category: 'pii', message: 'm',
      detectors: [{ id: 'email', types: ['US_SSN'] }], severity: 'low', action: 'flag' }), 'json');
    assert.equal(issuesOf(() => compilePolicy(pack))[0]?.path, 'rules[1].detectors[0].types[0]');
  });

  test('duplicate rule ids are rejected', () => {
    const issues = issuesOf(() => parsePolicyPack(minimal({ id: 'r0', sections: ['4.3'], category: 'pii', message: 'm',
      detectors: ['email'], severity: 'low', action: 'flag' }), 'json'));
    assert.equal(issues[0]?.path, 'rules[1].id');
  });
});
