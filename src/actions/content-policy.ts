/**
 * The content policy on the send path (WVOT-PO1010 §4.3, §4.4, §5.3, §5.4).
 * Every message, and the text of its attachments, is evaluated by the current
 * policy pack before anything is stored or delivered. The server's decision is
 * the authoritative one; the web client runs the same engine only to coach.
 */
import { AppError } from '../domain/errors.js';
import type { AttachmentRef, ConversationKind, EventMeta } from '../domain/messaging.js';
import { compilePolicy, evaluate, parsePolicyPack, type CompiledPolicy, type Decision, type EvaluationContext, type Message } from '../policy/index.js';
import { evaluateOffLoop, SCREEN_ON_LOOP_MAX_CHARS, textLength, type OffLoopOptions } from '../policy/evaluate-worker.js';
import { re2RegexEngine } from '../policy/regex-re2.js';
import { ExtractError, extractAttachmentText, formatOf, type ExtractedText, type ExtractOptions } from '../policy/extract/extract.js';
import { extractionKey } from '../policy/extract/cache.js';
import type { PolicyVersion } from '../store/store.js';
import { audit, type ActionContext, type Actor } from './context.js';
import { checkPack, currentPolicy } from './policy.js';
import { authorize } from '../domain/roles.js';

const compiled = new WeakMap<PolicyVersion, CompiledPolicy>();

/** The compiled engine for a policy version (compiled once per version object). */
export function engineFor(version: PolicyVersion): CompiledPolicy {
  let engine = compiled.get(version);
  if (!engine) {
    engine = compilePolicy(parsePolicyPack(version.source), { regex: re2RegexEngine });
    compiled.set(version, engine);
  }
  return engine;
}

/** What the policy decided, as stored with the message for reviewers and records. */
export interface PolicyRecord {
  policyVersionId: string;
  action: Decision['action'];
  rules: { rule: string; sections: string[]; category: string; action: string }[];
  /** Without text; a file check's finding keeps its explanation (about the file, e.g. why its text could not be read). */
  findings: { type: string; start: number; end: number; score: number; detector: string; attachment?: number; explanation?: string }[];
  justification?: string;
  /** A block lifted by a sender whose role the rule lets override it. */
  overridden?: boolean;
  flagged: boolean;
}

export interface Screened {
  /** Extra fields for the event's meta: the decision, and the body members see when redacted. */
  meta: Pick<EventMeta, 'policy' | 'redactedBody'>;
  record: PolicyRecord;
}

