/**
 * Messaging benchmark (issue: real-time messaging). Parley and a bare `ws`
 * relay run as child processes on this machine; the clients run here. Both are
 * driven by the same harness, and Parley's figures are reported as ratios to
 * the relay's, measured in the same run.
 *
 *   npm run bench:messaging            (BENCH_SECONDS, BENCH_ROUNDS, BENCH_IDLE_CONNECTIONS override)
 *
 * For profiling: BENCH_ONLY=parley-1to1 or parley-group runs that Parley
 * scenario alone; BENCH_PROFILE=dir writes a CPU profile of each server.
 * Besides throughput, each run reports the server's CPU time per message
 * (from /proc), which is steadier than throughput when other work shares the
 * machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { call, chatUserAt, signInAt } from '../test/support/http.js';
import { cpuMsOf, machine, percentile, rssOf, sleep, startChild, type Child } from './harness.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const GROUP = 100;
const WINDOW = Number(process.env.BENCH_WINDOW ?? 64);
const IDLE = Number(process.env.BENCH_IDLE_CONNECTIONS ?? 5000);

type Frame = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Opens a Parley connection and authenticates it. */
async function openParley(base: string, token: string): Promise<WebSocket> {
  const ws = await open(`${base.replace(/^http/, 'ws')}/api/v1/ws`);
  await new Promise<void>((resolve, reject) => {
    ws.once('message', (d) => (JSON.parse(String(d)).type === 'ready' ? resolve() : reject(new Error(String(d)))));
    ws.send(JSON.stringify({ type: 'auth', token }));
  });
  return ws;
}

interface Driver {
  /** Sends one message with a timestamp in its body. */
  send(i: number): void;
  /** Called with every frame a receiver gets; returns the send timestamp if it is a delivery. */
  delivery(f: Frame): number | null;
  /** Whether this frame, at the sender, frees a window slot. */
  completes(f: Frame): boolean;
  /** Whether that frame is a refusal (an error frame) rather than an acknowledgement. */
  failed(f: Frame): boolean;
}

interface Run {
  messagesPerSecond: number;
  deliveriesPerSecond: number;
  latencies: number[];
  /** CPU time the server process used per completed message while the run lasted (user + system), in µs. */
  serverCpuUsPerMessage: number;
  /** Sends the server refused (error frames); they are not counted as messages. */
  errors: number;
  /** Their codes, with how many of each. */
  errorCodes: Map<string, number>;
}

/** Closed-loop at full speed (window of WINDOW outstanding), or open-loop at `rate` messages/s. */
async function drive(server: number, sender: WebSocket, receivers: WebSocket[], driver: Driver, seconds: number, rate?: number): Promise<Run> {
  let sent = 0;
  let completed = 0;
  let deliveries = 0;
  let errors = 0;
  const errorCodes = new Map<string, number>();
  const latencies: number[] = [];
  let running = true;
  const onReceive = (data: WebSocket.RawData) => {
    const f = JSON.parse(String(data)) as Frame;
    const ts = driver.delivery(f);
    if (ts !== null && running) {
      deliveries++;
      latencies.push(performance.now() - ts);
    }
  };
  const onSender = (data: WebSocket.RawData) => {
    const f = JSON.parse(String(data)) as Frame;
    if (!driver.completes(f)) return;
    if (driver.failed(f)) {
      if (running) errors++;
      errorCodes.set(String(f.code), (errorCodes.get(String(f.code)) ?? 0) + 1);
    } else {
      completed++;
    }
    if (running && rate === undefined) driver.send(sent++);
  };
  for (const r of receivers) r.on('message', onReceive);
  sender.on('message', onSender);
  const start = performance.now();
  const cpuStart = cpuMsOf(server);
  let ticker: NodeJS.Timeout | undefined;
  if (rate === undefined) {
    for (let i = 0; i < WINDOW; i++) driver.send(sent++);
  } else {
    const perTick = rate / 100;
    let owed = 0;
    ticker = setInterval(() => {
      owed += perTick;
      for (; owed >= 1; owed--) driver.send(sent++);
    }, 10);
  }
  await sleep(seconds * 1000);
  running = false;
  clearInterval(ticker);
  const elapsed = (performance.now() - start) / 1000;
  const cpu = cpuMsOf(server) - cpuStart;
  const done = completed;
  await sleep(500);
  for (const r of receivers) r.off('message', onReceive);
  sender.off('message', onSender);
  latencies.sort((a, b) => a - b);
  return { messagesPerSecond: done / elapsed, deliveriesPerSecond: deliveries / elapsed, latencies, serverCpuUsPerMessage: (cpu * 1000) / done, errors, errorCodes };
}

const relayDriver = (sender: WebSocket, self: WebSocket): Driver => ({
  send: () => sender.send(JSON.stringify({ ts: performance.now(), body: 'The inspection report for the Kanawha bridge is due Friday.' })),
  delivery: (f) => (typeof f.ts === 'number' ? f.ts : null),
  completes: () => self === sender,
  failed: () => false,
});

