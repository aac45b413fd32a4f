// Screening of large messages off the event loop. The engine is linear in the
// text, but a message may carry ten attachments of up to 2 M characters of text
// each: evaluating that on the event loop stalls every connection of the node
// for seconds. Above SCREEN_ON_LOOP_MAX_CHARS the same pack is compiled and the
// same evaluate() runs in a worker thread, in the readers' slots (the same
// bound on concurrent heavy work, the same wait and the same `busy` answer).
// Server-only: the engine's browser build never reaches this file.
import { ACTION_STRENGTH, type Decision, type EvaluationContext, type Message } from './types.js';
import { compilePolicy, evaluate, parsePolicyPack } from './index.js';
import { re2RegexEngine } from './regex-re2.js';
import { READER_MAX_RSS_GROWTH_MB, READER_MAX_WAIT_MS, runTask } from './extract/readers.js';

/**
 * Text (body and attachments' text, in UTF-16 units) up to which a message is
 * evaluated on the event loop: about 5 ms of the engine's time here (the bench's
 * 4 KB messages take about 0.3 ms). Past it the sender waits for a worker,
 * 0.2-0.3 s more to start it and compile the pack (measured against the same
 * message on the loop), rather than every connection of the node waiting for
 * the scan.
 */
export const SCREEN_ON_LOOP_MAX_CHARS = 65_536;

/**
 * Heap of a screening worker. Ten attachments of 2 M characters (the most a
 * message holds) grew the process by 120-250 MB in the runs measured; a
 * gigabyte leaves room for text built to make the engine hold more.
 */
export const SCREEN_WORKER_HEAP_MB = 1024;

/**
 * Hard deadline of a screening worker, from the request. Those 20 M characters
 * took 1.4-5.2 s of the engine here, depending on the text; a minute allows for a
 * loaded node, and a deadline reached is answered "try again".
 */
export const SCREEN_HARD_DEADLINE_MS = 60_000;

/** The message's text in UTF-16 units: its body and every attachment's extracted text. */
export const textLength = (message: Message): number =>
  message.text.length + (message.attachments ?? []).reduce((n, a) => n + (a.text?.length ?? 0), 0);

/**
 * What the worker runs (runTask): the pack compiled and the message evaluated, as engineFor and screen do on the
 * event loop. Any failure is the server's (`internal`): the pack was validated when it was published.
 */
export function screenTask(args: { source: string; message: Message; context: EvaluationContext }): { decision: Decision } {
  try {
    const policy = compilePolicy(parsePolicyPack(args.source), { regex: re2RegexEngine });
    return { decision: evaluate(policy, args.message, args.context) };
  } catch (e) {
    throw Object.assign(new Error(e instanceof Error ? e.message : String(e)), { internal: true });
  }
}

const isAction = (a: unknown): boolean => typeof a === 'string' && Object.hasOwn(ACTION_STRENGTH, a);
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

/**
 * Whether a worker's reply has the shape of a decision (its answer is checked
 * like any input): a known action, findings with offsets and types, rules with
 * their action and finding indexes. An action the send path does not know would
 * let a message through.
 */
export const isDecisionReply = (m: Record<string, unknown>): boolean => {
  const d = m.decision;
  if (!isObject(d) || !isAction(d.action) || !Array.isArray(d.findings) || !Array.isArray(d.rules)) return false;
  // A redaction comes with the masked text: without it the send path would deliver the original.
  if (d.action === 'redact' ? typeof d.redactedText !== 'string' : d.redactedText !== undefined) return false;
  const findings = d.findings as unknown[];
  const finding = (f: unknown): boolean => isObject(f) && typeof f.type === 'string' && typeof f.detector === 'string'
    && Number.isInteger(f.start) && Number.isInteger(f.end) && typeof f.score === 'number';
  const rule = (r: unknown): boolean => isObject(r) && typeof r.rule === 'string' && isAction(r.action) && Array.isArray(r.sections)
    && Array.isArray(r.overridableBy) && Array.isArray(r.findings)
    && (r.findings as unknown[]).every((i) => Number.isInteger(i) && (i as number) >= 0 && (i as number) < findings.length);
  return findings.every(finding) && (d.rules as unknown[]).every(rule);
};

export interface OffLoopOptions {
  hardDeadlineMs?: number;
  maxWaitMs?: number;
  /** The worker's heap in MB (SCREEN_WORKER_HEAP_MB). */
  heapMb?: number;
  /** The module whose screenTask the worker runs, for tests (by default this one). */
  module?: string;
}

/**
 * evaluate() of the pack `source` in a worker thread. Throws an ExtractError
 * `busy` when no slot frees in time (nothing was decided: the caller asks the
 * sender to try again), and other errors when the worker failed.
 */
export async function evaluateOffLoop(source: string, message: Message, context: EvaluationContext, options: OffLoopOptions = {}): Promise<Decision> {
  const task = { module: options.module ?? import.meta.url, fn: screenTask.name };
  const r = await runTask<{ decision: Decision }>('policy check', task, () => ({ source, message, context }), {
    hardDeadlineMs: options.hardDeadlineMs ?? SCREEN_HARD_DEADLINE_MS,
    maxWaitMs: options.maxWaitMs ?? READER_MAX_WAIT_MS,
    maxRssGrowthMb: READER_MAX_RSS_GROWTH_MB,
    heapMb: options.heapMb ?? SCREEN_WORKER_HEAP_MB,
  }, isDecisionReply);
  return r.decision;
}
