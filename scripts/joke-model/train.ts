// Trains the joke classifier (src/policy/detectors/joke-model.ts) and writes
// its int8 weights to src/policy/detectors/joke-weights.ts; prints k-fold
// cross-validated figures. See docs/adr/006-joke-classifier.md.
// Training data (development corpora only; Davidson's tweets are never used):
// jokes_oneliner.jsonl as jokes; as non-jokes, Presidio's sentences, the
// moderation rows cut into message-sized pieces, and synthetic workplace
// messages (business-messages.ts).
// Usage: npx tsx scripts/joke-model/train.ts [--buckets 16384] ; PARLEY_CORPUS_DIR overrides the corpus.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { JOKE_MAX_CHARS, JOKE_MIN_PROBABILITY as THRESHOLD, jokeFeatures, jokeScore } from '../../src/policy/detectors/joke-model.js';
import { textInput } from '../../src/policy/detectors/text-input.js';
import { businessMessages, casualMessages } from './business-messages.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_BUCKETS = 1 << 14;

export interface Example { source: string; group: string; joke: boolean; features: Uint32Array }

/** Pieces of at most `max` characters, cut at sentence ends: long web texts made message-sized. */
function pieces(text: string, max: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const s of text.split(/(?<=[.!?])\s+/)) {
    if (cur !== '' && cur.length + s.length + 1 > max) {
      out.push(cur);
      cur = '';
    }
    cur = cur === '' ? s : `${cur} ${s}`;
  }
  if (cur.trim() !== '') out.push(cur);
  return out.filter((p) => p.length <= JOKE_MAX_CHARS && /\p{L}/u.test(p));
}

function rows(corpus: string, name: string): { id: string; text: string }[] {
  const path = join(corpus, name);
  if (!existsSync(path)) throw new Error(`missing ${path}; set PARLEY_CORPUS_DIR`);
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { id: string; text: string });
}

/** The training set, featurized with the engine's own feature function. */
export function trainingSet(corpus: string, buckets = DEFAULT_BUCKETS): Example[] {
  const out: Example[] = [];
  const add = (source: string, group: string, joke: boolean, text: string): void => {
    if (text.length > JOKE_MAX_CHARS) return;
    out.push({ source, group, joke, features: jokeFeatures(textInput(text), buckets) });
  };
  for (const r of rows(corpus, 'jokes_oneliner.jsonl')) add('jokes', r.id, true, r.text);
  for (const r of rows(corpus, 'pii_presidio.jsonl')) add('presidio', r.id, false, r.text);
  for (const r of rows(corpus, 'moderation_openai.jsonl')) for (const p of pieces(r.text, 280)) add('moderation pieces', r.id, false, p);
  businessMessages(3000).forEach((m, i) => add('synthetic business', `b${i}`, false, m));
  casualMessages(1500).forEach((m, i) => add('synthetic small talk', `c${i}`, false, m));
  return out;
}

export interface Model { bias: number; weights: Float64Array }

/** Logistic regression by AdaGrad with L2, classes weighted to equal total weight. Deterministic. */
export interface TrainOptions { epochs: number; rate: number; l2: number }
// Chosen by cross-validation on the training sources; stronger regularization than the data alone asks for,
// because one-liners and casual chat differ in style and an overconfident model flags small talk as jokes.
export const DEFAULT_TRAINING: TrainOptions = { epochs: 10, rate: 0.1, l2: 3e-3 };

export function train(examples: readonly Example[], buckets = DEFAULT_BUCKETS, options = DEFAULT_TRAINING): Model {
  const { epochs, rate, l2 } = options;
  const w = new Float64Array(buckets);
  const g2 = new Float64Array(buckets).fill(1e-8);
  let bias = 0;
  let bg2 = 1e-8;
  const pos = examples.filter((e) => e.joke).length;
  const wPos = examples.length / (2 * Math.max(1, pos));
  const wNeg = examples.length / (2 * Math.max(1, examples.length - pos));
  // A fixed shuffle per epoch (seeded), so runs are reproducible.
  const order = examples.map((_, i) => i);
  let seed = 7;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      const j = seed % (i + 1);
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const idx of order) {
      const e = examples[idx] as Example;
      const p = jokeScore(e.features, bias, w);
      const g = (p - (e.joke ? 1 : 0)) * (e.joke ? wPos : wNeg);
      for (const f of e.features) {
        const grad = g + l2 * (w[f] as number);
        g2[f] = (g2[f] as number) + grad * grad;
        w[f] = (w[f] as number) - (rate * grad) / Math.sqrt(g2[f] as number);
      }
      bg2 += g * g;
      bias -= (rate * g) / Math.sqrt(bg2);
    }
  }
  return { bias, weights: w };
}

