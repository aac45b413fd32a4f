/**
 * Accepts WebSocket upgrades on /api/v1/ws. A browser authenticates with its
 * session cookie at the upgrade (the Origin must be ours: no cross-site
 * WebSocket hijacking); other clients send an `auth` frame with a bearer token.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { Ajv, type ValidateFunction } from 'ajv';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config/config.js';
import type { ActionContext } from '../../actions/context.js';
import type { Hub } from '../../realtime/hub.js';
import { SESSION_COOKIE, originAllowed } from '../http/auth.js';
import { CLOSE, ClientFrame, PROTOCOL_VERSION } from './frames.js';
import { Connection } from './connection.js';

export const WS_PATH = '/api/v1/ws';

function cookieToken(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === SESSION_COOKIE) return decodeURIComponent(v.join('='));
  }
  return null;
}

function reject(socket: Duplex, status: number, message: string): void {
  socket.write(`HTTP/1.1 ${status} ${message}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

export interface WebSocketDeps {
  config: Config;
  hub: Hub;
  log: FastifyBaseLogger;
  /** The context maker of one connection (its address and user agent are read once); called for each frame. */
  context: (req: IncomingMessage) => (requestId: string) => ActionContext;
}

export function attachWebSocket(server: Server, deps: WebSocketDeps): { close(): Promise<void> } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: deps.config.bodyLimitBytes, perMessageDeflate: false });
  const ajv = new Ajv({ coerceTypes: false, removeAdditional: false, allErrors: false, strict: false });
  const validators = new Map<string, ValidateFunction>();
  for (const schema of ClientFrame.anyOf) validators.set(schema.properties.type.const as string, ajv.compile(schema));

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== WS_PATH) return reject(socket, 404, 'Not Found');
    const token = cookieToken(req.headers.cookie);
    if (token) {
      // A cookie rides along on any cross-site upgrade, so the Origin must be ours.
      const origin = req.headers.origin;
      if (origin === undefined || !originAllowed(origin, req.headers.host, deps.config)) return reject(socket, 403, 'Forbidden');
    }
    const wanted = new URL(req.url ?? '/', 'http://x').searchParams.get('protocol');
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (wanted !== null && wanted !== String(PROTOCOL_VERSION)) {
        ws.close(CLOSE.unsupportedProtocol, `this server speaks protocol ${PROTOCOL_VERSION}`);
        return;
      }
      const conn = new Connection(ws, socket, {
        hub: deps.hub,
        validators,
        context: deps.context(req),
        heartbeatMs: deps.config.heartbeatSeconds * 1000,
        log: deps.log,
      });
      conn.start(token).catch((err: unknown) => {
        deps.log.error({ err }, 'websocket start failed');
        ws.terminate();
      });
    });
  };
  server.on('upgrade', onUpgrade);
  return {
    async close() {
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.close(1001, 'server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
