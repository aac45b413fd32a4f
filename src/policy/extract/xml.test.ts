import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ExtractError } from './errors.js';
import { XML_MAX_DEPTH, XmlBytes, XmlReader, type XmlHandler } from './xml.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The events of a part fed `step` bytes at a time, as strings: "+{ns}local", "-local", "'text'". */
function events(bytes: Uint8Array, step = bytes.length): string[] {
  const out: string[] = [];
  const handler: XmlHandler = {
    open: (e) => out.push(`+{${e.ns}}${e.local}${e.local === 'fld' ? `[${e.attr('urn:a', 'instr') ?? ''}|${e.attr('', 'id') ?? ''}]` : ''}`),
    close: (_ns, local) => out.push(`-${local}`),
    text: (s) => {
      // Text may come in pieces; adjacent pieces are joined so any chunking gives the same events.
      const last = out.at(-1);
      if (last?.startsWith("'") === true) out[out.length - 1] = `${last.slice(0, -1)}${s}'`;
      else out.push(`'${s}'`);
    },
  };
  const input = new XmlBytes(new XmlReader('part.xml', handler));
  for (let i = 0; i < bytes.length; i += step) input.write(bytes.subarray(i, i + step));
  input.write(new Uint8Array(0), true);
  return out;
}

function refusal(bytes: Uint8Array | string): string {
  try {
    events(typeof bytes === 'string' ? utf8(bytes) : bytes);
  } catch (e) {
    if (e instanceof ExtractError && e.code === 'corrupt') return e.message;
    throw e;
  }
  return assert.fail('expected the part to be refused as corrupt');
}

describe('XML reader', () => {
  const doc = '<?xml version="1.0" encoding="UTF-8"?>\r\n<!-- a <b>comment</b> --><?pi <x>?>' +
    '<r xmlns="urn:d" xmlns:a="urn:a"><a:fld a:instr="q &quot;x&quot; &gt; y" id=\'1\'/><t>A &amp; B &#x1F600; &#65;</t>' +
    '<t><![CDATA[<not a tag> & ]] ]>]]></t><a:x xmlns:a="urn:other"><t xmlns="">plain</t></a:x></r>';

  test('namespaces, attributes, references, CDATA, comments and PIs, whatever the chunking', () => {
    const expected = ['+{urn:d}r', '+{urn:a}fld[q "x" > y|1]', '-fld', '+{urn:d}t', "'A & B \u{1F600} A'", '-t',
      '+{urn:d}t', "'<not a tag> & ]] ]>'", '-t', '+{urn:other}x', '+{}t', "'plain'", '-t', '-x', '-r'];
    assert.deepEqual(events(utf8(doc)), expected);
    // Every split point: a chunk may end inside a tag, a reference, "<!--", "]]>" or a UTF-8 sequence.
    for (const step of [1, 2, 3, 5, 7]) assert.deepEqual(events(utf8(doc), step), expected, `fed ${step} bytes at a time`);
  });

  test('UTF-16 with or without a byte-order mark, and a declaration that agrees', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<r><t>José</t></r>', 'utf16le')]);
    assert.deepEqual(events(le, 3), ['+{}r', '+{}t', "'José'", '-t', '-r']);
    const be = Buffer.from('<?xml version="1.0" encoding="UTF-16"?><r>Ω</r>', 'utf16le').swap16();
    assert.deepEqual(events(be, 1), ['+{}r', "'Ω'", '-r']);
    assert.deepEqual(events(utf8('\uFEFF<?xml version="1.0" encoding="utf-8"?><r>é</r>')), ['+{}r', "'é'", '-r']);
  });

  test('other encodings, and declarations that do not match the bytes, are refused', () => {
    assert.match(refusal('<?xml version="1.0" encoding="windows-1252"?><r>caf\u00e9</r>'), /part\.xml: encoding windows-1252 \(only UTF-8 and UTF-16 are read\)/);
    assert.match(refusal('<?xml version="1.0" encoding="UTF-16"?><r/>'), /declares UTF-16 but is UTF-8/);
    assert.match(refusal(new Uint8Array([0x3c, 0x72, 0x3e, 0xc0, 0xbc, 0x3c, 0x2f, 0x72, 0x3e])), /bytes that are not UTF-8/);
  });

  test('what Word would refuse is refused, never read some other way', () => {
    assert.match(refusal('<w:r><w:t>x</w:t></w:r>'), /prefix "w" of <w:r> is not declared/);
    assert.match(refusal('<!DOCTYPE r [<!ENTITY e "536-22-1234">]><r>&e;</r>'), /document type/);
    assert.match(refusal('<r>&e;</r>'), /unknown reference &e;/);
    assert.match(refusal('<r>a & b</r>'), /unterminated reference/);
    assert.match(refusal('<r><t></r>'), /<\/r> does not close <t>/);
    assert.match(refusal('<r><t>'), /ends inside <t>/);
    assert.match(refusal('<r><!-- open'), /ends inside markup/);
    assert.match(refusal('<r a="<"/>'), /"<" inside a tag/);
    assert.match(refusal('<r xmlns:p="urn:p" a=1/>'), /malformed attribute/);
    assert.match(refusal('<r/><r/>'), /second root/);
    assert.match(refusal(''), /no root element/);
    assert.match(refusal('<r xmlns:p=""/>'), /prefix "p" bound to no namespace/);
    // Nesting to the limit is read; one deeper is refused before it is held.
    assert.ok(events(utf8(`${'<a>'.repeat(XML_MAX_DEPTH)}${'</a>'.repeat(XML_MAX_DEPTH)}`)).length > 0);
    assert.match(refusal(`${'<a>'.repeat(XML_MAX_DEPTH + 1)}`), new RegExp(`nested more than ${XML_MAX_DEPTH} deep`));
  });

  // Each search goes forward from where the last stopped, so these finish in seconds; a quadratic path (rescanning a
  // held-back tag or comment on every chunk) would take hours and trip the timeout. Not timed here.
  test('hostile shapes are read or refused, in one pass', { timeout: 120_000 }, () => {
    const mib = 1 << 20;
    const shapes: [string, string, RegExp | null][] = [
      ['a 16 MiB attribute', `<r a="${'x'.repeat(16 * mib)}"/>`, null],
      ['1M nested elements', `${'<a>'.repeat(mib)}${'</a>'.repeat(mib)}`, /nested more than 2000 deep/],
      ['1M nested namespace declarations', `${'<a xmlns:p="urn:x">'.repeat(mib)}${'</a>'.repeat(mib)}`, /nested more than 2000 deep/],
      ['8 MiB of references', `<r>${'&amp;'.repeat(8 * mib / 5)}</r>`, null],
      ['an unclosed 16 MiB comment', `<r><!--${'-'.repeat(16 * mib)}`, /ends inside markup/],
      ['an unclosed 16 MiB CDATA section', `<r><![CDATA[${']'.repeat(16 * mib)}`, /ends inside markup/],
      ['1M "<!-" in a row', `<r>${'<!-'.repeat(mib)}`, /document type/],
      ['16 MiB of "&" without ";"', `<r>${'&'.repeat(16 * mib)}`, /unterminated reference/],
    ];
    for (const [name, xml, refused] of shapes) {
      if (refused === null) assert.ok(events(utf8(xml), 16 * 1024).length > 0, name);
      else assert.match(refusal(xml), refused, name);
    }
  });
});
