import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { BACKENDS } from '../support/backends.js';
import { TestApp } from '../support/app.js';
import { runCli } from '../support/cli.js';

const HEADER = 'username,displayName,email,agencyCode,personType\n';

for (const backend of BACKENDS) {
  describe(`CSV user import (${backend})`, () => {
    let t: TestApp;
    let admin: string;
    let dir: string;
    const post = (csv: string | Buffer, query = '?dryRun=true', token = admin) =>
      t.request('POST', `/api/v1/users/import${query}`, { token, raw: csv, headers: { 'content-type': 'text/csv' } });

    before(async () => {
      t = await TestApp.start(backend, { allowedEmailDomains: 'wv.gov', userImportMaxBytes: 4096, userImportMaxRows: 12 });
      admin = await t.admin();
      await t.agency(admin, 'DHHR');
      await t.agency(admin, 'DOT');
      await t.user(admin, { username: 'taken', agencyId: null });
      dir = await mkdtemp(join(tmpdir(), 'parley-import-'));
    });
    after(async () => {
      await t.stop();
      await rm(dir, { recursive: true, force: true });
    });

    test('a dry run reports every bad row by line number and writes nothing', async () => {
      const csv = HEADER + [
        'good1,Good One,good1@wv.gov,DHHR,employee',
        'bad-agency,X,x@wv.gov,NOPE,employee',
        'bad-type,X,x@wv.gov,DHHR,astronaut',
        'taken,X,,DHHR,employee',
        'good1,Again,,DHHR,employee',
        'bad-mail,X,not-an-address,DHHR,employee',
        'outsider,X,o@gmail.com,DHHR,employee',
        ',,,,',
        'short,Only Two',
        '"multi","Line',
        'Name",m@wv.gov,dot,volunteer',
        '=cmd,X,,DHHR,employee',
      ].join('\n') + '\n';
      const res = await post(csv);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.rows, 11);
      const byLine = (line: number) => res.body.problems.filter((p: { line: number }) => p.line === line).map((p: { field: string }) => p.field);
      assert.deepEqual(byLine(2), []);
      assert.deepEqual(byLine(3), ['agencyCode']);
      assert.deepEqual(byLine(4), ['personType']);
      assert.deepEqual(byLine(5), ['username']);
      assert.match(res.body.problems.find((p: { line: number }) => p.line === 6).message, /line 2/);
      assert.deepEqual(byLine(7), ['email']);
      assert.deepEqual(byLine(8), ['email']);
      assert.deepEqual(byLine(9), ['username', 'displayName', 'personType']);
      assert.deepEqual(byLine(10), ['(row)', 'personType']);
      // A quoted cell may span lines: the row is reported from its first line (and a name may not hold a line break).
      assert.deepEqual(byLine(11), ['displayName']);
      assert.deepEqual(byLine(12), []);
      assert.deepEqual(byLine(13), ['username']);
      assert.equal(await t.app.store.users.getByUsername('good1'), null, 'nothing written');
    });

    test('quoting errors are reported with their line', async () => {
      const res = await post(`${HEADER}ok,Fine,,DHHR,employee\nbroken,"Bad"quote,,DHHR,employee\n`);
      assert.equal(res.status, 200);
      assert.ok(res.body.problems.some((p: { line: number; message: string }) => p.line === 3 && /malformed/.test(p.message)), JSON.stringify(res.body.problems));
      const unclosed = await post(`${HEADER}ok,"never closed,,DHHR,employee\n`);
      assert.ok(unclosed.body.problems.some((p: { message: string }) => /Quote Not Closed/i.test(p.message)), JSON.stringify(unclosed.body.problems));
    });

    test('a bad header, an empty file, too many rows, too many bytes and bad bytes are refused', async () => {
      const header = await post('user,displayName,personType,shoeSize\n');
      assert.deepEqual(header.body.problems.map((p: { field: string }) => p.field).sort(), ['shoeSize', 'user', 'username']);
      for (const nothing of ['', '\n\n']) assert.match((await post(nothing)).body.problems[0].message, /empty/);
      const many = await post(HEADER + Array.from({ length: 13 }, (_, i) => `u${i},U,,DHHR,employee`).join('\n'));
      assert.match(many.body.problems[0].message, /at most 12/);
      const huge = await post(HEADER + 'x'.repeat(5000));
      assert.equal(huge.status, 413);
      assert.equal((await post(Buffer.from([0x75, 0xff, 0xfe, 0x0a]))).body.error.code, 'invalid_utf8');
      const json = await t.request('POST', '/api/v1/users/import', { token: admin, body: { csv: 'x' } });
      assert.equal(json.status, 415);
    });

    test('the real run creates every user in one transaction with one-time secrets, or nothing', async () => {
      const rejected = await post(`${HEADER}first,First,,DHHR,employee\nsecond,Second,,NOPE,employee\n`, '');
      assert.equal(rejected.status, 422);
      assert.equal(rejected.body.error.code, 'import_rejected');
      assert.equal(rejected.body.error.data.problems[0].line, 3);
      assert.equal(await t.app.store.users.getByUsername('first'), null);

      const res = await post(`${HEADER}first,"=HYPERLINK(""http://x"")",First@WV.gov,dhhr,contractor\nsecond,Second,,,volunteer\n`, '');
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.deepEqual(res.body.created.map((c: { line: number; user: { username: string } }) => [c.line, c.user.username]), [[2, 'first'], [3, 'second']]);
      const first = res.body.created[0];
      assert.equal(first.user.displayName, '=HYPERLINK("http://x")', 'stored as text, exactly');
      assert.equal(first.user.email, 'first@wv.gov');
      assert.equal(first.user.personType, 'contractor');
      const signIn = await t.request('POST', '/api/v1/auth/sign-in', { body: { username: 'first', password: first.oneTimeSecret, kind: 'bearer' } });
      assert.equal(signIn.body.mustChangePassword, true);
      assert.equal((await t.app.store.audit.list({ action: 'user.import', limit: 5 })).length, 1);
      assert.equal((await t.app.store.audit.list({ action: 'user.create', targetId: first.user.id, limit: 5 })).length, 1);
    });

    test('an agency administrator imports into their own agency only', async () => {
      const dhhr = (await t.app.store.agencies.getByCode('DHHR'))!.id;
      const staff = await t.user(admin, { username: 'dhhr-admin', agencyId: dhhr });
      await t.request('POST', `/api/v1/users/${staff.id}/roles`, { token: admin, body: { role: 'agency_admin', agencyId: dhhr } });
      const res = await post(`${HEADER}mine,Mine,,DHHR,employee\ntheirs,Theirs,,DOT,employee\n`, '?dryRun=true', staff.token);
      assert.deepEqual(res.body.problems.map((p: { line: number; field: string }) => [p.line, p.field]), [[3, 'agencyCode']]);
      const plain = await t.user(admin, { username: 'plain', agencyId: dhhr });
      assert.equal((await post(HEADER, '?dryRun=true', plain.token)).status, 403);
    });

    test('the CLI checks with --dry-run and imports, printing secrets as neutralized CSV', async () => {
      const file = join(dir, 'people.csv');
      await writeFile(file, `${HEADER}cli-one,@SUM(A1),,DHHR,employee\ncli-two,Two,,NOPE,employee\n`);
      const env = { PARLEY_SCRYPT_COST: '1024', PARLEY_ALLOWED_EMAIL_DOMAINS: 'wv.gov' };
      const dry = await runCli(t, env, 'users', 'import', file, '--dry-run');
      assert.equal(dry.code, 1);
      assert.match(dry.err, /line 3 \(agencyCode\): There is no agency NOPE/);
      const refused = await runCli(t, env, 'users', 'import', file);
      assert.equal(refused.code, 1);
      assert.equal(await t.app.store.users.getByUsername('cli-one'), null);

      await writeFile(file, `${HEADER}cli-one,@SUM(A1),,DHHR,employee\n`);
      const ok = await runCli(t, env, 'users', 'import', file);
      assert.equal(ok.code, 0, ok.err);
      const rows = parse(ok.out) as string[][];
      assert.deepEqual(rows[0], ['username', 'displayName', 'oneTimeSecret']);
      assert.equal(rows[1]![1], "'@SUM(A1)", 'a formula-looking cell is neutralized in CSV output');
      const signIn = await t.request('POST', '/api/v1/auth/sign-in', { body: { username: 'cli-one', password: rows[1]![2], kind: 'bearer' } });
      assert.equal(signIn.status, 200);
      assert.equal((await t.app.store.users.getByUsername('cli-one'))!.displayName, '@SUM(A1)');
      assert.equal((await runCli(t, env, 'users', 'import')).code, 2);
    });
  });
}
