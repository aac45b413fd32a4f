/**
 * The operator's CLI: `parley <command>`. It reads the same configuration as
 * the server (environment and PARLEY_CONFIG) and works on the same database.
 */
import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { LocalDiskBlobStore } from '../blobs/index.js';
import { InProcessWrites } from '../store/writes.js';
import { PolicyCache } from '../actions/policy.js';
import { MembershipCache } from '../actions/membership-cache.js';
import { ExtractionCache } from '../policy/extract/cache.js';
import { ConfigError, blobDirOf, loadConfig, policyPackFile } from '../config/config.js';
import { openStore } from '../store/open-store.js';
import type { ActionContext } from '../actions/context.js';
import { createSystemAdmin, ensurePolicy } from '../actions/bootstrap.js';
import { verifyAuditChain } from '../actions/audit-log.js';
import type { EventSink, PresenceReader } from '../domain/events.js';
import { TokenBuckets } from '../domain/token-buckets.js';
import scan from './commands/scan.js';
import { seedDemo } from '../actions/demo.js';
import { AppError } from '../domain/errors.js';
import { csvRow } from '../domain/identity.js';
import { importUsers, type ImportProblem } from '../actions/user-import.js';
import { approveDeviceAsOperator } from '../actions/devices.js';

export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env?: Record<string, string | undefined>;
}

type Command = (args: string[], io: CliIo) => Promise<number>;

const USAGE = `Usage: parley <command>

Commands:
  admin create [--username NAME]   create a system administrator and print a one-time secret
  audit verify [--json]            verify the audit log's hash chain; exit 1 at the first break
  migrate                          bring the database schema up to date
  demo [--force]                   seed a small State deployment with people, conversations and a few policy violations
  scan [FILE] [--policy PACK]      check JSON lines {"id","text"} against the policy pack; one JSON line out per line in
  devices pending                  list devices waiting for approval (id, person, fingerprint, first seen)
  devices approve ID               approve a pending device (when no administrator can: a lost laptop, a restore)
  users import FILE [--dry-run]    import users from a CSV file; --dry-run reports every bad row and writes
                                   nothing; otherwise prints username,oneTimeSecret as CSV on stdout
  help                             show this text

Configuration comes from the environment (DATABASE_URL, PARLEY_DATA_DIR, ...)
and the optional JSON file named by PARLEY_CONFIG; see the README.
`;

const line = (stream: NodeJS.WritableStream, text: string) => stream.write(`${text}\n`);

async function withStore<T>(io: CliIo, fn: (ctx: ActionContext) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env ?? process.env);
  const store = await openStore(config);
  try {
    // The CLI holds no live connections: events it causes have no one to reach here.
    const events: EventSink = { publish: () => undefined, endSessions: () => undefined };
    const presence: PresenceReader = { presenceOf: async (ids) => ids.map((userId) => ({ userId, status: 'offline' as const, lastSeenAt: null })) };
    const messageLimiter = new TokenBuckets(config.messageBurst, config.messageRatePerSecond, Date.now);
    const blobs = new LocalDiskBlobStore(blobDirOf(config));
    return await fn({
      store, config, now: Date.now, events, presence, messageLimiter, blobs, writes: new InProcessWrites(store), policyCache: new PolicyCache(),
      extractions: new ExtractionCache(config.extractCacheMaxChars), membership: new MembershipCache(),
      requestId: null, ip: null, userAgent: 'parley-cli',
    });
  } finally {
    await store.close();
  }
}

const adminCreate: Command = async (args, io) => {
  const { values } = parseArgs({ args, options: { username: { type: 'string' } }, strict: true });
  if (values.username !== undefined && !/^[a-z0-9][a-z0-9._-]{1,63}$/.test(values.username)) {
    line(io.stderr, 'parley: --username must be 2-64 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit');
    return 2;
  }
  const created = await withStore(io, (ctx) => createSystemAdmin(ctx, values.username));
  line(io.stdout, `System administrator created.\n  username:        ${created.username}\n  one-time secret: ${created.secret}\nSign in with it once; you will be asked to set a new password.`);
  return 0;
};

const auditVerify: Command = async (args, io) => {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } }, strict: true });
  const result = await withStore(io, (ctx) => verifyAuditChain(ctx.store));
  if (values.json) line(io.stdout, JSON.stringify(result));
  else if (result.ok) line(io.stdout, `audit log OK: ${result.checked} entries, head ${result.head.seq} ${result.head.hash}`);
  else {
    const b = result.firstBreak!;
    line(io.stdout, `audit log BROKEN at entry ${b.seq} (${b.problem}): ${b.detail}. ${result.checked} entries before it verified.`);
  }
  return result.ok ? 0 : 1;
};

const migrate: Command = async (_args, io) => {
  await withStore(io, async () => undefined);
  line(io.stdout, 'database schema is up to date');
  return 0;
};

