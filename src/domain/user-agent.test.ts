import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeAgent } from './user-agent.js';

test('user agents become "browser on system"; others are shortened; none is named as asked', () => {
  assert.equal(describeAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36'), 'Chrome on Linux');
  assert.equal(describeAgent('Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/120.0 Safari/537.36 Edg/120.0'), 'Edge on Windows');
  assert.equal(describeAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Gecko/20100101 Firefox/120.0'), 'Firefox on macOS');
  assert.equal(describeAgent('curl/8.5.0'), 'curl/8.5.0');
  assert.equal(describeAgent('x'.repeat(100)).length, 58);
  assert.equal(describeAgent(null), 'Unknown client');
  assert.equal(describeAgent(null, 'Unnamed device'), 'Unnamed device');
});
