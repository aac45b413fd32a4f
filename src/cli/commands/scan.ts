// `parley scan [--policy FILE] [INPUT]`: reads JSON lines {"id","text"} from
// INPUT or stdin and writes one JSON line per input with the decision and
// every finding. A bad line yields {"line": N, "error": "..."} and the run goes
// on. Exit code: 0 when every line was scanned, 1 when some line was bad,
// 2 on a usage or policy error.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { compilePolicy, evaluate, parsePolicyPack, PolicyPackError } from '../../policy/index.js';
import { re2RegexEngine } from '../../policy/regex-re2.js';
import type { CompiledPolicy, EvaluationContext } from '../../policy/index.js';

export interface ScanIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const DEFAULT_POLICY = join(PACKAGE_ROOT, 'policies', 'wvot-po1010.yaml');
const USAGE = 'usage: parley scan [--policy FILE] [INPUT.jsonl]\n';
// The CLI scans as an ordinary employee in a direct conversation: the most common case.
const CONTEXT: EvaluationContext = { roles: [], personType: 'employee', conversationType: 'direct' };

interface Options { policy: string; input?: string }

function parseArgs(args: string[]): Options | string {
  const opts: Options = { policy: DEFAULT_POLICY };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--policy') {
      const v = args[++i];
      if (v === undefined) return '--policy needs a file';
      opts.policy = v;
    } else if (a.startsWith('--policy=')) opts.policy = a.slice('--policy='.length);
    else if (a === '-h' || a === '--help') return '';
    else if (a.startsWith('-') && a !== '-') return `unknown option ${a}`;
    else if (opts.input !== undefined) return 'only one input file';
    else if (a !== '-') opts.input = a;
  }
  return opts;
}

async function loadPolicy(path: string): Promise<CompiledPolicy> {
  const source = await readFile(path, 'utf8');
  const format = path.endsWith('.json') ? 'json' : 'yaml';
  return compilePolicy(parsePolicyPack(source, format), { regex: re2RegexEngine });
}

/** One output line for one input line (without the newline). */
export function scanLine(policy: CompiledPolicy, line: string, lineNo: number): { out: string; ok: boolean } {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch (err) {
    return { out: JSON.stringify({ line: lineNo, error: `invalid JSON: ${(err as Error).message}` }), ok: false };
  }
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    return { out: JSON.stringify({ line: lineNo, error: 'expected an object {"id","text"}' }), ok: false };
  }
  const { id, text } = row as { id?: unknown; text?: unknown };
  if (typeof text !== 'string') return { out: JSON.stringify({ line: lineNo, error: '"text" must be a string' }), ok: false };
  if (id !== undefined && typeof id !== 'string' && typeof id !== 'number') {
    return { out: JSON.stringify({ line: lineNo, error: '"id" must be a string or a number' }), ok: false };
  }
  const decision = evaluate(policy, { text }, CONTEXT);
  // Each finding is attributed to the strongest applicable rule that uses it,
  // or, when none fired, to the first rule whose detector produced it.
  const owner = new Map<number, { rule: string; section: string; category: string }>();
  for (const hit of decision.rules) {
    for (const i of hit.findings) {
      if (!owner.has(i)) owner.set(i, { rule: hit.rule, section: hit.sections[0] ?? '', category: hit.category });
    }
  }
  const findings = decision.findings.map((f, i) => {
    let o = owner.get(i);
    if (o === undefined) {
      const r = policy.rules.find((cr) => cr.triggers.some((t) => t.detectorKey === f.detector));
      o = { rule: r?.rule.id ?? '', section: r?.rule.sections[0] ?? '', category: r?.rule.category ?? '' };
    }
    return { rule: o.rule, section: o.section, category: o.category, type: f.type, start: f.start, end: f.end,
      score: Math.round(f.score * 100) / 100 };
  });
  return { out: JSON.stringify({ id: id ?? null, action: decision.action, findings }), ok: true };
}

export default async function scan(args: string[], io: ScanIo): Promise<number> {
  const opts = parseArgs(args);
  if (typeof opts === 'string') {
    io.stderr.write(opts === '' ? USAGE : `parley scan: ${opts}\n${USAGE}`);
    return opts === '' ? 0 : 2;
  }
  let policy: CompiledPolicy;
  try {
    policy = await loadPolicy(opts.policy);
  } catch (err) {
    const detail = err instanceof PolicyPackError ? err.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n') : `  ${(err as Error).message}`;
    io.stderr.write(`parley scan: cannot load policy ${opts.policy}\n${detail}\n`);
    return 2;
  }
  const input = opts.input === undefined ? io.stdin : createReadStream(opts.input, 'utf8');
  let failed = false;
  let lineNo = 0;
  try {
    const lines = createInterface({ input, crlfDelay: Infinity });
    for await (const line of lines) {
      lineNo++;
      if (line.trim() === '') continue;
      const { out, ok } = scanLine(policy, line, lineNo);
      failed ||= !ok;
      // Respect back-pressure so a large input does not pile up in memory.
      if (!io.stdout.write(out + '\n')) await new Promise((r) => io.stdout.once('drain', r));
    }
  } catch (err) {
    io.stderr.write(`parley scan: cannot read ${opts.input ?? 'stdin'}: ${(err as Error).message}\n`);
    return 2;
  }
  return failed ? 1 : 0;
}
