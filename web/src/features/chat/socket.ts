/**
 * The chat WebSocket with automatic reconnection. The browser authenticates
 * with its session cookie at the upgrade (SPEC [AUTH-4], [AUTH-5]), so no token
 * is ever visible to scripts. What to do after a reconnect (resume, resend)
 * belongs to the caller's `onReady`.
 */
import type { ServerFrame } from './frames';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'ended';

/** Close codes after which reconnecting cannot help: the session or protocol is gone (SPEC close codes). */
const FINAL_CLOSE = new Set([4000, 4001, 4003]);

/** Exponential backoff with jitter, so a restarted server is not hit by every client at once. */
export function backoffMs(attempt: number, random: number = Math.random()): number {
  const ceiling = Math.min(10_000, 500 * 2 ** attempt);
  return Math.round(ceiling * (0.5 + random / 2));
}

export interface SocketHandlers {
  onFrame(frame: ServerFrame): void;
  onStatus(status: ConnectionStatus): void;
  /**
   * The session may have ended. `final`: the server closed for good (4000,
   * 4001, 4003) and no reconnect follows; otherwise reconnecting keeps failing
   * and the caller should check, without giving up, whether the session is gone.
   */
  onTrouble(code: number, final: boolean): void;
}

export function chatSocketUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/ws?protocol=1`;
}

export class ChatSocket {
  #ws: WebSocket | null = null;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;
  readonly #url: string;
  readonly #handlers: SocketHandlers;
  readonly #onOnline = () => this.#reconnectNow();

  constructor(url: string, handlers: SocketHandlers) {
    this.#url = url;
    this.#handlers = handlers;
  }

  start(): void {
    this.#stopped = false;
    globalThis.addEventListener?.('online', this.#onOnline);
    this.#open();
  }

  stop(): void {
    this.#stopped = true;
    globalThis.removeEventListener?.('online', this.#onOnline);
    if (this.#timer) clearTimeout(this.#timer);
    this.#ws?.close(1000);
    this.#ws = null;
  }

  /** Sends a frame if the socket is open; false otherwise (the caller keeps it to send after reconnecting). */
  send(frame: Record<string, unknown>): boolean {
    if (this.#ws?.readyState !== WebSocket.OPEN) return false;
    this.#ws.send(JSON.stringify(frame));
    return true;
  }

  #open(): void {
    this.#handlers.onStatus(this.#attempt === 0 ? 'connecting' : 'reconnecting');
    const ws = new WebSocket(this.#url);
    this.#ws = ws;
    ws.onmessage = (e) => {
      if (typeof e.data !== 'string') return;
      const frame = JSON.parse(e.data) as ServerFrame;
      if (frame.type === 'ready') {
        this.#attempt = 0;
        this.#handlers.onStatus('connected');
      }
      this.#handlers.onFrame(frame);
    };
    ws.onclose = (e) => {
      if (this.#ws !== ws || this.#stopped) return;
      this.#ws = null;
      if (FINAL_CLOSE.has(e.code)) {
        this.#handlers.onStatus('ended');
        this.#handlers.onTrouble(e.code, true);
        return;
      }
      // A refused upgrade (signed out elsewhere) looks like any lost connection: let the caller check the session now and then.
      if (this.#attempt > 0 && this.#attempt % 3 === 0) this.#handlers.onTrouble(e.code, false);
      this.#schedule();
    };
  }

  #schedule(): void {
    const offline = globalThis.navigator?.onLine === false;
    this.#handlers.onStatus(offline ? 'offline' : 'reconnecting');
    if (offline) return; // the 'online' event reconnects
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#open();
    }, backoffMs(this.#attempt));
    this.#attempt += 1;
  }

  #reconnectNow(): void {
    if (this.#stopped || this.#ws) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#open();
  }
}