/** int8 weights with one scale, as shipped. */
export function quantize(m: Model): { bias: number; scale: number; data: Int8Array } {
  let max = 0;
  for (const v of m.weights) max = Math.max(max, Math.abs(v));
  const scale = max === 0 ? 1 : max / 127;
  const data = new Int8Array(m.weights.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.round((m.weights[i] as number) / scale);
  return { bias: m.bias, scale, data };
}

export interface FoldReport { k: number; threshold: number; tp: number; fp: number; fn: number; tn: number; fprBySource: Map<string, [number, number]> }

/** k-fold cross-validation (folds by row, so pieces of one moderation row stay together), with quantized weights as shipped. */
export function crossValidate(examples: readonly Example[], k = 5, buckets = DEFAULT_BUCKETS, threshold = THRESHOLD,
  options = DEFAULT_TRAINING): FoldReport {
  const foldOf = (group: string): number => {
    let h = 0x811c9dc5;
    for (let i = 0; i < group.length; i++) h = Math.imul(h ^ group.charCodeAt(i), 0x01000193);
    return (h >>> 0) % k;
  };
  const r: FoldReport = { k, threshold, tp: 0, fp: 0, fn: 0, tn: 0, fprBySource: new Map() };
  for (let fold = 0; fold < k; fold++) {
    const test = examples.filter((e) => foldOf(`${e.source}/${e.group}`) === fold);
    const q = quantize(train(examples.filter((e) => foldOf(`${e.source}/${e.group}`) !== fold), buckets, options));
    for (const e of test) {
      const yes = jokeScore(e.features, q.bias, q.data, q.scale) >= threshold;
      if (e.joke) {
        if (yes) r.tp++;
        else r.fn++;
      } else {
        if (yes) r.fp++;
        else r.tn++;
        const s = r.fprBySource.get(e.source) ?? [0, 0];
        s[0] += yes ? 1 : 0;
        s[1]++;
        r.fprBySource.set(e.source, s);
      }
    }
  }
  return r;
}

export function formatReport(r: FoldReport): string[] {
  const pct = (x: number): string => (x * 100).toFixed(1);
  const p = r.tp / Math.max(1, r.tp + r.fp);
  const rec = r.tp / Math.max(1, r.tp + r.fn);
  const lines = [`joke classifier, ${r.k}-fold cross-validated at p >= ${r.threshold}: precision ${pct(p)}, recall ${pct(rec)}, ` +
    `F1 ${pct((2 * p * rec) / Math.max(1e-9, p + rec))} (tp ${r.tp}, fp ${r.fp}, fn ${r.fn}, tn ${r.tn})`];
  for (const [s, [fp, n]] of r.fprBySource) lines.push(`  false-positive rate on held-out ${s}: ${pct(fp / n)} (${fp}/${n})`);
  return lines;
}

function main(): void {
  const corpus = process.env.PARLEY_CORPUS_DIR ?? join(root, '..', 'shared', 'corpus');
  const arg = process.argv.indexOf('--buckets');
  const buckets = arg > 0 ? Number(process.argv[arg + 1]) : DEFAULT_BUCKETS;
  if (!Number.isInteger(Math.log2(buckets))) throw new Error('--buckets must be a power of two');
  const examples = trainingSet(corpus, buckets);
  console.log(`${examples.length} examples, ${examples.filter((e) => e.joke).length} jokes, ${buckets} buckets`);
  for (const line of formatReport(crossValidate(examples, 5, buckets))) console.log(line);
  const q = quantize(train(examples, buckets));
  const out = join(root, 'src', 'policy', 'detectors', 'joke-weights.ts');
  const b64 = Buffer.from(q.data.buffer, q.data.byteOffset, q.data.byteLength).toString('base64');
  writeFileSync(out, `// Generated by scripts/joke-model/train.ts: do not edit. int8 weights of the joke classifier (ADR 006),\n` +
    `// trained on the development corpora and synthetic workplace messages; no corpus text is stored here.\n` +
    `export const JOKE_WEIGHTS = {\n  buckets: ${buckets},\n  bias: ${q.bias},\n  scale: ${q.scale},\n  data:\n    '${b64}',\n} as const;\n`);
  console.log(`wrote ${out} (${q.data.length} weights)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
