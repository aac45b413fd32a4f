import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderToStaticMarkup } from 'react-dom/server';
import { TextAreaField, TextField } from './Field';

/** The ids an element's aria-describedby points at, and the text of each. */
function described(html: string, tag: string): string[] {
  const control = new RegExp(`<${tag}[^>]*aria-describedby="([^"]+)"`).exec(html);
  assert.ok(control, `no ${tag} with aria-describedby in ${html}`);
  return control[1]!.split(' ').map((id) => new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1] ?? `(missing #${id})`);
}

test('an error is tied to its input and marks it invalid; the label names it', () => {
  const html = renderToStaticMarkup(<TextField label="Code" name="code" hint="2 to 16 letters" error="Code is too short" />);
  assert.deepEqual(described(html, 'input'), ['2 to 16 letters', 'Code is too short']);
  assert.match(html, /<input[^>]*aria-invalid="true"/);
  const id = /<input[^>]*\sid="([^"]+)"/.exec(html)?.[1];
  assert.match(html, new RegExp(`<label for="${id}">Code</label>`));
});

test('without an error or hint nothing is described and the input is not invalid', () => {
  const html = renderToStaticMarkup(<TextField label="Name" name="name" />);
  assert.doesNotMatch(html, /aria-describedby|aria-invalid/);
});

test('the policy editor gets the server\'s message the same way', () => {
  const html = renderToStaticMarkup(<TextAreaField label="Policy pack (YAML)" name="source" error="version: must match" />);
  assert.deepEqual(described(html, 'textarea'), ['version: must match']);
});