const parleyDriver = (sender: WebSocket, conversationId: string, tag: string): Driver => ({
  send: (i) => sender.send(JSON.stringify({
    type: 'message.send', conversationId, clientId: `${tag}-${i}`, body: `${performance.now()} The inspection report for the Kanawha bridge is due Friday.`,
  })),
  delivery: (f) => (f.type === 'message' ? Number(String(f.event.body).split(' ')[0]) : null),
  completes: (f) => f.type === 'ack' || f.type === 'error',
  failed: (f) => f.type === 'error',
});

async function relayScenario(pid: number, port: number, members: number, rate?: number): Promise<Run> {
  const room = `r${Math.random()}`;
  const clients = await Promise.all(Array.from({ length: members }, () => open(`ws://127.0.0.1:${port}/?room=${room}`)));
  const run = await drive(pid, clients[0]!, clients, relayDriver(clients[0]!, clients[0]!), SECONDS, rate);
  for (const c of clients) c.close();
  return run;
}

async function parleyScenario(pid: number, base: string, tokens: string[], conversationId: string, tag: string, rate?: number): Promise<Run> {
  const clients = await Promise.all(tokens.map((t) => openParley(base, t)));
  const run = await drive(pid, clients[0]!, clients, parleyDriver(clients[0]!, conversationId, tag), SECONDS, rate);
  for (const c of clients) c.close();
  // Refusals would flatter the figures if counted; they are left out of them and any are shown.
  if (run.errors > 0) console.log(`(${tag}: the server refused ${run.errors} sends (${[...run.errorCodes].map(([c, n]) => `${c} ${n}`).join(', ')}); they are not counted)`);
  return run;
}

