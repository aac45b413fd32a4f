// Content-policy engine throughput and latency against redact-pii's
// SyncRedactor and @openredaction/openredaction, on the same generated
// messages in the same process, one core. Writes bench/RESULTS.md under
// "## Content-policy engine". Usage: npm run bench:policy [-- --quick]
// PARLEY_BENCH_BASELINE=DIR adds an older copy of the engine (DIR/src/policy, for
// example from `git archive`) as one more engine in the same run.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SyncRedactor } from 'redact-pii';
import { OpenRedaction } from '@openredaction/openredaction';
import { compilePolicy, evaluate, parsePolicyPack } from '../src/policy/index.js';
import { re2RegexEngine } from '../src/policy/regex-re2.js';
import type * as policyApi from '../src/policy/index.js';
import type * as re2Api from '../src/policy/regex-re2.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');

// Deterministic generator (mulberry32) so every run scans the same messages.
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const WORDS = ('please review the draft budget for the county office before friday meeting agenda notes the team will ' +
  'update the schedule and send the final report to the director after lunch can you check the invoice status with ' +
  'procurement thanks for the quick turnaround on the grant application we still need signatures from legal').split(' ');
const EXTRAS = ['call me at 304-555-0199', 'my SSN is 123-45-6780', 'email jo.smith@wv.gov', 'card 4111 1111 1111 1111',
  'ask Maria Lopez', 'ship to 1200 Quarrier Street', 'FOUO', 'this is damn annoying', 'IP 10.20.30.40'];

function message(bytes: number, r: () => number): string {
  let s = '';
  while (s.length < bytes) {
    s += (s === '' ? '' : ' ') + (r() < 0.04 ? EXTRAS[Math.floor(r() * EXTRAS.length)] : WORDS[Math.floor(r() * WORDS.length)]);
  }
  return s.slice(0, bytes);
}

// With --expose-gc (npm run bench:policy passes it) the young generation is emptied between turns.
const BATCH_MS = 50;
const WARMUP_MS = quick ? 200 : 1000;
const collectGarbage = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc;

interface Result { name: string; size: number; msgsPerSec: number; msgsPerCpuSec: number; mbPerCpuSec: number; p50us: number; p99us: number }

interface Engine { name: string; fn: (t: string) => unknown }

/**
 * Runs the engines interleaved, in turns of about BATCH_MS each, until each
 * has run for `minMs`: load from other processes then falls on all of them
 * alike instead of on whichever phase it happened to hit. The engines share
 * one heap, so the young generation is emptied (outside the timed region)
 * before each turn: an engine pays for collecting its own garbage during its
 * turn, never for another's. A turn is long enough to span several of its own
 * collections.
 */
function measureAll(size: number, msgs: string[], engines: readonly Engine[], minMs: number): Result[] {
  // Latencies go to an off-heap Float64Array and the clock is performance.now(): the harness itself allocates
  // nothing on the heap per call, so no engine's collections copy the harness's data.
  const state = engines.map((e) => ({ e, lat: new Float64Array(1 << 16), bytes: 0, calls: 0, wallMs: 0, cpuUs: 0, next: 0 }));
  // Warm-up: each engine runs for WARMUP_MS first, so optimizing compilers have settled before timing starts.
  for (const s of state) {
    const until = performance.now() + WARMUP_MS;
    for (let i = 0; performance.now() < until; i++) s.e.fn(msgs[i % msgs.length] as string);
  }
  while (state.some((s) => s.wallMs < minMs)) {
    for (const s of state) {
      if (s.wallMs >= minMs) continue;
      collectGarbage?.({ type: 'minor' });
      const cpu0 = process.cpuUsage();
      const turnEnd = s.wallMs + BATCH_MS;
      while (s.wallMs < turnEnd) {
        const t = msgs[s.next++ % msgs.length] as string;
        const t0 = performance.now();
        s.e.fn(t);
        const dt = performance.now() - t0;
        s.wallMs += dt;
        if (s.calls === s.lat.length) {
          const grown = new Float64Array(s.lat.length * 2);
          grown.set(s.lat);
          s.lat = grown;
        }
        s.lat[s.calls] = dt * 1000;
        s.bytes += Buffer.byteLength(t);
        s.calls++;
      }
      const cpu = process.cpuUsage(cpu0);
      s.cpuUs += cpu.user + cpu.system;
    }
  }
  return state.map((s) => {
    const lat = s.lat.subarray(0, s.calls).sort();
    const pct = (p: number): number => lat[Math.min(lat.length - 1, Math.floor(lat.length * p))] as number;
    const cpuSecs = s.cpuUs / 1e6;
    return { name: s.e.name, size, msgsPerSec: s.calls / (s.wallMs / 1e3), msgsPerCpuSec: s.calls / cpuSecs,
      mbPerCpuSec: s.bytes / 1e6 / cpuSecs, p50us: pct(0.5), p99us: pct(0.99) };
  });
}

type PolicyModule = typeof policyApi;
type Re2Module = typeof re2Api;

