import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.js';

test('defaults: port 8080, data under ./data, SQLite, secure cookies', () => {
  const c = loadConfig({});
  assert.equal(c.port, 8080);
  assert.equal(c.dataDir, join(process.cwd(), 'data'));
  assert.equal(c.databaseUrl, undefined);
  assert.equal(c.cookieSecure, true);
  assert.ok(Object.isFrozen(c));
});

test('environment variables override the file, which overrides defaults', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cfg-'));
  const file = join(dir, 'parley.json');
  writeFileSync(file, JSON.stringify({ port: 9000, sessionIdleMinutes: 10 }));
  const c = loadConfig({ PARLEY_CONFIG: file, PORT: '9100' });
  assert.equal(c.port, 9100);
  assert.equal(c.sessionIdleMinutes, 10);
});

test('a bad setting stops start-up with a message that names it', () => {
  const bad = (env: Record<string, string>, pattern: RegExp) =>
    assert.throws(() => loadConfig(env), (e: unknown) => e instanceof ConfigError && pattern.test(e.message));
  bad({ PORT: 'eighty' }, /PORT: expected a whole number/);
  bad({ PORT: '70000' }, /port \(PORT\)/);
  bad({ DATABASE_URL: 'mysql://x' }, /databaseUrl \(DATABASE_URL\)/);
  bad({ PARLEY_COOKIE_SECURE: 'maybe' }, /PARLEY_COOKIE_SECURE: expected true or false/);
  bad({ LOG_LEVEL: 'loud' }, /logLevel \(LOG_LEVEL\)/);
});

test('a config file that is missing, not JSON, or has unknown keys is named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cfg-'));
  assert.throws(() => loadConfig({ PARLEY_CONFIG: join(dir, 'missing.json') }), /PARLEY_CONFIG .*missing\.json/);
  const notJson = join(dir, 'bad.json');
  writeFileSync(notJson, '{port: 1');
  assert.throws(() => loadConfig({ PARLEY_CONFIG: notJson }), /PARLEY_CONFIG/);
  const unknown = join(dir, 'unknown.json');
  writeFileSync(unknown, JSON.stringify({ prot: 1 }));
  assert.throws(() => loadConfig({ PARLEY_CONFIG: unknown }), /prot/);
});
