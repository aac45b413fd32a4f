/** A real Parley server in its own process, for scale-out and crash tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface NodeProcess {
  url: string;
  proc: ChildProcess;
  output: string[];
  /** The first administrator's one-time secret, when this start created one. */
  adminSecret: string | null;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

/** Starts `src/main.ts` on a random port and waits until it listens. */
export async function startNode(env: Record<string, string>): Promise<NodeProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', PARLEY_SCRYPT_COST: '1024', NODE_ENV: 'test', PARLEY_DEVICE_ENROLLMENT: 'open', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let adminSecret: string | null = null;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not start:\n${output.join('\n')}`)), 20_000);
    const onLine = (line: string) => {
      output.push(line);
      const secret = /one-time secret: (\S+)/.exec(line);
      if (secret) adminSecret = secret[1]!;
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (listening) {
        clearTimeout(timer);
        resolve(listening[1]!);
      }
    };
    let buf = '';
    const feed = (chunk: Buffer) => {
      buf += chunk.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      lines.forEach(onLine);
    };
    proc.stdout!.on('data', feed);
    proc.stderr!.on('data', feed);
    proc.once('exit', (code) => reject(new Error(`node exited with ${code}:\n${output.join('\n')}`)));
  });
  return {
    url,
    proc,
    output,
    adminSecret,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}
