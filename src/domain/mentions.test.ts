import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMentions } from './mentions.js';

test('usernames and broadcast mentions are found; e-mail addresses are not mentions', () => {
  assert.deepEqual(parseMentions('@alice and @Bob.Smith, see mail bob@agency.gov'), { all: false, usernames: ['alice', 'bob.smith'] });
  assert.deepEqual(parseMentions('heads up @all.'), { all: true, usernames: [] });
  assert.deepEqual(parseMentions('@here @channel'), { all: true, usernames: [] });
  assert.deepEqual(parseMentions('no mentions @ all'), { all: false, usernames: [] });
});

test('duplicates collapse and the count is bounded', () => {
  assert.deepEqual(parseMentions('@a1 @A1 @a1').usernames, ['a1']);
  assert.equal(parseMentions(Array.from({ length: 80 }, (_, i) => `@u${i}`).join(' ')).usernames.length, 50);
});
