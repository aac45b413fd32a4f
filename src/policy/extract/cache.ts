// Extraction results kept on this node. Attachments are content-addressed, so
// the same SHA-256 read in the same format under the same limits always gives
// the same text, or the same failure: a warned message sent again with a
// justification, an edit, or one file attached to many messages need not be
// read again (a PDF costs a worker and up to seconds; a DOCX up to a second of
// a core). Only results that depend on the file alone are kept: a result cut by
// a clock, or a failure of the node rather than of the file (ExtractError
// .transient: busy, timeout, a stop on the process's memory), may come out
// otherwise on the next try, so it is handed to the callers waiting for it now
// and then forgotten. Callers asking for the same key at once share one
// extraction. The cache holds text only in memory and is bounded by its total
// size, least recently used out first.
import { ExtractError, type ExtractErrorCode } from './errors.js';
import type { ExtractedText, ExtractOptions } from './extract.js';
import { canonicalJson } from '../../domain/audit-chain.js';

type Outcome = { ok: true; value: Readonly<ExtractedText> } | { ok: false; code: ExtractErrorCode; message: string; transient: boolean };

/** What an entry costs beyond its strings, in characters: the map slot and the objects around them. */
const ENTRY_OVERHEAD = 64;

export interface ExtractionCacheStats {
  /** Results kept now, and their size in characters. */
  entries: number;
  chars: number;
  /** Extractions run (each a miss), answers from a kept result, and callers that joined an extraction already running. */
  loads: number;
  hits: number;
  joined: number;
}

/**
 * The key of an extraction: what decides its result. The name and type of the
 * attachment count only through the format they select; every limit counts.
 */
export function extractionKey(sha256: string, format: ExtractedText['format'], options: ExtractOptions): string {
  return `${format}:${sha256}:${canonicalJson(options)}`;
}

const sizeOf = (key: string, o: Outcome): number =>
  ENTRY_OVERHEAD + key.length + (o.ok ? o.value.text.length + (o.value.incomplete?.length ?? 0) : o.message.length);

/** Node-local, size-bounded LRU of extraction results, with one extraction per key at a time. */
export class ExtractionCache {
  /** Map order is least recently used first. */
  readonly #entries = new Map<string, { outcome: Outcome; size: number }>();
  readonly #running = new Map<string, Promise<Outcome>>();
  readonly #maxChars: number;
  #chars = 0;
  #loads = 0;
  #hits = 0;
  #joined = 0;

  /** `maxChars`: the most characters (text, reasons and keys) kept at once; 0 keeps nothing, but callers still share a running extraction. */
  constructor(maxChars: number) {
    if (!Number.isInteger(maxChars) || maxChars < 0) throw new RangeError('maxChars must be a non-negative integer');
    this.#maxChars = maxChars;
  }

  /**
   * The result for `key` (frozen: callers share it): kept from before, shared
   * with an extraction already running, or from `load`. Throws the ExtractError `load` threw (kept ones
   * anew, with the same code and message); any other error is passed on and
   * not kept.
   */
  async get(key: string, load: () => Promise<ExtractedText>): Promise<Readonly<ExtractedText>> {
    const kept = this.#entries.get(key);
    if (kept !== undefined) {
      this.#hits++;
      this.#entries.delete(key);
      this.#entries.set(key, kept);
      return unwrap(kept.outcome);
    }
    let running = this.#running.get(key);
    if (running !== undefined) this.#joined++;
    else {
      this.#loads++;
      const started = this.#load(key, load);
      running = started;
      this.#running.set(key, started);
      // Unregistered here, once it has settled, rather than inside #load: a loader that throws before returning a
      // promise settles #load before this set() runs, and would otherwise stay registered for good.
      const done = (): void => {
        if (this.#running.get(key) === started) this.#running.delete(key);
      };
      started.then(done, done);
    }
    return unwrap(await running);
  }

  async #load(key: string, load: () => Promise<ExtractedText>): Promise<Outcome> {
    let outcome: Outcome;
    try {
      outcome = { ok: true, value: Object.freeze(await load()) };
    } catch (e) {
      if (!(e instanceof ExtractError)) throw e;
      outcome = { ok: false, code: e.code, message: e.message, transient: e.transient };
      if (!e.transient) this.#keep(key, outcome);
      return outcome;
    }
    if (outcome.value.transient !== true) this.#keep(key, outcome);
    return outcome;
  }

  #keep(key: string, outcome: Outcome): void {
    const size = sizeOf(key, outcome);
    if (size > this.#maxChars) return;
    this.#entries.set(key, { outcome, size });
    this.#chars += size;
    for (const [k, e] of this.#entries) {
      if (this.#chars <= this.#maxChars) break;
      this.#entries.delete(k);
      this.#chars -= e.size;
    }
  }

  stats(): ExtractionCacheStats {
    return { entries: this.#entries.size, chars: this.#chars, loads: this.#loads, hits: this.#hits, joined: this.#joined };
  }
}

function unwrap(o: Outcome): Readonly<ExtractedText> {
  if (o.ok) return o.value;
  // A new error each time: one caller's handling (a stack, a changed message) never reaches another.
  throw new ExtractError(o.code, o.message, { transient: o.transient });
}
