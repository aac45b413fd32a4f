import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEmailDomain, csvCell, csvRow, emailDomainAllowed, isEmail, parseDomainList } from './identity.js';

test('the domain list is trimmed, lower-cased and may be empty', () => {
  assert.deepEqual(parseDomainList(' WV.gov , .wvdhhr.org,, '), ['wv.gov', 'wvdhhr.org']);
  assert.deepEqual(parseDomainList(undefined), []);
});

test('an allowed domain admits itself and its subdomains, never a look-alike suffix', () => {
  const allowed = ['wv.gov'];
  assert.ok(emailDomainAllowed('a@wv.gov', allowed));
  assert.ok(emailDomainAllowed('a@DHHR.WV.GOV', allowed));
  assert.ok(!emailDomainAllowed('a@evilwv.gov', allowed));
  assert.ok(!emailDomainAllowed('a@wv.gov.example.com', allowed));
  assert.ok(!emailDomainAllowed('a@gmail.com', allowed));
  assert.ok(!emailDomainAllowed('a@b@wv.gov', allowed), 'two @ signs are not an address');
  assert.ok(emailDomainAllowed('anyone@gmail.com', []), 'no list: no restriction');
});

test('checkEmailDomain refuses with a stable code and passes a missing address', () => {
  assert.throws(() => checkEmailDomain('x@gmail.com', ['wv.gov']), { code: 'email_domain_not_allowed' });
  checkEmailDomain(null, ['wv.gov']);
});

test('isEmail refuses malformed addresses', () => {
  for (const bad of ['', 'a', 'a@', '@wv.gov', 'a@wv', 'a b@wv.gov', 'a@-wv.gov', `${'a'.repeat(65)}@wv.gov`]) assert.ok(!isEmail(bad), bad);
  assert.ok(isEmail("o'brien+x@dhhr.wv.gov"));
});

test('CSV output neutralizes formulas and quotes per RFC 4180', () => {
  assert.equal(csvCell('=cmd|"/c calc"!A1'), `"'=cmd|""/c calc""!A1"`);
  assert.equal(csvCell('+1'), "'+1");
  assert.equal(csvCell('-2'), "'-2");
  assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvRow(['a', 'b\nc']), 'a,"b\nc"\r\n');
});
