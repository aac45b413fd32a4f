/**
 * One WebSocket connection: authenticates, decodes and validates frames, calls
 * actions, and encodes their results. It never touches the store directly.
 */
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { ValidateFunction } from 'ajv';
import type { FastifyBaseLogger } from 'fastify';
import type { ActionContext } from '../../actions/context.js';
import { authenticate, type Authenticated } from '../../actions/sign-in.js';
import { deviceGate } from '../../actions/devices.js';
import { ackStatus } from '../../actions/policy.js';
import { deleteMessage, editMessage, history, markRead, sendMessage, setTyping, type SendResult } from '../../actions/messages.js';
import type { ServerEvent } from '../../domain/events.js';
import { AppError } from '../../domain/errors.js';
import type { Hub, LiveConnection } from '../../realtime/hub.js';
import { logLevelOf, toWireError } from '../http/errors.js';
import { findNul } from '../http/validation.js';
import { CLOSE, PROTOCOL_VERSION, type ClientFrame } from './frames.js';

export interface ConnectionDeps {
  hub: Hub;
  validators: Map<string, ValidateFunction>;
  /** A fresh action context for one frame. */
  context: (requestId: string) => ActionContext;
  heartbeatMs: number;
  log: FastifyBaseLogger;
}

const MAX_BUFFERED = 4 * 1024 * 1024;
const MAX_ERRORS = 50;
/** Frames one connection may have in progress; more are refused at once, not queued without bound. */
const MAX_IN_FLIGHT = 256;
const AUTH_TIMEOUT_MS = 10_000;
/** Strict: invalid UTF-8 is refused, not replaced. Reusable: each decode() call without `stream` starts afresh. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

export class Connection implements LiveConnection {
  readonly id = randomUUID();
  #auth: Authenticated | null = null;
  #frames = 0;
  #inFlight = 0;
  #errors = 0;
  #alive = true;
  #heartbeat: NodeJS.Timeout | undefined;
  #authTimer: NodeJS.Timeout | undefined;
  #closed = false;
  #corked = false;

  /** `socket` is the upgraded TCP socket that `ws` writes to. */
  constructor(
    private readonly ws: WebSocket,
    private readonly socket: Duplex,
    private readonly deps: ConnectionDeps,
  ) {
    ws.on('message', (data, isBinary) => void this.#onMessage(data as Buffer, isBinary));
    ws.on('pong', () => (this.#alive = true));
    ws.on('close', () => this.#cleanup());
    ws.on('error', (err) => deps.log.debug({ err, connection: this.id }, 'websocket error'));
  }

  get userId(): string {
    return this.#auth?.user.id ?? '';
  }
  get sessionId(): string {
    return this.#auth?.session.id ?? '';
  }

  /** Starts with a session already authenticated at the upgrade (cookie), or waits for an `auth` frame. */
  async start(token: string | null): Promise<void> {
    if (token) {
      await this.#authenticate(token, undefined);
      return;
    }
    this.#authTimer = setTimeout(() => this.close(CLOSE.unauthenticated, 'no auth frame in time'), AUTH_TIMEOUT_MS);
  }

  send(event: ServerEvent | Record<string, unknown>): void {
    this.#write(JSON.stringify(event));
  }

  sendEncoded(json: Buffer): void {
    this.#write(json);
  }

  #write(json: string | Buffer): void {
    if (this.#closed || this.ws.readyState !== this.ws.OPEN) return;
    // A client that cannot keep up is cut off rather than buffered without limit;
    // it reconnects and resumes from its last sequence.
    if (this.ws.bufferedAmount > MAX_BUFFERED) {
      this.close(CLOSE.slowConsumer, 'too far behind');
      return;
    }
    // Frames written in one turn of the event loop (the acks and deliveries of a
    // group commit) leave in one system call instead of one each.
    if (!this.#corked) {
      this.#corked = true;
      this.socket.cork();
      process.nextTick(this.#uncork);
    }
    this.ws.send(json, { binary: false });
  }

  readonly #uncork = (): void => {
    this.#corked = false;
    this.socket.uncork();
  };

  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.ws.close(code, reason);
    this.#cleanup();
  }

  #cleanup(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#heartbeat);
    clearTimeout(this.#authTimer);
    if (this.#auth) this.deps.hub.unregister(this);
  }

  #ctx(): ActionContext {
    return this.deps.context(`ws-${this.id.slice(0, 8)}-${++this.#frames}`);
  }

  async #authenticate(token: string, ref: string | undefined): Promise<void> {
    const ctx = this.#ctx();
    try {
      this.#auth = await authenticate(ctx, token);
    } catch (e) {
      const w = toWireError(e);
      this.send({ type: 'error', ...(ref ? { ref } : {}), code: w.code, message: w.message });
      this.close(CLOSE.unauthenticated, w.code);
      return;
    }
    clearTimeout(this.#authTimer);
    if (this.#auth.mustChangePassword) {
      this.send({ type: 'error', code: 'password_change_required', message: new AppError('password_change_required').message });
      this.close(CLOSE.unauthenticated, 'password_change_required');
      return;
    }
    const gate = deviceGate(this.#auth);
    if (gate) {
      this.send({ type: 'error', ...(ref ? { ref } : {}), code: gate.code, message: gate.message });
      this.close(CLOSE.deviceNotApproved, gate.code);
      return;
    }
    const policy = await ackStatus(ctx, this.#auth);
    this.deps.hub.register(this);
    this.#heartbeat = setInterval(() => void this.#beat(), this.deps.heartbeatMs);
    this.#heartbeat.unref();
    this.send({
      type: 'ready', ...(ref ? { ref } : {}), protocol: PROTOCOL_VERSION, userId: this.#auth.user.id, nodeId: this.deps.hub.nodeId,
      heartbeatSeconds: this.deps.heartbeatMs / 1000,
      policy: { id: policy.policy.id, version: policy.policy.version, acknowledged: policy.acknowledged },
    });
  }

  /** Pings the client and re-checks the session, so a revoked or expired one ends here too. */
  async #beat(): Promise<void> {
    if (!this.#alive) {
      this.close(CLOSE.heartbeatTimeout, 'no pong');
      this.ws.terminate();
      return;
    }
    this.#alive = false;
    this.ws.ping();
    const ctx = this.#ctx();
    const session = await ctx.store.sessions.get(this.sessionId).catch((err: unknown) => {
      // The database is unreachable: keep the connection and check again next beat.
      this.deps.log.warn({ err, connection: this.id }, 'heartbeat session check failed');
      return undefined;
    });
    if (session === undefined) return;
    const now = ctx.now();
    if (!session || session.revokedAt !== null || session.expiresAt <= now) {
      this.close(CLOSE.sessionEnded, 'session ended');
      return;
    }
    // A live socket is activity: keep the session's idle window and last-seen time
    // current (written at most once a minute).
    if (now - session.lastSeenAt >= 60_000) {
      await ctx.writes.touch({ sessionId: session.id, lastSeenAt: now, idleExpiresAt: now + ctx.config.sessionIdleMinutes * 60_000, device: null }).catch((err: unknown) => {
        this.deps.log.warn({ err, connection: this.id }, 'heartbeat session touch failed');
      });
    }
  }

  #fail(ref: string | undefined, err: unknown): void {
    const w = toWireError(err);
    const level = logLevelOf(w);
    if (level) this.deps.log[level]({ err, connection: this.id }, 'websocket frame failed');
    this.send({ type: 'error', ...(ref ? { ref } : {}), code: w.code, message: w.message, ...(w.data ? { data: w.data } : {}) });
  }

  #malformed(ref: string | undefined, message: string, field?: string): void {
    this.#fail(ref, new AppError('validation_failed', message, field ? { field } : undefined));
    if (++this.#errors > MAX_ERRORS) this.close(CLOSE.tooManyErrors, 'too many malformed frames');
  }

  async #onMessage(data: Buffer, isBinary: boolean): Promise<void> {
    if (isBinary) return this.#malformed(undefined, 'Frames are JSON text, not binary.');
    let text: string;
    let raw: unknown;
    try {
      text = UTF8.decode(data);
      raw = JSON.parse(text);
    } catch {
      return this.#malformed(undefined, 'The frame is not valid UTF-8 JSON.');
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return this.#malformed(undefined, 'A frame is a JSON object with a "type".');
    const obj = raw as Record<string, unknown>;
    const ref = typeof obj.ref === 'string' ? obj.ref.slice(0, 64) : undefined;
    const type = typeof obj.type === 'string' ? obj.type : '';
    const validate = this.deps.validators.get(type);
    if (!validate) return this.#malformed(ref, `Unknown frame type ${JSON.stringify(type).slice(0, 80)}.`, 'type');
    if (!(validate(obj) as boolean)) {
      const e = validate.errors?.[0];
      const path = e?.instancePath.replace(/^\//, '').replace(/\//g, '.') ?? '';
      const extra = (e?.params as { additionalProperty?: string } | undefined)?.additionalProperty;
      const field = extra ? extra : path || (e?.params as { missingProperty?: string } | undefined)?.missingProperty || type;
      return this.#malformed(ref, `${type} frame: ${extra ? `unknown field "${extra}"` : `${field} ${e?.message ?? 'is not valid'}`}.`, String(field));
    }
    const nul = findNul(obj, type);
    if (nul) return this.#malformed(ref, `${nul} contains a NUL character (U+0000).`, nul);
    const frame = obj as ClientFrame;
    if (frame.type === 'auth') {
      if (this.#auth) return this.#malformed(ref, 'Already authenticated.');
      return this.#authenticate(frame.token, ref);
    }
    if (!this.#auth) {
      this.#fail(ref, new AppError('unauthenticated', 'Send an auth frame first.'));
      return;
    }
    if (this.#inFlight >= MAX_IN_FLIGHT) {
      this.#fail(ref, new AppError('rate_limited', `More than ${MAX_IN_FLIGHT} frames are in progress on this connection; wait for replies.`, { retryAfterMs: 100 }));
      return;
    }
    this.#inFlight++;
    try {
      await this.#dispatch(frame, this.#auth);
    } catch (e) {
      this.#fail(ref, e);
    } finally {
      this.#inFlight--;
    }
  }

  #ack(ref: string | undefined, r: SendResult): void {
    const e = r.event;
    this.send({
      type: 'ack', ...(ref ? { ref } : {}), clientId: e.clientId, conversationId: e.conversationId, id: e.id, messageId: e.messageId,
      seq: e.seq, createdAt: e.createdAt, duplicate: r.duplicate,
    });
  }

  async #dispatch(frame: Exclude<ClientFrame, { type: 'auth' }>, actor: Authenticated): Promise<void> {
    const ctx = this.#ctx();
    const ref = frame.ref;
    switch (frame.type) {
      case 'message.send':
        return this.#ack(ref, await sendMessage(ctx, actor, {
          conversationId: frame.conversationId, clientId: frame.clientId, body: frame.body,
          ...(frame.attachmentIds ? { attachmentIds: frame.attachmentIds } : {}),
          ...(frame.justification ? { justification: frame.justification } : {}),
        }));
      case 'message.edit':
        return this.#ack(ref, await editMessage(ctx, actor, frame));
      case 'message.delete':
        return this.#ack(ref, await deleteMessage(ctx, actor, frame));
      case 'history': {
        const page = await history(ctx, actor, {
          conversationId: frame.conversationId, limit: frame.limit ?? 50,
          ...(frame.afterSeq !== undefined ? { afterSeq: frame.afterSeq } : {}),
          ...(frame.beforeSeq !== undefined ? { beforeSeq: frame.beforeSeq } : {}),
        });
        return this.send({ type: 'history', ...(ref ? { ref } : {}), conversationId: frame.conversationId, ...page });
      }
      case 'resume': {
        for (const [conversationId, afterSeq] of Object.entries(frame.positions)) {
          try {
            const page = await history(ctx, actor, { conversationId, afterSeq, limit: 200 });
            this.send({ type: 'history', ...(ref ? { ref } : {}), conversationId, ...page });
          } catch (e) {
            this.#fail(ref, e);
          }
        }
        return this.send({ type: 'resumed', ...(ref ? { ref } : {}) });
      }
      case 'read': {
        const seq = await markRead(ctx, actor, frame.conversationId, frame.seq);
        if (ref) this.send({ type: 'ok', ref, seq });
        return;
      }
      case 'typing':
        await setTyping(ctx, actor, frame.conversationId, frame.state);
        if (ref) this.send({ type: 'ok', ref });
        return;
      case 'presence.set':
        this.deps.hub.setStatus(this, frame.status);
        if (ref) this.send({ type: 'ok', ref });
        return;
      case 'presence.watch':
        return this.send({ type: 'presence.state', ...(ref ? { ref } : {}), users: await this.deps.hub.watch(this, frame.userIds) });
      case 'ping':
        return this.send({ type: 'pong', ...(ref ? { ref } : {}) });
    }
  }
}
