import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { abaValid, deaValid, ibanValid, luhnValid, npiValid } from './checksums.js';

describe('checksums', () => {
  test('Luhn accepts a valid test card and rejects a one-digit change', () => {
    assert.equal(luhnValid('4111111111111111'), true);
    assert.equal(luhnValid('4111111111111112'), false);
    assert.equal(luhnValid('41111x1111111111'), false);
  });
  test('ABA routing: checksum and Federal Reserve prefix', () => {
    assert.equal(abaValid('011000015'), true);
    assert.equal(abaValid('011000016'), false);
    assert.equal(abaValid('990000011'), false); // prefix 99 is not assigned
  });
  test('IBAN: mod 97 and country length', () => {
    assert.equal(ibanValid('GB82WEST12345698765432'), true);
    assert.equal(ibanValid('GB82WEST12345698765433'), false);
    assert.equal(ibanValid('DE89370400440532013000'), true);
    assert.equal(ibanValid('DE8937040044053201300'), false); // one short for DE
  });
  test('NPI uses the 80840 prefix', () => {
    assert.equal(npiValid('1234567893'), true);
    assert.equal(npiValid('1234567890'), false);
    assert.equal(npiValid('3234567893'), false);
  });
  test('DEA check digit', () => {
    assert.equal(deaValid('AB1234563'), true);
    assert.equal(deaValid('AB1234564'), false);
  });
});
