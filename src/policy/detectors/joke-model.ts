// The joke classifier (§5.4): a logistic regression over hashed word unigrams
// and bigrams of the folded text, trained offline by scripts/joke-model/train.ts
// and shipped as int8 weights in joke-weights.ts (ADR 006). Pure and
// browser-safe: no I/O, the weights are decoded once on first use.
import { JOKE_WEIGHTS } from './joke-weights.js';
import type { TextInput } from './detector.js';

/**
 * The operating point: the classifier reports a joke only at this probability
 * or above. Chosen for a low false-positive rate on casual chat (see ADR 006),
 * at the cost of recall.
 */
export const JOKE_MIN_PROBABILITY = 0.96;

/** Texts longer than this are not one-liners: the model is not run on them (and its cost stays bounded). */
export const JOKE_MAX_CHARS = 500;

const START = 0x2f1b3c4d;
const END = 0x5a6b7c8d;
const QUESTION = 0x1d2e3f40;

const mix = (a: number, b: number): number => (Math.imul(a ^ (b >>> 15), 0x2c1b3c6d) ^ Math.imul(b, 0x297a2d39)) >>> 0;

/**
 * Calls `visit` with the feature bucket of each word, each pair of neighbouring
 * words (with start and end markers), and whether the text asks a question.
 * Buckets may repeat. `buckets` must be a power of two. Allocates nothing, as
 * it runs on every short message.
 */
function visitFeatures(input: TextInput, buckets: number, visit: (bucket: number) => void): void {
  // Each word's FNV-1a hash was computed as the text was scanned (see words.ts).
  const words = input.tokenTable();
  const mask = buckets - 1;
  let prev = START;
  for (let i = 0; i < words.count; i++) {
    const h = words.hash(i);
    visit(h & mask);
    visit(mix(prev, h) & mask);
    prev = h;
  }
  visit(mix(prev, END) & mask);
  visit(input.text.includes('?') ? QUESTION & mask : mix(QUESTION, END) & mask);
}

/** The feature buckets of a text, as the trainer sees them. */
export function jokeFeatures(input: TextInput, buckets: number): Uint32Array {
  const out = new Uint32Array(input.tokenTable().count * 2 + 2);
  let k = 0;
  visitFeatures(input, buckets, (b) => { out[k++] = b; });
  return out;
}

export interface JokeWeights {
  readonly buckets: number;
  readonly bias: number;
  /** Weight of bucket i is data[i] * scale. */
  readonly scale: number;
  readonly data: Int8Array;
}

/** Decodes the shipped weights (base64 of int8 values). */
export function decodeWeights(w: { buckets: number; bias: number; scale: number; data: string }): JokeWeights {
  const bin = atob(w.data);
  const data = new Int8Array(bin.length);
  for (let i = 0; i < bin.length; i++) data[i] = (bin.charCodeAt(i) << 24) >> 24;
  if (data.length !== w.buckets) throw new Error(`joke weights: ${data.length} values for ${w.buckets} buckets`);
  return { buckets: w.buckets, bias: w.bias, scale: w.scale, data };
}

/** Probability that the text is a joke, from a weight vector (float or int8 with a scale). */
export function jokeScore(features: Uint32Array, bias: number, weights: ArrayLike<number>, scale = 1): number {
  let z = 0;
  for (let i = 0; i < features.length; i++) z += weights[features[i] as number] as number;
  return 1 / (1 + Math.exp(-(bias + z * scale)));
}

let shipped: JokeWeights | undefined;

/** Probability, by the shipped model, that the text is a joke; 0 for texts too long to be one-liners or without words. */
export function jokeProbability(input: TextInput): number {
  if (input.text.length > JOKE_MAX_CHARS || input.tokenTable().count === 0) return 0;
  const w = (shipped ??= decodeWeights(JOKE_WEIGHTS));
  const data = w.data;
  let z = 0;
  visitFeatures(input, w.buckets, (b) => { z += data[b] as number; });
  return 1 / (1 + Math.exp(-(w.bias + z * w.scale)));
}
