/** Shared measurement helpers for the benchmarks: child servers, RSS, percentiles, the machine. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Child {
  proc: ChildProcess;
  lines: string[];
  stop(): Promise<void>;
}

/** Starts a TypeScript entry in its own process and waits for a stdout line matching `ready`. */
export async function startChild(entry: string, env: Record<string, string>, ready: RegExp): Promise<{ child: Child; match: RegExpExecArray }> {
  // BENCH_PROFILE=dir writes a CPU profile of each server to that directory.
  const profile = process.env.BENCH_PROFILE ? [`--cpu-prof`, `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const proc = spawn(process.execPath, [...profile, '--import', 'tsx', entry], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start:\n${lines.join('\n')}`)), 30_000);
    let buf = '';
    const feed = (chunk: Buffer) => {
      buf += chunk.toString();
      const parts = buf.split('\n');
      buf = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        const m = ready.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m);
        }
      }
    };
    proc.stdout!.on('data', feed);
    proc.stderr!.on('data', feed);
    proc.once('exit', (code) => reject(new Error(`${entry} exited ${code}:\n${lines.join('\n')}`)));
  });
  return {
    child: {
      proc, lines,
      async stop() {
        if (proc.exitCode === null) proc.kill('SIGTERM');
        const force = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(force);
      },
    },
    match,
  };
}

/** Resident set size of a process in bytes. */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status);
  return kb ? Number(kb[1]) * 1024 : NaN;
}

/** CPU time (user + system) a process has used so far, in milliseconds, from /proc (clock-tick resolution). */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100;

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