/** The blob's bytes, or null when it holds more than `limit` (it is not read further). */
async function readAll(stream: NodeJS.ReadableStream, limit: number): Promise<Uint8Array | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > limit) {
      (stream as Partial<NodeJS.ReadStream>).destroy?.();
      return null;
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** When a sender whose attachment found no free reader is told to try again: about one PDF's time budget. */
const BUSY_RETRY_AFTER_SECONDS = 10;

/** Reads the blob and extracts its text; a blob past the attachment limit is not read further. */
async function readAndExtract(ctx: ActionContext, a: AttachmentRef, options: ExtractOptions & { maxBytes: number }): Promise<ExtractedText> {
  const bytes = await readAll(await ctx.blobs.open(a.sha256), options.maxBytes);
  if (bytes === null) throw new ExtractError('too_large', `it is larger than the ${options.maxBytes}-byte attachment limit`);
  return extractAttachmentText({ name: a.name, contentType: a.contentType, bytes }, options);
}

/** The attachments as the engine sees them: name, size, sniffed type and, where it can be read, their text. */
async function attachmentInputs(ctx: ActionContext, refs: readonly AttachmentRef[]): Promise<NonNullable<Message['attachments']>> {
  const out: NonNullable<Message['attachments']> = [];
  const options = { maxBytes: ctx.config.attachmentMaxBytes };
  for (const a of refs) {
    const input: NonNullable<Message['attachments']>[number] = { name: a.name, size: a.size, contentType: a.contentType };
    const format = formatOf(a);
    if (format !== null) {
      // A file that claims a text format but cannot be read in full is reported
      // (FILE_UNREADABLE, with the reason) and scanned on what could be read: it never passes as clean.
      // The same bytes under the same limits read the same, so a resend, an edit or the
      // same file in another message takes the text (or the failure) this node already has.
      try {
        const extracted = await ctx.extractions.get(extractionKey(a.sha256, format, options), () => readAndExtract(ctx, a, options));
        input.text = extracted.text;
        if (extracted.incomplete !== undefined) input.unreadable = extracted.incomplete;
      } catch (e) {
        if (!(e instanceof ExtractError)) throw e;
        // The node had no reader free for it: nothing is known about the file yet, so
        // it is neither passed nor held against the sender. They are told to try again.
        if (e.code === 'busy') {
          throw new AppError('unavailable', `Not sent: attachment "${a.name}" could not be checked just now (${e.message}).`,
            { attachment: out.length, retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS });
        }
        input.text = '';
        input.unreadable = e.message;
      }
    }
    out.push(input);
  }
  return out;
}

/**
 * Text a message may have for the event loop to check it when its worker could not run (about 20 ms of the engine):
 * past it, a node whose workers cannot start answers "try again" rather than stall every connection.
 */
export const SCREEN_FALLBACK_MAX_CHARS = 4 * SCREEN_ON_LOOP_MAX_CHARS;

/**
 * A message with much text (large attachments) is evaluated in a worker, so
 * that its scan does not stall the node (policy/evaluate-worker.ts). The
 * sender is told to try again when no slot is free, when the check ran out of
 * time (a loaded node checks slower), or when the node stopped it for memory
 * shared with other readers. A check out of its own heap refuses the message:
 * the same work on the event loop would exhaust the node. A worker that could
 * not run at all (a fault of the server) leaves a message of modest size to the
 * event loop; a larger one is answered "try again". Never delivered unscreened.
 */
export async function evaluateLarge(
  version: Pick<PolicyVersion, 'source'>, engine: CompiledPolicy, message: Message, context: EvaluationContext, options?: OffLoopOptions,
): Promise<Decision> {
  const retry = (why: string): AppError => new AppError('unavailable', `Not sent: ${why}; try again shortly.`, { retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS });
  try {
    return await evaluateOffLoop(version.source, message, context, options);
  } catch (e) {
    if (e instanceof ExtractError) {
      if (e.code === 'busy') throw retry('the server is busy checking other large attachments');
      if (e.code === 'timeout') throw retry('the check of its text did not finish in time');
      if (e.transient) throw retry('the server could not check its text just now');
      const characters = textLength(message);
      throw new AppError('payload_too_large',
        `Not sent: the ${characters} characters of text in this message and its attachments need more memory to check than the server allows. Send fewer or smaller files.`,
        { characters });
    }
    process.emitWarning(`policy check of a large message in a worker failed (${e instanceof Error ? e.message : String(e)})`);
    if (textLength(message) > SCREEN_FALLBACK_MAX_CHARS) throw retry('the server could not check its text just now');
    return evaluate(engine, message, context);
  }
}

/** Whether an attachment's text was not fully checked and no rule that fired covers it. */
function uncheckedAttachment(decision: Decision): boolean {
  const covered = new Set(decision.rules.flatMap((r) => r.findings));
  return decision.findings.some((f, i) => f.type === 'FILE_UNREADABLE' && !covered.has(i));
}

const citation = (sections: string[]) => sections.map((s) => `§${s}`).join(', ');

/**
 * Evaluates a message body (and attachments) for `actor` in a conversation.
 * Throws `policy_blocked` or `policy_confirmation_required`, citing rules and
 * sections and showing the matched spans; otherwise returns what to store.
 */
export async function screen(
  ctx: ActionContext,
  actor: Actor,
  conversationKind: ConversationKind,
  body: string,
  attachments: readonly AttachmentRef[],
  justification: string | undefined,
): Promise<Screened> {
  const version = await currentPolicy(ctx);
  const engine = engineFor(version);
  const roles: string[] = actor.principal.roles.map((r) => r.role);
  const message: Message = { text: body, attachments: await attachmentInputs(ctx, attachments) };
  const context: EvaluationContext = {
    ...(actor.user.agencyId ? { agencyId: actor.user.agencyId } : {}),
    roles,
    personType: actor.user.personType,
    conversationType: conversationKind,
  };
  const decision = textLength(message) > SCREEN_ON_LOOP_MAX_CHARS
    ? await evaluateLarge(version, engine, message, context)
    : evaluate(engine, message, context);
  const hits = decision.rules.filter((r) => r.action === decision.action);
  const explain = {
    policyVersion: version.version,
    rules: hits.map((r) => ({ rule: r.rule, sections: r.sections, message: r.message, overridable: r.overridableBy.some((x) => roles.includes(x)) })),
    findings: [...new Set(hits.flatMap((r) => r.findings))].map((i) => decision.findings[i]!).map((f) => ({
      type: f.type, start: f.start, end: f.end, ...(f.attachment !== undefined ? { attachment: f.attachment } : {}),
    })),
  };
  // What a file check found is about the file, not the message's text, and the
  // sender cannot see it otherwise ("the limit is 10485760", "the PDF is damaged").
  const fileChecks = new Set(engine.fileChecks.map((c) => c.key));
  const fileReasons = (r: (typeof hits)[number]): string => {
    const why = r.findings.map((i) => decision.findings[i]!).filter((f) => fileChecks.has(f.detector)).map((f) => f.explanation);
    return why.length > 0 ? ` (${why.join('; ')})` : '';
  };
  const summary = hits.map((r) => `${citation(r.sections)}: ${r.message}${fileReasons(r)}`).join('; ');
  let overridden = false;
  if (decision.action === 'block') {
    const overridable = hits.every((r) => r.overridableBy.some((x) => roles.includes(x)));
    if (!overridable || !justification) {
      // The attempt is on record for enforcement (§6.0): which rules, which kinds of data, never the text.
      await ctx.store.transaction((tx) =>
        audit(tx, ctx, actor, {
          action: 'policy.block',
          targetType: 'conversation_kind',
          targetId: conversationKind,
          agencyId: actor.user.agencyId,
          after: { policyVersion: version.version, rules: explain.rules.map((r) => ({ rule: r.rule, sections: r.sections })), types: [...new Set(explain.findings.map((f) => f.type))] },
        }),
      );
      throw new AppError('policy_blocked', `Not sent. ${summary}.${overridable ? ' Your role may override this with a justification.' : ''}`, explain);
    }
    overridden = true;
  }
  if (decision.action === 'warn' && !justification) {
    throw new AppError('policy_confirmation_required', `Confirm before sending: ${summary}. Resend with a justification to send it anyway; it is recorded.`, explain);
  }
  const record: PolicyRecord = {
    policyVersionId: version.id,
    action: decision.action,
    rules: decision.rules.map((r) => ({ rule: r.rule, sections: r.sections, category: r.category, action: r.action })),
    findings: decision.findings.map((f) => ({
      type: f.type, start: f.start, end: f.end, score: f.score, detector: f.detector, ...(f.attachment !== undefined ? { attachment: f.attachment } : {}),
      ...(fileChecks.has(f.detector) ? { explanation: f.explanation } : {}),
    })),
    ...(justification && (decision.action === 'warn' || overridden) ? { justification } : {}),
    ...(overridden ? { overridden } : {}),
    // Every rule that fired with "flag" is reviewed, whichever action decided the
    // delivery (a redact wins over a flag for what members see, not for review).
    // Overrides and confirmed warnings are reviewed as well, and so is an
    // attachment whose text could not be fully checked when the pack has no rule
    // that acts on it: it is delivered, but never as clean.
    flagged: decision.rules.some((r) => r.action === 'flag') || overridden || decision.action === 'warn' || uncheckedAttachment(decision),
  };
  return {
    record,
    meta: {
      policy: record,
      ...(decision.action === 'redact' && decision.redactedText !== undefined ? { redactedBody: decision.redactedText } : {}),
    },
  };
}

/**
 * The policy console's test box: evaluates a sample message against the current
 * version, or against a draft pack that is not yet published (validated in full
 * first), as a sender of the given kind would see it. Nothing is stored.
 */
export async function tryPolicy(
  ctx: ActionContext,
  actor: Actor,
  input: { text: string; source?: string; personType?: string; conversationType?: ConversationKind; roles?: string[] },
): Promise<Decision & { policyVersion: string }> {
  authorize(actor.principal, 'policy.read');
  let engine: CompiledPolicy;
  let label: string;
  if (input.source !== undefined) {
    const pack = checkPack(input.source);
    engine = compilePolicy(pack, { regex: re2RegexEngine });
    label = `${pack.version} (draft)`;
  } else {
    const version = await currentPolicy(ctx);
    engine = engineFor(version);
    label = version.version;
  }
  const decision = evaluate(engine, { text: input.text }, {
    roles: input.roles ?? ['employee'],
    personType: input.personType ?? 'employee',
    conversationType: input.conversationType ?? 'direct',
  });
  return { ...decision, policyVersion: label };
}
