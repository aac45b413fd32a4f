import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CONTENT_TYPES as T, isExecutableContentType, sniffContentType } from './sniff.js';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));
const whole = (head: Uint8Array): string => sniffContentType(head, { complete: true });

/** A stored ZIP local file header plus data, as the first entries of an archive. */
function zipEntry(name: string, data = 'x', flags = 0): Uint8Array {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(flags, 6);
  header.writeUInt32LE(flags & 0x08 ? 0 : data.length, 18);
  header.writeUInt32LE(data.length, 22);
  header.writeUInt16LE(Buffer.byteLength(name), 26);
  return Buffer.concat([header, Buffer.from(name), Buffer.from(data)]);
}
const zip = (...entries: Uint8Array[]): Uint8Array => Buffer.concat(entries);

/** A DOS header whose e_lfanew points at `peOffset`, followed by the PE signature there. */
function portableExecutable(peOffset = 0x80): Uint8Array {
  const image = Buffer.alloc(peOffset + 24);
  image.write('MZ', 0, 'latin1');
  image.writeUInt32LE(peOffset, 0x3c);
  image.write('PE\0\0', peOffset, 'latin1');
  return image;
}

describe('sniffContentType', () => {
  const cases: [string, Uint8Array, string][] = [
    ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), T.png],
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF'), T.jpeg],
    ['GIF87a', bytes('GIF87a', [1, 0, 1, 0]), T.gif],
    ['GIF89a', bytes('GIF89a', [1, 0, 1, 0]), T.gif],
    ['WebP', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), T.webp],
    ['WAV', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '), T.wav],
    ['AVI', bytes('RIFF', [0x24, 0, 0, 0], 'AVI LIST'), T.avi],
    ['PDF', bytes('%PDF-1.7\n%\xe2\xe3\n'), T.pdf],
    ['plain ZIP', zip(zipEntry('notes.txt'), zipEntry('photo.jpg')), T.zip],
    ['empty ZIP', bytes([0x50, 0x4b, 0x05, 0x06], Array(18).fill(0)), T.zip],
    ['DOCX', zip(zipEntry('[Content_Types].xml', '<Types/>'), zipEntry('_rels/.rels'), zipEntry('word/document.xml')), T.docx],
    ['XLSX', zip(zipEntry('[Content_Types].xml'), zipEntry('xl/workbook.xml')), T.xlsx],
    ['PPTX, main part first', zip(zipEntry('ppt/presentation.xml'), zipEntry('[Content_Types].xml')), T.pptx],
    ['ZIP with a word/ folder but no [Content_Types].xml', zip(zipEntry('word/readme.txt')), T.zip],
    ['gzip', bytes([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3]), T.gzip],
    ['MP4', bytes([0, 0, 0, 0x20], 'ftypisom', [0, 0, 2, 0], 'isomiso2mp41'), T.mp4],
    ['M4A', bytes([0, 0, 0, 0x20], 'ftypM4A ', [0, 0, 0, 0]), T.m4a],
    ['QuickTime', bytes([0, 0, 0, 0x14], 'ftypqt  ', [0, 0, 0, 0]), T.quicktime],
    ['MP3 with ID3 tag', bytes('ID3', [4, 0, 0, 0, 0, 0, 0]), T.mp3],
    ['MP3 bare frame (MPEG-1 layer III, 128 kbit/s, 44.1 kHz)', bytes([0xff, 0xfb, 0x90, 0x64]), T.mp3],
    ['ELF', bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), T.elf],
    ['PE', portableExecutable(), T.pe],
    ['Mach-O 64-bit little-endian', bytes([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]), T.machO],
    ['Mach-O 32-bit big-endian', bytes([0xfe, 0xed, 0xfa, 0xce, 0, 0, 0, 7]), T.machO],
    ['universal Mach-O (2 architectures)', bytes([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2]), T.machO],
    ['Java class (version 61)', bytes([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 61]), T.javaClass],
    ['SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>'), T.svg],
    ['SVG after BOM, XML declaration, comment and doctype', bytes([0xef, 0xbb, 0xbf], '<?xml version="1.0"?>\n<!-- drawn -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n<svg/>'), T.svg],
    ['namespaced SVG root', bytes('<?xml version="1.0"?><svg:svg xmlns:svg="http://www.w3.org/2000/svg"/>'), T.svg],
    ['XML', bytes('<?xml version="1.0" encoding="UTF-8"?>\n<note><to>Ana</to></note>'), T.xml],
    ['HTML by doctype', bytes('<!DOCTYPE html>\n<html><body>hi</body></html>'), T.html],
    ['HTML by root element', bytes('  <html lang="en"><script>alert(1)</script></html>'), T.html],
    ['UTF-8 text', bytes('Meeting moved to 3 pm — see you there. Ça va?\n'), T.text],
    ['text that merely starts with <', bytes('<3 thanks for the help\n'), T.text],
    ['CSV', bytes('name,role,office\n"Doe, Jane",clerk,"Room 4"\nSmith,judge,Room 9\n'), T.csv],
    ['CSV with CRLF and a quoted newline', bytes('id;note\r\n1;"two\r\nlines"\r\n2;plain\r\n'), T.csv],
    ['TSV', bytes('id\tname\n1\tAna\n2\tBo\n'), T.tsv],
    ['single line with commas is text', bytes('Hello, world, again\n'), T.text],
    ['lines with differing comma counts are text', bytes('Dear all,\nthe report is late, sorry, will send soon.\n'), T.text],
    ['text starting with MZ is not an executable', bytes('MZ Logistics quarterly figures are attached, as promised in the meeting.\n'), T.text],
    ['empty input', bytes(), T.unknown],
    ['invalid UTF-8 (lone continuation byte)', bytes('abc', [0x80], 'def'), T.unknown],
    ['invalid UTF-8 (overlong encoding of /)', bytes([0xc0, 0xaf]), T.unknown],
    ['invalid UTF-8 (encoded surrogate)', bytes([0xed, 0xa0, 0x80]), T.unknown],
    ['text with a NUL byte', bytes('abc', [0], 'def'), T.unknown],
    ['random binary', bytes([0x00, 0x13, 0x37, 0xfe, 0x42]), T.unknown],
  ];
  for (const [name, head, expected] of cases) {
    it(`recognises ${name}`, () => assert.equal(whole(head), expected));
  }

  describe('heads cut off by the sniff window', () => {
    it('does not count a multi-byte character cut at the end against text', () => {
      const head = bytes('résumé attached ', [0xe2, 0x82]); // first two bytes of '€'
      assert.equal(sniffContentType(head), T.text);
      assert.equal(whole(head), T.unknown, 'a whole file may not end mid-character');
    });

    it('ignores a CSV record cut at the end of the head', () => {
      const head = bytes('a,b,c\n1,2,3\n4,5');
      assert.equal(sniffContentType(head), T.csv);
      assert.equal(whole(head), T.text, 'as a whole file the last line breaks the pattern');
    });

    it('recognises magic numbers from only the bytes that carry them', () => {
      assert.equal(whole(bytes([0xff, 0xd8, 0xff])), T.jpeg);
      assert.equal(whole(bytes([0x7f, 0x45, 0x4c, 0x46])), T.elf);
    });

    it('does not mistake a prefix of a signature for the signature', () => {
      assert.equal(whole(bytes([0x89, 0x50, 0x4e, 0x47])), T.unknown);
      assert.equal(whole(bytes('GIF8')), T.text);
      assert.equal(whole(bytes('RIFF', [0, 0, 0, 0])), T.unknown);
    });

    it('treats a short MZ head as executable unless it is known to be the whole file', () => {
      assert.equal(sniffContentType(bytes('MZ', [0x90, 0, 3, 0])), T.pe);
      assert.equal(whole(bytes('MZ', [0x90, 0, 3, 0])), T.unknown);
    });

    it('treats MZ whose PE header lies past the head as executable', () => {
      const image = portableExecutable(0x4000);
      assert.equal(sniffContentType(image.subarray(0, 512)), T.pe);
    });

    it('falls back to application/zip when the head ends inside the entry list', () => {
      const docx = zip(zipEntry('[Content_Types].xml', 'x'.repeat(100)), zipEntry('word/document.xml'));
      assert.equal(sniffContentType(docx.subarray(0, 60)), T.zip);
      assert.equal(sniffContentType(docx.subarray(0, 30 + 19 + 100 + 30 + 5)), T.zip);
      assert.equal(sniffContentType(docx), T.docx);
    });

    it('stops at an entry whose size is deferred to a data descriptor', () => {
      const streamed = zip(zipEntry('[Content_Types].xml', '<Types/>', 0x08), zipEntry('word/document.xml'));
      assert.equal(whole(streamed), T.zip);
    });

    it('works on a subarray view with a non-zero byte offset', () => {
      const padded = bytes([1, 2, 3], portableExecutable() as unknown as number[]);
      assert.equal(whole(padded.subarray(3)), T.pe);
    });
  });

  it('flags exactly the executable types for policy', () => {
    for (const type of [T.elf, T.pe, T.machO, T.javaClass]) assert.ok(isExecutableContentType(type), type);
    for (const type of [T.png, T.pdf, T.zip, T.text, T.unknown, T.svg]) assert.ok(!isExecutableContentType(type), type);
  });
});
