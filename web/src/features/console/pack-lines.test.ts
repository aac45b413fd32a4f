import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineOfPath, packIssuesOf } from './pack-lines';

const SOURCE = [
  'id: demo',            // 1
  'version: "1"',        // 2
  'rules:',              // 3
  '  - id: first',       // 4
  '    action: block',   // 5
  '    detectors: [us_ssn]', // 6
  '  - id: second',      // 7
  '    sections: ["4.3"]', // 8
  '    action: shout',   // 9
  '    detectors:',      // 10
  '      - id: regex',   // 11
  '        params:',     // 12
  '          patterns: ["(a"]', // 13
].join('\n');

test('a validation path is found on its line in the YAML', () => {
  assert.equal(lineOfPath(SOURCE, 'version'), 2);
  assert.equal(lineOfPath(SOURCE, 'rules[0]'), 4);
  assert.equal(lineOfPath(SOURCE, 'rules[1].action'), 9);
  assert.equal(lineOfPath(SOURCE, 'rules[0].action'), 5);
  assert.equal(lineOfPath(SOURCE, 'rules[1].detectors[0].params.patterns[0]'), 13);
});

test('a path that cannot be followed to the end gives the nearest line found, or none', () => {
  assert.equal(lineOfPath(SOURCE, 'rules[1].severity'), 7, 'a missing field points at its rule');
  assert.equal(lineOfPath(SOURCE, 'title'), null);
  assert.equal(lineOfPath(SOURCE, ''), null);
  assert.equal(lineOfPath(SOURCE, 'rules[5]'), 3);
});

test('issues are read defensively from the error data', () => {
  assert.deepEqual(packIssuesOf({ issues: [{ path: 'a', message: 'b' }, { path: 1 }, null] }), [{ path: 'a', message: 'b' }]);
  assert.deepEqual(packIssuesOf({}), []);
});
