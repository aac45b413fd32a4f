// How long DOCX extraction holds the event loop, on the loop (docx.ts called
// directly, as the send path did before the reader) and through the public
// path (extractAttachmentText, which reads a DOCX in a worker). The loop's
// longest stall is measured two ways: a 5 ms interval's longest gap, and
// perf_hooks' monitorEventLoopDelay. Run: node --import tsx bench/extract-event-loop.bench.ts
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { deflateBomb, docx, documentXml } from '../test/support/crafted-files.js';
import { DOCX_MAX_INFLATED_BYTES, extractDocx } from '../src/policy/extract/docx.js';
import { EXTRACT_MAX_CHARS, extractAttachmentText } from '../src/policy/extract/extract.js';

const RUNS = Number(process.env.RUNS ?? 3);
/** Paragraphs of prose that make a document.xml of about `mb` MB. */
const prose = (mb: number, sentence: string): Uint8Array => {
  const p = `${sentence} `.repeat(3);
  const per = Buffer.byteLength(`<w:p><w:r><w:t xml:space="preserve">${p}</w:t></w:r></w:p>`);
  return documentXml(Array.from({ length: Math.floor((mb * 1e6) / per) }, () => p));
};
const latin = prose(63, 'The quarterly report of the agency, with enough words to read as prose.');
const cyrillic = prose(63, 'Квартальный отчёт агентства, в котором достаточно слов, чтобы читаться как проза.');
const files: Record<string, Uint8Array> = {
  'bomb: 200 MiB of zeros from 200 KB, stopped at the 64 MiB cap': docx({ data: deflateBomb(200), method: 8 }),
  [`document.xml of ${(latin.length / 1e6).toFixed(0)} MB, Latin prose`]: docx(latin),
  [`document.xml of ${(cyrillic.length / 1e6).toFixed(0)} MB, Cyrillic prose`]: docx(cyrillic),
};

async function measure(run: () => Promise<string>): Promise<{ wall: number; gap: number; histogram: number; result: string }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  let last = performance.now();
  let gap = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
  }, 5);
  await new Promise((resolve) => setTimeout(resolve, 20));
  const started = performance.now();
  let result: string;
  try {
    result = await run();
  } catch (e) {
    result = (e as Error).message.slice(0, 50);
  }
  const wall = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 30));
  clearInterval(tick);
  h.disable();
  return { wall, gap, histogram: h.max / 1e6, result };
}

console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${RUNS} runs each; ms: wall / longest gap / histogram max`);
for (const [name, bytes] of Object.entries(files)) {
  for (const [mode, run] of [
    ['on the loop', async () => `${extractDocx(bytes, { maxInflated: DOCX_MAX_INFLATED_BYTES, maxChars: EXTRACT_MAX_CHARS }).text.length} chars`],
    ['in a reader', async () => `${(await extractAttachmentText({ name: 'x.docx', contentType: '', bytes })).text.length} chars`],
  ] as const) {
    const rows: string[] = [];
    let result = '';
    for (let i = 0; i < RUNS; i++) {
      const m = await measure(run);
      rows.push(`${m.wall.toFixed(0)}/${m.gap.toFixed(0)}/${m.histogram.toFixed(0)}`);
      result = m.result;
    }
    console.log(`${name} | ${mode} | ${rows.join('  ')} | ${result}`);
  }
}