const usersImport: Command = async (args, io) => {
  const { values, positionals } = parseArgs({ args, options: { 'dry-run': { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) {
    line(io.stderr, 'parley: users import takes one FILE');
    return 2;
  }
  const dryRun = values['dry-run'] === true;
  const result = await withStore(io, async (ctx) => {
    const file = positionals[0]!;
    if ((await stat(file)).size > ctx.config.userImportMaxBytes) throw new Error(`${file} is larger than ${ctx.config.userImportMaxBytes} bytes (PARLEY_USER_IMPORT_MAX_BYTES)`);
    let csv: string;
    try {
      csv = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(file));
    } catch (e) {
      if (e instanceof TypeError) throw new Error(`${file} is not valid UTF-8; save it as UTF-8 and try again`);
      throw e;
    }
    try {
      return await importUsers(ctx, null, csv, { dryRun });
    } catch (e) {
      if (e instanceof AppError && e.code === 'import_rejected') return { dryRun, rows: 0, problems: e.data?.problems as ImportProblem[], created: [] };
      throw e;
    }
  });
  for (const p of result.problems) line(io.stderr, `line ${p.line}${p.field ? ` (${p.field})` : ''}: ${p.message}`);
  if (result.problems.length > 0) {
    line(io.stderr, `${result.problems.length} problem(s); nothing was written.`);
    return 1;
  }
  if (dryRun) {
    line(io.stderr, `${result.rows} row(s) checked; no problems. Nothing was written (dry run).`);
    return 0;
  }
  // The secrets go to stdout as CSV for distribution; every cell is neutralized against spreadsheet formulas.
  io.stdout.write(csvRow(['username', 'displayName', 'oneTimeSecret']));
  for (const c of result.created) io.stdout.write(csvRow([c.user.username, c.user.displayName, c.oneTimeSecret]));
  line(io.stderr, `${result.created.length} user(s) created; each must replace the one-time secret at first sign-in.`);
  return 0;
};

const demo: Command = async (args, io) => {
  const { values } = parseArgs({ args, options: { force: { type: 'boolean' } }, strict: true });
  const result = await withStore(io, async (ctx) => {
    if (!values.force && (await ctx.store.agencies.list({})).length > 0) return null;
    await ensurePolicy(ctx, await readFile(policyPackFile(ctx.config), 'utf8'));
    // The demo sends many messages at once: give it its own, larger allowance.
    return seedDemo({ ...ctx, messageLimiter: new TokenBuckets(10_000, 10_000, Date.now) });
  });
  if (!result) {
    line(io.stderr, 'parley: this database already has agencies; the demo seeds only an empty deployment (use --force to add it anyway)');
    return 1;
  }
  line(io.stdout, [
    `Demo seeded: ${result.agencies} agencies, ${result.users} people, ${result.sent} messages sent, ${result.refused} refused by the policy.`,
    `  Every demo person signs in with the password: ${result.password}`,
    `  ${result.reviewer} is a compliance reviewer, ${result.auditor} an auditor; the others are listed on the console's Users page.`,
    '  A statewide administrator was made too:',
    `    username: ${result.adminUsername}   one-time secret: ${result.adminSecret}`,
  ].join('\n'));
  return 0;
};

const devicesPending: Command = async (args, io) => {
  parseArgs({ args, options: {}, strict: true });
  const rows = await withStore(io, async (ctx) => {
    const devices = await ctx.store.devices.list({ status: 'pending', limit: 1000 });
    const out: string[] = [];
    for (const d of devices) {
      const user = await ctx.store.users.get(d.userId);
      out.push([d.id, user?.username ?? d.userId, d.fingerprint.slice(0, 16), new Date(d.firstSeenAt).toISOString(), d.addresses[0] ?? '-', d.name].join('\t'));
    }
    return out;
  });
  for (const r of rows) line(io.stdout, r);
  line(io.stderr, `${rows.length} device(s) waiting for approval.`);
  return 0;
};

const devicesApprove: Command = async (args, io) => {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  if (positionals.length !== 1) {
    line(io.stderr, 'parley: devices approve takes one device ID (see `parley devices pending`)');
    return 2;
  }
  const device = await withStore(io, (ctx) => approveDeviceAsOperator(ctx, positionals[0]!));
  line(io.stdout, `approved device ${device.id} (${device.name}, fingerprint ${device.fingerprint.slice(0, 16)})`);
  return 0;
};

const COMMANDS: Record<string, Command> = {
  'devices pending': devicesPending,
  'devices approve': devicesApprove,
  'admin create': adminCreate,
  'audit verify': auditVerify,
  migrate,
  scan,
  demo,
  'users import': usersImport,
};

/** Runs one command; returns the exit code. Errors are reported, never thrown. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    io.stdout.write(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  const two = argv.slice(0, 2).join(' ');
  const [name, rest] = COMMANDS[two] ? [two, argv.slice(2)] : [argv[0]!, argv.slice(1)];
  const command = COMMANDS[name];
  if (!command) {
    line(io.stderr, `parley: unknown command "${argv.slice(0, 2).join(' ')}"\n`);
    io.stderr.write(USAGE);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (e) {
    // Bad arguments and bad configuration are the operator's to fix: exit 2.
    const usage = e instanceof ConfigError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    line(io.stderr, `parley: ${e instanceof Error ? e.message : String(e)}`);
    return usage ? 2 : 1;
  }
}