/** The engine at PARLEY_BENCH_BASELINE, if set, compiled with the same pack. */
async function baselineEngine(packText: string): Promise<Engine | null> {
  const dir = process.env.PARLEY_BENCH_BASELINE;
  if (dir === undefined || dir === '') return null;
  const url = (path: string): string => pathToFileURL(join(resolve(dir), path)).href;
  const old = await import(url('src/policy/index.ts')) as PolicyModule;
  const re2 = await import(url('src/policy/regex-re2.ts')) as Re2Module;
  const policy = old.compilePolicy(old.parsePolicyPack(packText), { regex: re2.re2RegexEngine });
  const ctx = { roles: [], personType: 'employee', conversationType: 'direct' as const };
  return { name: `parley baseline (${process.env.PARLEY_BENCH_BASELINE_LABEL ?? dir})`, fn: (t) => old.evaluate(policy, { text: t }, ctx) };
}

async function main(): Promise<void> {
  const packText = readFileSync(join(root, 'policies', 'wvot-po1010.yaml'), 'utf8');
  const policy = compilePolicy(parsePolicyPack(packText), { regex: re2RegexEngine });
  const baseline = await baselineEngine(packText);
  const ctx = { roles: [], personType: 'employee', conversationType: 'direct' as const };
  const redactor = new SyncRedactor();
  const openRedaction = new OpenRedaction();
  const r = rng(1010);
  const results: Result[] = [];
  for (const size of [200, 4096]) {
    const msgs = Array.from({ length: 2000 }, () => message(size, r));
    const ms = quick ? 300 : 3000;
    results.push(...measureAll(size, msgs, [
      { name: 'parley (WVOT pack)', fn: (t) => evaluate(policy, { text: t }, ctx) },
      { name: 'redact-pii SyncRedactor', fn: (t) => redactor.redact(t) },
      { name: '@openredaction/openredaction', fn: (t) => openRedaction.detect(t) },
      ...(baseline === null ? [] : [baseline]),
    ], ms));
  }
  const cpu = cpus()[0]?.model ?? 'unknown';
  const lines = [
    '## Content-policy engine', '',
    `Machine: ${availableParallelism()} cores (nproc), CPU "${cpu}", Node ${process.version}. One process, one thread, run ${new Date().toISOString().slice(0, 10)};`,
    `load average at the end of the run ${loadavg().map((x) => x.toFixed(1)).join(' / ')} (other work shared the machine, so absolute figures are noisy; ratios come from the same run).`,
    'Method: 2000 generated business-chat messages per size (seeded generator; one word in 25 is replaced by a snippet',
    'with an SSN, card, phone, e-mail, name, street, marking or profanity, so most messages carry one). Each engine first',
    `runs ${WARMUP_MS / 1000} s untimed (JIT warm-up); then the engines take turns of ${BATCH_MS} ms each until each has spent ${quick ? 0.3 : 3} s inside`,
    'its calls (wall time per call from performance.now, CPU time per turn from process.cpuUsage), so load from other work',
    'falls on all of them alike. The engines share one heap: the young generation is emptied before each turn (node',
    '--expose-gc, outside the timed region), so each pays for collecting its own garbage and never for another\'s, and the',
    'harness keeps its latencies off-heap. parley runs the full WVOT-PO1010 pack (every detector, RE2 for admin patterns);',
    'the others run their default configuration (redact-pii: SyncRedactor.redact; openredaction: new OpenRedaction().detect).', '',
    'msgs/s and MB/s (CPU) are per CPU-second of the process while that engine ran (one core; includes GC threads); msgs/s (wall) is per second',
    'spent inside the calls; p50/p99 are wall-clock latencies per call.', '',
    '| engine | size | msgs/s (CPU) | MB/s (CPU) | msgs/s (wall) | p50 µs | p99 µs |', '|---|---:|---:|---:|---:|---:|---:|',
    ...results.map((x) => `| ${x.name} | ${x.size} B | ${x.msgsPerCpuSec.toFixed(0)} | ${x.mbPerCpuSec.toFixed(2)} | ${x.msgsPerSec.toFixed(0)} | ${x.p50us.toFixed(1)} | ${x.p99us.toFixed(1)} |`),
    '',
  ];
  for (const size of [200, 4096]) {
    const [p, rp, or, base] = results.filter((x) => x.size === size) as [Result, Result, Result, Result | undefined];
    const vsOr = p.msgsPerCpuSec / or.msgsPerCpuSec;
    const vsRp = p.msgsPerCpuSec / rp.msgsPerCpuSec;
    const verdict = (ok: boolean): string => (ok ? 'met' : '**missed**');
    lines.push(`- ${size} B: parley is ${vsOr.toFixed(1)}× openredaction (target ≥ 20×: ${verdict(vsOr >= 20)}) and ${vsRp.toFixed(1)}× redact-pii SyncRedactor (target ≥ 2×: ${verdict(vsRp >= 2)}), messages per CPU-second.`);
    if (size === 200) lines.push(`- 200 B: parley p99 ${p.p99us.toFixed(1)} µs (target < 50 µs: ${verdict(p.p99us < 50)}).`);
    if (base !== undefined) lines.push(`- ${size} B: parley is ${(p.msgsPerCpuSec / base.msgsPerCpuSec).toFixed(2)}× ${base.name}, messages per CPU-second.`);
  }
  lines.push('');
  const section = lines.join('\n');
  console.log(section);
  const file = join(root, 'bench', 'RESULTS.md');
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n\n';
  const re = /## Content-policy engine\n[\s\S]*?(?=\n## |$)/;
  writeFileSync(file, re.test(old) ? old.replace(re, section) : `${old.trimEnd()}\n\n${section}`);
}

await main();
