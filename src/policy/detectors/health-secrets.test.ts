import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runDetector as run } from './run-detector.js';

describe('health detectors', () => {
  test('clinical terms, including phrases and inflections', () => {
    const types = run('health_terms', 'he had a heart attack and takes metformin after chemotherapy').map((s) => s.type);
    assert.deepEqual(types.sort(), ['HEALTH_CONDITION', 'MEDICATION', 'MEDICATION']);
  });
  test('ICD-10 codes need a dot or context', () => {
    assert.equal(run('icd10', 'dx E11.9 noted').length, 1);
    assert.equal(run('icd10', 'model A12 ships').length, 0);
  });
  test('NPI needs checksum and context; MBI format', () => {
    assert.equal(run('npi', 'NPI 1234567893').length, 1);
    assert.equal(run('npi', 'NPI 1234567890').length, 0);
    assert.equal(run('medicare_mbi', 'Medicare 1EG4-TE5-MK73').length, 1);
    assert.equal(run('medicare_mbi', 'Medicare 1SG4-TE5-MK73').length, 0); // S is never used
  });
  test('medical record numbers with context only', () => {
    assert.equal(run('medical_record_number', 'MRN 00482913').length, 1);
    assert.equal(run('medical_record_number', 'invoice 00482913').length, 0);
  });
});

describe('confidential detectors', () => {
  test('markings in capitals; lower-case "confidential" alone is prose', () => {
    assert.equal(run('confidential_marking', 'FOR OFFICIAL USE ONLY - draft').length, 1);
    assert.equal(run('confidential_marking', 'attorney-client privileged').length, 1);
    assert.equal(run('confidential_marking', 'keep it confidential').length, 0);
  });
  test('credentials of well-known formats', () => {
    const text = [
      '-----BEGIN RSA PRIVATE KEY-----', 'AKIAIOSFODNN7EXAMPLE', 'ghp_' + 'a'.repeat(36), 'xoxb-1234567890-abcdefghij',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      'postgres://app:s3cret@db.internal:5432/parley', 'password: Tr0ub4dor&3',
    ].join('\n');
    const types = new Set(run('credentials', text).map((s) => s.type));
    for (const t of ['PRIVATE_KEY', 'AWS_ACCESS_KEY', 'GITHUB_TOKEN', 'SLACK_TOKEN', 'JWT', 'CONNECTION_STRING', 'PASSWORD']) {
      assert.ok(types.has(t), t);
    }
  });
});
