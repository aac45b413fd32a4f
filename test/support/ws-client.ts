/** A protocol client for tests: real WebSocket, frames matched by ref or by predicate. */
import WebSocket from 'ws';

export type Frame = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export class WsClient {
  readonly frames: Frame[] = [];
  #waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }[] = [];
  #ref = 0;
  closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const f = JSON.parse(String(data)) as Frame;
      const i = this.#waiters.findIndex((w) => w.pred(f));
      if (i >= 0) {
        const [w] = this.#waiters.splice(i, 1);
        clearTimeout(w!.timer);
        w!.resolve(f);
      } else this.frames.push(f);
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  /** Opens a socket; with a token it authenticates and waits for `ready`. */
  static async connect(baseUrl: string, options: { token?: string; headers?: Record<string, string> } = {}): Promise<WsClient> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/v1/ws`, { headers: options.headers ?? {} });
    // Listen before the socket opens: the server may speak first (cookie sessions).
    const client = new WsClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    if (options.token) {
      const ready = await client.request({ type: 'auth', token: options.token });
      if (ready.type !== 'ready') throw new Error(`auth failed: ${JSON.stringify(ready)}`);
    }
    return client;
  }

  send(frame: Frame | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Sends a frame with a fresh ref and waits for the reply carrying it. */
  request(frame: Frame, timeoutMs = 5000): Promise<Frame> {
    const ref = `r${++this.#ref}`;
    const reply = this.next((f) => f.ref === ref, timeoutMs);
    this.send({ ...frame, ref });
    return reply;
  }

  /** The first frame (already received or still to come) that matches. */
  next(pred: (f: Frame) => boolean, timeoutMs = 5000): Promise<Frame> {
    const i = this.frames.findIndex(pred);
    if (i >= 0) return Promise.resolve(this.frames.splice(i, 1)[0]!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w.timer !== timer);
        reject(new Error(`no matching frame within ${timeoutMs} ms; have ${JSON.stringify(this.frames.slice(-5))}`));
      }, timeoutMs);
      this.#waiters.push({ pred, resolve, reject, timer });
    });
  }

  /** Waits for `n` frames that match. */
  async collect(pred: (f: Frame) => boolean, n: number, timeoutMs = 5000): Promise<Frame[]> {
    const out: Frame[] = [];
    for (let i = 0; i < n; i++) out.push(await this.next(pred, timeoutMs));
    return out;
  }

  close(): void {
    this.ws.close();
  }
}

/** The clients a suite opened, so that its `after` closes every one of them. */
export class WsClients {
  readonly #open: WsClient[] = [];

  /** `url` is read at each connect: suites learn it in `before`, after they build the pool. */
  constructor(private readonly url: () => string) {}

  async connect(token?: string, headers?: Record<string, string>): Promise<WsClient> {
    const c = await WsClient.connect(this.url(), { ...(token ? { token } : {}), ...(headers ? { headers } : {}) });
    this.#open.push(c);
    return c;
  }

  closeAll(): void {
    for (const c of this.#open.splice(0)) c.close();
  }
}
