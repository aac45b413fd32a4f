/**
 * The baseline: a bare `ws` relay that does what Parley's delivery does minus
 * everything else (no auth, no validation, no database, no policy). A client
 * joins a room with ?room=NAME; every text frame it sends is sent to every
 * connection in that room, the sender included. Prints its port on stdout.
 */
import { WebSocketServer, type WebSocket } from 'ws';

const rooms = new Map<string, Set<WebSocket>>();
const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
wss.on('connection', (ws, req) => {
  const room = new URL(req.url ?? '/', 'http://x').searchParams.get('room') ?? 'default';
  let members = rooms.get(room);
  if (!members) rooms.set(room, (members = new Set()));
  members.add(ws);
  ws.on('message', (data) => {
    const text = String(data);
    for (const m of members!) m.send(text);
  });
  ws.on('close', () => members!.delete(ws));
});
wss.on('listening', () => {
  const address = wss.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : address}`);
});
