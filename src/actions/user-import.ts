/**
 * Bulk import of users from CSV (RFC 4180, parsed by csv-parse). A dry run
 * checks every row and reports every problem by line number without writing;
 * the real run checks the same way and then creates every user in one
 * transaction, or writes nothing. Cells are stored as text, never evaluated:
 * a display name of "=cmd()" is a (strange) name, not a formula.
 */
import { parse } from 'csv-parse/sync';
import { AppError } from '../domain/errors.js';
import { PERSON_TYPES, type PersonType, type User } from '../domain/directory.js';
import { can, scopeOf } from '../domain/roles.js';
import { emailDomainAllowed, isEmail, parseDomainList } from '../domain/identity.js';
import { hashPassword, oneTimeSecret } from '../auth/password.js';
import { audit, type ActionContext, type Actor } from './context.js';
import { insertUser } from './users.js';

export const IMPORT_COLUMNS = ['username', 'displayName', 'email', 'agencyCode', 'personType'] as const;
const REQUIRED = new Set(['username', 'displayName', 'personType']);
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;
/** Control characters other than tab have no place in a name or address. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;
/** Most problems reported; past this the file is surely the wrong one. */
const MAX_PROBLEMS = 1000;
/** scrypt at the configured cost uses ~128 MiB a hash: two at a time bounds the memory. */
const HASH_CONCURRENCY = 2;

export interface ImportProblem {
  line: number;
  field?: string;
  message: string;
}

export interface ImportedUser {
  line: number;
  user: User;
  oneTimeSecret: string;
}

export interface ImportReport {
  dryRun: boolean;
  rows: number;
  problems: ImportProblem[];
  created: ImportedUser[];
}

interface Row {
  line: number;
  username: string;
  displayName: string;
  email: string | null;
  agencyId: string | null;
  personType: PersonType;
}

/** The line a record starts on: the parser reports where it ends, and a quoted cell may span lines. */
function startLine(endLine: number, raw: string): number {
  const body = raw.replace(/^[\r\n]+/, '').replace(/(\r\n|\n|\r)$/, '');
  return endLine - (body.match(/\r\n|\n|\r/g)?.length ?? 0);
}

/** Parses and checks every row against the directory; never writes. `actor` null is the operator's CLI, which holds the database anyway. */
async function check(ctx: ActionContext, actor: Actor | null, csv: string): Promise<{ rows: Row[]; count: number; problems: ImportProblem[] }> {
  const problems: ImportProblem[] = [];
  const report = (p: ImportProblem) => {
    // The parser may raise the same error twice for one record; report it once.
    const repeat = problems.some((q) => q.line === p.line && q.field === p.field && q.message === p.message);
    if (!repeat && problems.length < MAX_PROBLEMS) problems.push(p);
  };
  let records: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    records = parse(csv, {
      bom: true, info: true, raw: true, skip_empty_lines: true, relax_column_count: true, skip_records_with_error: true,
      on_skip: (err) => {
        if (err) report({ line: (err as { lines?: number }).lines ?? 0, message: `The CSV is malformed here: ${err.message.replace(/ at line \d+.*$/, '')}.` });
      },
    }) as unknown as typeof records;
  } catch (e) {
    // Errors that stop the parser outright (none expected with skip_records_with_error) are still a report, not a crash.
    report({ line: (e as { lines?: number }).lines ?? 0, message: `The CSV cannot be read: ${(e as Error).message}` });
    return { rows: [], count: 0, problems };
  }
  const [header, ...body] = records;
  if (!header) {
    report({ line: 1, message: `The file is empty; the first line must name the columns: ${IMPORT_COLUMNS.join(',')}.` });
    return { rows: [], count: 0, problems };
  }
  const columns = header.record.map((h) => h.trim());
  const index = new Map<string, number>();
  for (const [i, name] of columns.entries()) {
    const known = IMPORT_COLUMNS.find((c) => c.toLowerCase() === name.toLowerCase());
    if (!known) report({ line: 1, field: name.slice(0, 64), message: `Unknown column "${name.slice(0, 64)}"; the columns are ${IMPORT_COLUMNS.join(', ')}.` });
    else if (index.has(known)) report({ line: 1, field: known, message: `The column ${known} appears twice.` });
    else index.set(known, i);
  }
  for (const c of REQUIRED) if (!index.has(c)) report({ line: 1, field: c, message: `The required column ${c} is missing.` });
  if (problems.length > 0) return { rows: [], count: body.length, problems };
  if (body.length > ctx.config.userImportMaxRows) {
    report({ line: 0, message: `The file has ${body.length} rows; at most ${ctx.config.userImportMaxRows} may be imported at once.` });
    return { rows: [], count: body.length, problems };
  }

  const allowed = parseDomainList(ctx.config.allowedEmailDomains);
  const agencies = new Map((await ctx.store.agencies.list({})).map((a) => [a.code, a.id]));
  const seen = new Map<string, number>();
  const rows: Row[] = [];
  for (const r of body) {
    const line = startLine(r.info.lines, r.raw);
    const cell = (c: (typeof IMPORT_COLUMNS)[number]) => (index.has(c) ? (r.record[index.get(c)!] ?? '').trim() : '');
    const before = problems.length;
    const bad = (field: string, message: string) => report({ line, field, message });
    if (r.record.length !== columns.length) bad('(row)', `The row has ${r.record.length} cells; the header has ${columns.length}.`);
    for (const c of IMPORT_COLUMNS) if (CONTROL.test(cell(c))) bad(c, `${c} contains a control character.`);
    for (const c of REQUIRED) if (cell(c as (typeof IMPORT_COLUMNS)[number]) === '') bad(c, `${c} is missing.`);

    const username = cell('username').toLowerCase();
    if (username && !USERNAME.test(username)) bad('username', 'username must be 2-64 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit.');
    else if (username && seen.has(username)) bad('username', `${username} is already on line ${seen.get(username)} of this file.`);
    else if (username && (await ctx.store.users.getByUsername(username))) bad('username', `${username} already exists in the directory.`);
    if (username && !seen.has(username)) seen.set(username, line);

    const displayName = cell('displayName');
    if (displayName.length > 128) bad('displayName', 'displayName is longer than 128 characters.');
    const email = cell('email').toLowerCase() || null;
    if (email && !isEmail(email)) bad('email', `"${email.slice(0, 254)}" is not an e-mail address.`);
    else if (email && !emailDomainAllowed(email, allowed)) bad('email', `${email} is not in an allowed e-mail domain (§4.1).`);
    const personType = cell('personType');
    if (personType && !(PERSON_TYPES as readonly string[]).includes(personType)) bad('personType', `personType must be one of ${PERSON_TYPES.join(', ')} (§8.3).`);
    const code = cell('agencyCode').toUpperCase();
    const agencyId = code ? agencies.get(code) : null;
    if (agencyId === undefined) bad('agencyCode', `There is no agency ${code.slice(0, 16)}.`);
    else if (actor && !can(actor.principal, 'user.create', { agencyId })) bad('agencyCode', `You may not create users in ${code || 'no agency'}.`);

    if (problems.length === before) rows.push({ line, username, displayName, email, agencyId: agencyId ?? null, personType: personType as PersonType });
  }
  return { rows, count: body.length, problems };
}

