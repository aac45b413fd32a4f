import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../app/api';
import { formErrors } from './form-errors';

test('an error naming one of the form\'s inputs goes to that input only', () => {
  const e = formErrors(new ApiError('validation_failed', 'body.code must match', 400, { field: 'body.code' }), ['code', 'name']);
  assert.equal(e.field('code'), 'body.code must match');
  assert.equal(e.field('name'), null);
  assert.equal(e.form, null);
});

test('an error without a field, or naming an input the form lacks, goes to the form', () => {
  assert.equal(formErrors(new ApiError('forbidden', 'No', 403), ['code']).form, 'No');
  assert.equal(formErrors(new ApiError('validation_failed', 'x', 400, { field: 'body.other' }), ['code']).form, 'x');
  assert.equal(formErrors(new Error('boom'), ['code']).form, 'boom');
  assert.equal(formErrors(null, ['code']).form, null);
});

test('errors the server gives without a field can be placed by code', () => {
  const wrong = new ApiError('invalid_credentials', 'The current password is wrong.', 401);
  const e = formErrors(wrong, ['currentPassword', 'newPassword'], { invalid_credentials: 'currentPassword' });
  assert.equal(e.field('currentPassword'), 'The current password is wrong.');
  assert.equal(e.form, null);
  // A named field still wins over the code's default place.
  const pack = new ApiError('validation_failed', 'version: must match', 400, { field: 'version' });
  assert.equal(formErrors(pack, ['source'], { validation_failed: 'source' }).field('source'), 'version: must match');
});
