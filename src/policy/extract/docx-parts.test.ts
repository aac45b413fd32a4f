// Which parts of a DOCX are read: found through the package's relationships, as Word finds them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deflated, docxOf, relsXml, W_NS, zip } from '../../../test/support/crafted-files.js';
import { DOCX_MAX_INFLATED_BYTES, extractDocx } from './docx.js';
import { ExtractError } from './errors.js';

const limits = { maxInflated: DOCX_MAX_INFLATED_BYTES, maxChars: 2_000_000 };
const read = (bytes: Uint8Array): string => extractDocx(bytes, limits).text;
const part = (root: string, text: string): string =>
  `<w:${root} xmlns:w="${W_NS}"><w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p></w:${root}>`;
const body = (text: string): string => part('document', `<w:body>${text}</w:body>`.replace(/^<w:body>|<\/w:body>$/g, ''));

function refusal(bytes: Uint8Array): string {
  try {
    read(bytes);
  } catch (e) {
    if (e instanceof ExtractError && e.code === 'corrupt') return e.message;
    throw e;
  }
  return assert.fail('expected the file to be refused as corrupt');
}

/** A document as Word writes it: Word's namespaces, rsids, a table, a text box (twice, for old readers), and its usual parts. */
function wordDocument(): Uint8Array {
  const ns = `xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ` +
    `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w="${W_NS}" ` +
    `xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" mc:Ignorable="w14"`;
  const run = (t: string): string => `<w:r w:rsidRPr="00A1"><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">${t}</w:t></w:r>`;
  const box = `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent><w:p>${run('Box text')}</w:p></w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>` +
    `<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p>${run('Box text')}</w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>`;
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:document ${ns}><w:body>` +
    `<w:p w:rsidR="00B2" w14:paraId="1A2B"><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>${run('Quarterly ')}${run('report')}<w:hyperlink r:id="rId9">${run('link')}</w:hyperlink></w:p>` +
    `<w:tbl><w:tr><w:tc><w:p>${run('Cell A')}</w:p></w:tc><w:tc><w:p>${run('Cell B')}</w:p></w:tc></w:tr></w:tbl>` +
    `<w:p>${box}</w:p><w:sectPr><w:headerReference w:type="default" r:id="rId7"/></w:sectPr></w:body></w:document>`;
  return docxOf({
    '_rels/.rels': relsXml([['officeDocument', 'word/document.xml'], ['extended-properties', 'docProps/app.xml']]),
    'docProps/app.xml': '<Properties/>',
    'word/document.xml': document,
    'word/_rels/document.xml.rels': relsXml([['styles', 'styles.xml'], ['header', 'header1.xml'], ['footer', 'footer1.xml'],
      ['footnotes', 'footnotes.xml'], ['endnotes', 'endnotes.xml'], ['comments', 'comments.xml'], ['image', 'media/image1.png'],
      ['hyperlink', 'https://example.org/a?b=1&amp;c=2', 'External'], ['theme', 'theme/theme1.xml']]),
    'word/styles.xml': `<w:styles xmlns:w="${W_NS}"><w:style><w:name w:val="Normal"/></w:style></w:styles>`,
    'word/header1.xml': part('hdr', 'Header text'),
    'word/footer1.xml': part('ftr', 'Footer text'),
    'word/footnotes.xml': part('footnotes', 'Footnote text'),
    'word/endnotes.xml': part('endnotes', 'Endnote text'),
    'word/comments.xml': part('comments', 'Comment text'),
    'word/media/image1.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
    'word/theme/theme1.xml': '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"/>',
  });
}

describe('DOCX parts, found through relationships', () => {
  test('a document as Word writes it: body, table, text box, then headers, footers, notes and comments', () => {
    assert.equal(read(wordDocument()), 'Quarterly reportlink\nCell A\nCell B\nBox text\nBox text\n\n\n' +
      'Header text\n\nFooter text\n\nFootnote text\n\nEndnote text\n\nComment text\n\n');
  });

  test('a decoy word/document.xml does not hide the main part that _rels/.rels names', () => {
    const file = docxOf({
      '_rels/.rels': relsXml([['officeDocument', 'secret/main.xml']]),
      'word/document.xml': body('Lunch menu'),
      'secret/main.xml': body('SSN 536-22-1234'),
    });
    assert.equal(read(file).trim(), 'SSN 536-22-1234');
  });

  test('headers and notes are found through the main part\'s relationships, wherever they are and however named', () => {
    const file = docxOf({
      '_rels/.rels': relsXml([['officeDocument', '/content/Body.xml']]),
      'content/body.xml': body('Body'),
      // Relative to the main part's folder, with "..", absolute, percent-encoded, in another case, and a fragment.
      'content/_rels/body.xml.rels': relsXml([['header', '../parts/h%20one.xml'], ['footer', '/Parts/FOOTER.xml'],
        ['footnotes', './notes/./n%C3%A9.xml#x'], ['numbering', 'numbering.xml'], ['glossaryDocument', 'glossary/document.xml']]),
      // Numbered paragraphs show the level's text before each item.
      'content/numbering.xml': `<w:numbering xmlns:w="${W_NS}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:lvlText w:val="SSN 536-22-1235 %1."/></w:lvl></w:abstractNum></w:numbering>`,
      'parts/h one.xml': part('hdr', 'SSN 536-22-1234'),
      'parts/footer.xml': part('ftr', 'Footer'),
      'content/notes/né.xml': part('footnotes', 'Note'),
      'content/glossary/document.xml': part('glossaryDocument', 'Building block'),
      'content/glossary/_rels/document.xml.rels': relsXml([['header', 'gh.xml'], ['glossaryDocument', '../body.xml']]),
      'content/glossary/gh.xml': part('hdr', 'Glossary header'),
    });
    assert.equal(read(file).replace(/\n+/g, '|'), 'Body|SSN 536-22-1234|Footer|Note|SSN 536-22-1235 %1. |Building block|Glossary header|');
  });

  test('parts are not found by name when the relationships say otherwise', () => {
    const file = docxOf({
      '_rels/.rels': relsXml([['officeDocument', 'word/document.xml']]),
      'word/document.xml': body('Body'),
      // No relationships from the body: Word shows no header, however the parts are named.
      'word/header1.xml': part('hdr', 'unseen'),
    });
    assert.equal(read(file).trim(), 'Body');
  });

  test('without _rels/.rels the parts are taken by the names Word gives them', () => {
    const file = zip([
      { name: 'word/document.xml', data: deflated(new TextEncoder().encode(body('Body'))), method: 8 },
      { name: 'word/header2.xml', data: deflated(new TextEncoder().encode(part('hdr', 'SSN 536-22-1234'))), method: 8 },
    ]);
    assert.equal(read(file).replace(/\n+/g, '|'), 'Body|SSN 536-22-1234|');
  });

  test('a missing text part, a missing or doubled main document and malformed relationships are corrupt', () => {
    const main = body('Body');
    assert.match(refusal(docxOf({ '_rels/.rels': relsXml([['officeDocument', 'word/gone.xml']]), 'word/document.xml': main })),
      /^not a readable DOCX: _rels\/\.rels names word\/gone\.xml, which is not in the file$/);
    assert.match(refusal(docxOf({ '_rels/.rels': relsXml([['officeDocument', 'word/document.xml']]), 'word/document.xml': main,
      'word/_rels/document.xml.rels': relsXml([['header', 'header9.xml']]) })), /word\/_rels\/document\.xml\.rels names word\/header9\.xml, which is not in the file/);
    assert.match(refusal(docxOf({ '_rels/.rels': relsXml([['styles', 'word/styles.xml']]), 'word/document.xml': main })), /no main document in _rels\/\.rels/);
    assert.match(refusal(docxOf({ '_rels/.rels': relsXml([['officeDocument', 'a.xml'], ['officeDocument', 'b.xml']]), 'a.xml': main, 'b.xml': main })),
      /more than one main document/);
    assert.match(refusal(docxOf({ '_rels/.rels': '<Relationships><Relationship Type="x/officeDocument" Target="word/document.xml">', 'word/document.xml': main })),
      /_rels\/\.rels: it ends inside <Relationship>/);
    assert.match(refusal(docxOf({ '_rels/.rels': '<Relationships><Relationship Target="word/document.xml"/></Relationships>', 'word/document.xml': main })),
      /a relationship without a type or target/);
    // Two entries for one part name (OPC compares names without case): which one Word reads is not ours to guess.
    assert.match(refusal(docxOf({ '_rels/.rels': relsXml([['officeDocument', 'word/document.xml']]), 'word/document.xml': main, 'Word/Document.xml': main })),
      /two entries are named Word\/Document\.xml/);
  });

  test('an external target is not a part, and a part that is not text is not required', () => {
    const file = docxOf({
      '_rels/.rels': relsXml([['officeDocument', 'word/document.xml'], ['thumbnail', 'docProps/thumbnail.jpeg']]),
      'word/document.xml': body('Body'),
      'word/_rels/document.xml.rels': relsXml([['header', 'https://example.org/header1.xml', 'External'], ['image', 'media/gone.png']]),
    });
    assert.equal(read(file).trim(), 'Body');
  });

  test('relationship parts that share compressed bytes with text parts are refused like text parts that do', () => {
    const rels = deflated(new TextEncoder().encode(relsXml([['officeDocument', '/word/document.xml']])));
    const file = zip([
      { name: '_rels/.rels', data: rels, method: 8 },
      { name: 'word/document.xml', data: deflated(new TextEncoder().encode(body('Body'))), method: 8 },
      { name: 'word/_rels/document.xml.rels', data: rels, method: 8, sharesDataOf: '_rels/.rels' },
    ]);
    assert.match(refusal(file), /word\/_rels\/document\.xml\.rels shares compressed bytes with another part/);
  });

  test('relationship parts that share one stream are refused at the second, before it is inflated again', () => {
    // Headers whose relationship parts all point at one stream: before, every one was inflated, and only then was
    // the sharing seen (a stream of empty blocks cost seconds each within the cap on output).
    const shared = deflated(new TextEncoder().encode(relsXml([])));
    const headers = Array.from({ length: 50 }, (_, i) => `word/header${i}.xml`);
    const file = zip([
      { name: '_rels/.rels', data: deflated(new TextEncoder().encode(relsXml([['officeDocument', 'word/document.xml']]))), method: 8 },
      { name: 'word/document.xml', data: deflated(new TextEncoder().encode(body('Body'))), method: 8 },
      { name: 'word/_rels/document.xml.rels', data: deflated(new TextEncoder().encode(relsXml(headers.map((h) => ['header', h.slice(5)] as const)))), method: 8 },
      ...headers.map((h) => ({ name: h, data: deflated(new TextEncoder().encode(body(h))), method: 8 as const })),
      { name: 'word/_rels/header0.xml.rels', data: shared, method: 8 },
      ...headers.slice(1).map((h) => ({ name: `word/_rels/${h.slice(5)}.rels`, data: shared, method: 8 as const, sharesDataOf: 'word/_rels/header0.xml.rels' })),
    ]);
    assert.match(refusal(file), /word\/_rels\/header1\.xml\.rels shares compressed bytes with another part/);
  });

  test('a document that imports a file whole (altChunk) is read, and reported incomplete for the import', () => {
    const file = docxOf({
      '_rels/.rels': relsXml([['officeDocument', 'word/document.xml']]),
      'word/document.xml': body('Body'),
      'word/_rels/document.xml.rels': relsXml([['aFChunk', 'afchunk.htm']]),
      'word/afchunk.htm': '<html><body>SSN 536-22-1234</body></html>',
    });
    assert.deepEqual(extractDocx(file, limits), { text: 'Body\n\n', incomplete: 'it imports word/afchunk.htm whole (altChunk), whose text is not read' });
  });

  test('a content control bound to custom XML has the bound values read; without a binding, data parts are not', () => {
    const control = `<w:sdt><w:sdtPr><w:dataBinding w:xpath="/r/ssn" w:storeItemID="{1}"/></w:sdtPr><w:sdtContent><w:r><w:t>cached</w:t></w:r></w:sdtContent></w:sdt>`;
    const parts = (document: string): Record<string, string> => ({
      '_rels/.rels': relsXml([['officeDocument', 'word/document.xml'], ['metadata/core-properties', 'docProps/core.xml']]),
      'docProps/core.xml': '<cp:coreProperties xmlns:cp="urn:cp" xmlns:dc="urn:dc"><dc:title>Minutes</dc:title></cp:coreProperties>',
      'word/document.xml': document,
      'word/_rels/document.xml.rels': relsXml([['customXml', '../customXml/item1.xml']]),
      // Word shows this value in the control when it opens the file, over "cached".
      'customXml/item1.xml': '<r><ssn>536-22-1234</ssn><note><![CDATA[Jo]]> &amp; Al</note></r>',
    });
    const bound = read(docxOf(parts(`<w:document xmlns:w="${W_NS}"><w:body><w:p>${control}</w:p></w:body></w:document>`)));
    assert.equal(bound, 'cached\n\nMinutes\n\n536-22-1234\nJo & Al\n\n');
    assert.equal(read(docxOf(parts(body('No controls')))), 'No controls\n\n');
  });

  test('SmartArt and chart text is read from their parts', () => {
    const a = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"';
    const file = docxOf({
      '_rels/.rels': relsXml([['officeDocument', 'word/document.xml']]),
      'word/document.xml': body('Body'),
      'word/_rels/document.xml.rels': relsXml([['diagramData', 'diagrams/data1.xml'], ['chart', 'charts/chart1.xml'], ['diagramLayout', 'diagrams/layout1.xml']]),
      'word/diagrams/data1.xml': `<dgm:dataModel xmlns:dgm="urn:dgm" ${a}><dgm:ptLst><dgm:pt><dgm:t><a:p><a:r><a:t>SSN 536-22-1234</a:t></a:r></a:p></dgm:t></dgm:pt></dgm:ptLst></dgm:dataModel>`,
      'word/charts/chart1.xml': `<c:chartSpace xmlns:c="urn:c" ${a}><c:cat><c:strCache><c:pt idx="0"><c:v>536-22-1235</c:v></c:pt></c:strCache></c:cat></c:chartSpace>`,
      'word/diagrams/layout1.xml': '<layout>not text</layout>',
    });
    assert.equal(read(file), 'Body\n\nSSN 536-22-1234\n\n536-22-1235\n\n');
  });
  test('a chart or an imported file linked from a header or a note is read or reported, as from the body', () => {
    const chart = '<c:chartSpace xmlns:c="urn:c"><c:title><c:v>SSN 536-22-1234</c:v></c:title></c:chartSpace>';
    const base = {
      '_rels/.rels': relsXml([['officeDocument', 'word/document.xml']]),
      'word/document.xml': body('Body'),
      'word/_rels/document.xml.rels': relsXml([['header', 'header1.xml'], ['footnotes', 'footnotes.xml']]),
      'word/header1.xml': part('hdr', 'Header'),
      'word/footnotes.xml': part('footnotes', 'Note'),
      'word/charts/chart1.xml': chart,
      'word/sub.docx': new Uint8Array([1, 2, 3]),
    };
    assert.match(read(docxOf({ ...base, 'word/_rels/header1.xml.rels': relsXml([['chart', 'charts/chart1.xml']]) })), /536-22-1234/);
    const imported = extractDocx(docxOf({ ...base, 'word/_rels/footnotes.xml.rels': relsXml([['aFChunk', 'sub.docx']]) }), limits);
    assert.match(imported.incomplete ?? '', /word\/sub\.docx/);
  });
});