async function idleMemory(pid: number, connect: (i: number) => Promise<WebSocket>): Promise<number> {
  await sleep(1000);
  const before = rssOf(pid);
  const sockets: WebSocket[] = [];
  for (let i = 0; i < IDLE; i += 100) sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, IDLE - i) }, (_, j) => connect(i + j)))));
  await sleep(3000);
  const after = rssOf(pid);
  for (const s of sockets) s.terminate();
  return (after - before) / IDLE;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const children: Child[] = [];
  try {
    const startRelay = async () => {
      const started = await startChild('bench/servers/bare-ws-relay.ts', {}, /listening (\d+)/);
      children.push(started.child);
      return started;
    };
    const startParley = async () => {
      // BENCH_SERVER=dist runs the compiled build (npm run build first), whose profiles have exact lines.
      const started = await startChild(process.env.BENCH_SERVER === 'dist' ? 'dist/main.js' : 'src/main.ts', {
        PORT: '0', HOST: '127.0.0.1', PARLEY_DATA_DIR: dataDir, LOG_LEVEL: 'info', PARLEY_SCRYPT_COST: '1024',
        // The allowance (§5.3.5) is set far above what one client can send: a refused send is not a message.
        PARLEY_MESSAGE_BURST: '1000000', PARLEY_MESSAGE_RATE_PER_SECOND: '1000000', PARLEY_LOGIN_RATE_PER_MINUTE: '10000',
        // The bench's clients are new devices; nobody is there to approve them (§5.3.8).
        PARLEY_DEVICE_ENROLLMENT: 'open',
      }, /Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
      children.push(started.child);
      return started;
    };
    const relay = await startRelay();
    const relayPort = Number(relay.match[1]);
    const parley = await startParley();
    const base = parley.match[1]!;
    const relayPid = relay.child.proc.pid!;
    const parleyPid = parley.child.proc.pid!;
    const secret = /one-time secret: (\S+)/.exec(parley.child.lines.join('\n'))![1]!;
    const admin = await signInAt(base, 'admin', secret);
    const users = [];
    for (let i = 0; i < GROUP; i++) users.push(await chatUserAt(base, admin, `bench${i}`, null));
    const group = await call(base, 'POST', '/api/v1/conversations', { token: users[0]!.token, body: { kind: 'group', name: 'bench', memberIds: users.slice(1).map((u) => u.id) } });
    const dm = await call(base, 'POST', '/api/v1/conversations', { token: users[0]!.token, body: { kind: 'direct', userId: users[1]!.id } });
    const tokens = users.map((u) => u.token);

    const out: string[] = [];
    const line = (s: string) => {
      out.push(s);
      console.log(s);
    };
    line(`Machine: ${machine()}. Storage: SQLite (WAL; a commit is acknowledged after its WAL sync, ADR 008) in a temp dir. ${SECONDS} s per run, window ${WINDOW}.`);
    line('');
    line('| scenario | bare ws relay | Parley | ratio |');
    line('|---|---|---|---|');

    if (process.env.BENCH_ONLY) {
      // For profiling the server on one hot path alone: parley-1to1 or parley-group.
      const group1 = process.env.BENCH_ONLY === 'parley-group';
      const only = await parleyScenario(parleyPid, base, group1 ? tokens : tokens.slice(0, 2), group1 ? group.body.id : dm.body.id, 'only');
      line(`| ${process.env.BENCH_ONLY} messages/s (Parley only) | | ${only.messagesPerSecond.toFixed(0)} | |`);
      line(`| server CPU per message | | ${only.serverCpuUsPerMessage.toFixed(0)} µs | |`);
      const m = await call(base, 'GET', '/metrics');
      console.log(String(m.body).split('\n').filter((l) => l.startsWith('parley_write_batch_size_') && !l.includes('bucket')).join('\n'));
      return;
    }
    // Throughput runs alternate relay and Parley ROUNDS times, so that load from other work falls on both alike;
    // the round with the median ratio is reported, with every round's ratio beside it.
    const alternate = async (relayRun: () => Promise<Run>, parleyRun: (round: number) => Promise<Run>, rate: (r: Run) => number) => {
      const rounds: { relay: Run; parley: Run; ratio: number }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const relay = await relayRun();
        const parley = await parleyRun(round);
        rounds.push({ relay, parley, ratio: rate(parley) / rate(relay) });
      }
      const sorted = [...rounds].sort((a, b) => a.ratio - b.ratio);
      return { ...sorted[Math.floor((sorted.length - 1) / 2)]!, all: rounds.map((r) => r.ratio.toFixed(2)).join(', ') };
    };
    const one = await alternate(
      () => relayScenario(relayPid, relayPort, 2),
      (round) => parleyScenario(parleyPid, base, tokens.slice(0, 2), dm.body.id, `dm${round}`),
      (r) => r.messagesPerSecond,
    );
    const { relay: relay1, parley: parley1 } = one;
    line(`| 1:1 messages/s (median of ${ROUNDS} alternating rounds; ratios ${one.all}) | ${relay1.messagesPerSecond.toFixed(0)} | ${parley1.messagesPerSecond.toFixed(0)} | ${one.ratio.toFixed(2)} |`);
    const grp = await alternate(
      () => relayScenario(relayPid, relayPort, GROUP),
      (round) => parleyScenario(parleyPid, base, tokens, group.body.id, `grp${round}`),
      (r) => r.deliveriesPerSecond,
    );
    const { relay: relayG, parley: parleyG } = grp;
    line(`| ${GROUP}-member group deliveries/s (median of ${ROUNDS}; ratios ${grp.all}) | ${relayG.deliveriesPerSecond.toFixed(0)} | ${parleyG.deliveriesPerSecond.toFixed(0)} | ${grp.ratio.toFixed(2)} |`);

    line(`| server CPU per message, 1:1 / group (µs) | ${relay1.serverCpuUsPerMessage.toFixed(0)} / ${relayG.serverCpuUsPerMessage.toFixed(0)} | ${parley1.serverCpuUsPerMessage.toFixed(0)} / ${parleyG.serverCpuUsPerMessage.toFixed(0)} | |`);

    const half1 = parley1.messagesPerSecond / 2;
    const relayL1 = await relayScenario(relayPid, relayPort, 2, half1);
    const parleyL1 = await parleyScenario(parleyPid, base, tokens.slice(0, 2), dm.body.id, 'dml', half1);
    line(`| 1:1 latency p50 / p99 at ${half1.toFixed(0)} msg/s (half Parley's peak) | ${percentile(relayL1.latencies, 50).toFixed(2)} / ${percentile(relayL1.latencies, 99).toFixed(2)} ms | ${percentile(parleyL1.latencies, 50).toFixed(2)} / ${percentile(parleyL1.latencies, 99).toFixed(2)} ms | |`);
    const halfG = parleyG.messagesPerSecond / 2;
    const relayLG = await relayScenario(relayPid, relayPort, GROUP, halfG);
    const parleyLG = await parleyScenario(parleyPid, base, tokens, group.body.id, 'grpl', halfG);
    line(`| group latency p50 / p99 at ${halfG.toFixed(0)} msg/s (half Parley's peak) | ${percentile(relayLG.latencies, 50).toFixed(2)} / ${percentile(relayLG.latencies, 99).toFixed(2)} ms | ${percentile(parleyLG.latencies, 50).toFixed(2)} / ${percentile(parleyLG.latencies, 99).toFixed(2)} ms | |`);

    // Memory is measured on freshly started servers (same database, same tokens): after the runs above, a
    // server's heap may shrink or grow on its own, which the RSS delta would count as the connections'.
    await relay.child.stop();
    await parley.child.stop();
    const idleRelay = await startRelay();
    const idleParley = await startParley();
    const idleBase = idleParley.match[1]!;
    const relayMem = await idleMemory(idleRelay.child.proc.pid!, () => open(`ws://127.0.0.1:${idleRelay.match[1]}/?room=idle`));
    const parleyMem = await idleMemory(idleParley.child.proc.pid!, (i) => openParley(idleBase, tokens[i % tokens.length]!));
    line(`| memory per idle connection at ${IDLE} (RSS delta) | ${(relayMem / 1024).toFixed(1)} KB | ${(parleyMem / 1024).toFixed(1)} KB | ${(parleyMem / relayMem).toFixed(2)} |`);
    line('');
    line(`Group run: ${parleyG.messagesPerSecond.toFixed(0)} messages/s committed and acknowledged by Parley, each delivered to ${GROUP} members.`);
  } finally {
    for (const c of children) await c.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
