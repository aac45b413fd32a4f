/** Documents that must stay true to the code. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERRORS } from '../../src/domain/errors.js';
import { CLIENT_FRAME_TYPES } from '../../src/transport/ws/frames.js';

const read = (p: string) => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8');

test('docs/errors.md lists every error code with its status', () => {
  const doc = read('docs/errors.md');
  for (const [code, { status }] of Object.entries(ERRORS)) {
    assert.match(doc, new RegExp(`\\| \`${code}\` \\| ${status} \\|`), `docs/errors.md lacks ${code}`);
  }
});

test('the protocol SPEC documents every client frame type', () => {
  const spec = read('docs/protocol/SPEC.md');
  for (const type of CLIENT_FRAME_TYPES) assert.ok(spec.includes(`| \`${type}\` |`), `SPEC lacks ${type}`);
});