/** Checks the file and, unless it is a dry run, creates every user in one transaction. A real run with problems throws `import_rejected`. */
export async function importUsers(ctx: ActionContext, actor: Actor | null, csv: string, options: { dryRun: boolean }): Promise<ImportReport> {
  const scope = actor ? scopeOf(actor.principal, 'user.create') : 'all';
  if (scope !== 'all' && scope.length === 0) {
    throw new AppError('forbidden', 'Missing permission user.create.', { permission: 'user.create' });
  }
  const { rows, count, problems } = await check(ctx, actor, csv);
  if (options.dryRun) return { dryRun: true, rows: count, problems, created: [] };
  if (problems.length > 0) throw new AppError('import_rejected', `The import has ${problems.length} problem(s); nothing was written.`, { problems });

  // Hash before the transaction: scrypt is slow by design and must not hold the write lock.
  const secrets: { secret: string; hash: string }[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i += HASH_CONCURRENCY) {
    await Promise.all(rows.slice(i, i + HASH_CONCURRENCY).map(async (_, j) => {
      const secret = oneTimeSecret();
      secrets[i + j] = { secret, hash: await hashPassword(secret, ctx.config.scryptCost) };
    }));
  }
  const created = await ctx.store.transaction(async (tx) => {
    const out: ImportedUser[] = [];
    for (const [i, row] of rows.entries()) {
      const user = await insertUser(ctx, tx, row);
      await tx.credentials.upsert({ userId: user.id, passwordHash: secrets[i]!.hash, mustChange: true, failedAttempts: 0, lockedUntil: null, updatedAt: user.createdAt });
      await audit(tx, ctx, actor, { ...(actor ? {} : { actorLabel: 'cli' }), action: 'user.create', targetType: 'user', targetId: user.id, agencyId: user.agencyId, after: { ...user, via: 'csv_import', line: row.line } });
      out.push({ line: row.line, user, oneTimeSecret: secrets[i]!.secret });
    }
    await audit(tx, ctx, actor, { ...(actor ? {} : { actorLabel: 'cli' }), action: 'user.import', targetType: 'user', after: { rows: count, created: out.length } });
    return out;
  });
  return { dryRun: false, rows: count, problems: [], created };
}
