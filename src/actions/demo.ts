/**
 * `parley demo`: seeds a small State deployment so a newcomer sees a living
 * system at once: agencies, people of every §8.3 person type, channels, groups
 * and direct conversations with ordinary business traffic, and a few messages
 * that the policy flags, redacts, warns about or blocks. Everything goes through
 * the same actions as real use, so it is screened and audited like real use.
 */
import { randomBytes } from 'node:crypto';
import { PERSON_TYPES, type PersonType } from '../domain/directory.js';
import { isAppError } from '../domain/errors.js';
import { hashPassword } from '../auth/password.js';
import type { ActionContext, Actor } from './context.js';
import { loadPrincipal } from './principal.js';
import { createSystemAdmin } from './bootstrap.js';
import { createAgency } from './agencies.js';
import { setEnrollmentPolicy } from './devices.js';
import { createUser, grantRole } from './users.js';
import { acknowledgePolicy, currentPolicy } from './policy.js';
import { addMembers, createChannel, createGroup, openDirect } from './conversations.js';
import { sendMessage } from './messages.js';

const AGENCIES = [
  { code: 'WVOT', name: 'Office of Technology' },
  { code: 'DOH', name: 'Division of Highways' },
  { code: 'DHHR', name: 'Health and Human Resources' },
  { code: 'DEP', name: 'Environmental Protection' },
];
const FIRST = ['Ann', 'Ben', 'Cara', 'Dev', 'Eli', 'Fay', 'Gus', 'Hana', 'Ivan', 'Jo', 'Kim', 'Lee', 'Mia', 'Ned', 'Ola', 'Pat', 'Quinn', 'Rosa', 'Sam', 'Tess', 'Uma', 'Vic', 'Wes', 'Xena', 'Yuri', 'Zoe', 'Abe', 'Bea', 'Cy', 'Dot', 'Ed', 'Flo'];
const LAST = ['Adkins', 'Boggs', 'Carper', 'Dotson', 'Estep', 'Frame', 'Gandee', 'Hatfield', 'Ice', 'Jarrell', 'Kincaid', 'Lilly', 'McCoy', 'Nutter', 'Osborne', 'Pauley'];

/** Ordinary traffic, and (last) a few messages the WVOT-PO1010 pack acts on. */
const TRAFFIC = [
  'Morning all, the bridge inspection schedule for next week is posted on the shared drive.',
  'Can someone confirm the meeting room for the 2 pm budget review?',
  'Route 19 resurfacing is on hold until the asphalt delivery arrives Thursday.',
  'Thanks, I will update the tracker and send the summary to the deputy secretary.',
  'Quick question: does the grant report need the county breakdown or just totals?',
  'Just totals for this quarter; the county detail goes in the annual report.',
  'The permit review for the Elk River site is complete, two conditions attached.',
  'I am out of the office Friday; Rosa is covering the help desk queue.',
  'Reminder: timesheets are due by noon tomorrow.',
  'Can we brainstorm options for the snow removal contract before the vendor call?',
];
const VIOLATIONS = [
  { text: 'Call me at 304-555-0143 when you get the file.' },
  { text: 'Mail the forms to 1200 Kanawha Blvd E, Charleston WV 25305.' },
  { text: 'This memo is marked CONFIDENTIAL, please keep it internal.', justification: 'Internal distribution to my own unit only' },
  { text: "Her SSN is 536-22-1234, can you update the claim?" },
];

export interface DemoResult {
  agencies: number;
  users: number;
  password: string;
  sent: number;
  refused: number;
  adminUsername: string;
  adminSecret: string;
  reviewer: string;
  auditor: string;
}

async function actorFor(ctx: ActionContext, userId: string): Promise<Actor> {
  const user = (await ctx.store.users.get(userId))!;
  return { user, principal: await loadPrincipal(ctx.store, user), sessionId: null };
}

export async function seedDemo(ctx: ActionContext, options: { people?: number } = {}): Promise<DemoResult> {
  const admin = await createSystemAdmin(ctx, `demo-admin-${randomBytes(2).toString('hex')}`);
  const adminUser = (await ctx.store.users.getByUsername(admin.username))!;
  const root = await actorFor(ctx, adminUser.id);
  const password = `demo-${randomBytes(9).toString('base64url')}`;
  const passwordHash = await hashPassword(password, ctx.config.scryptCost);
  const agencies = [];
  for (const a of AGENCIES) agencies.push(await createAgency(ctx, root, a));
  // §5.3.8: browsers on this machine are approved at enrollment, so a newcomer can sign in as anyone at once;
  // from elsewhere a device still waits for a security administrator (each agency has one).
  await setEnrollmentPolicy(ctx, root, '*', { mode: 'approval', networks: ['127.0.0.0/8', '::1/128'], caCertificates: [] });

  const people: Actor[] = [];
  const count = options.people ?? 32;
  for (let i = 0; i < count; i++) {
    const agency = agencies[i % agencies.length]!;
    const personType: PersonType = PERSON_TYPES[i % PERSON_TYPES.length]!;
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[(i * 7) % LAST.length]!;
    const { user } = await createUser(ctx, root, {
      username: `${first}.${last}`.toLowerCase(), displayName: `${first} ${last}`, email: null, agencyId: agency.id, personType,
    });
    // One shared demo password, printed once, so a newcomer can sign in as anyone.
    await ctx.store.credentials.upsert({ userId: user.id, passwordHash, mustChange: false, failedAttempts: 0, lockedUntil: null, updatedAt: ctx.now() });
    people.push(await actorFor(ctx, user.id));
  }
  // Staff: a reviewer and an auditor statewide, an administrator per agency.
  await grantRole(ctx, root, people[0]!.user.id, { role: 'compliance_reviewer', agencyId: null });
  await grantRole(ctx, root, people[1]!.user.id, { role: 'auditor', agencyId: null });
  for (const [i, agency] of agencies.entries()) await grantRole(ctx, root, people[i + 4]!.user.id, { role: 'agency_admin', agencyId: agency.id });
  for (const [i, agency] of agencies.entries()) await grantRole(ctx, root, people[i + 8]!.user.id, { role: 'security_admin', agencyId: agency.id });

  const policy = await currentPolicy(ctx);
  for (let i = 0; i < people.length; i++) {
    await acknowledgePolicy(ctx, people[i]!, policy.id);
    people[i] = await actorFor(ctx, people[i]!.user.id);
  }

  let sent = 0;
  let refused = 0;
  const say = async (actor: Actor, conversationId: string, text: string, justification?: string) => {
    try {
      await sendMessage(ctx, actor, { conversationId, clientId: `demo-${randomBytes(8).toString('hex')}`, body: text, ...(justification ? { justification } : {}) });
      sent++;
    } catch (e) {
      if (!isAppError(e)) throw e;
      refused++;
    }
  };
  for (const [i, agency] of agencies.entries()) {
    const members = people.filter((p) => p.user.agencyId === agency.id);
    const owner = members[0]!;
    const channel = await createChannel(ctx, owner, { name: 'general', topic: `${agency.name}: day-to-day`, agencyId: agency.id });
    for (const m of members.slice(1)) await addMembers(ctx, m, channel.id, [m.user.id]);
    for (let k = 0; k < TRAFFIC.length; k++) await say(members[k % members.length]!, channel.id, TRAFFIC[(k + i) % TRAFFIC.length]!);
  }
  const group = await createGroup(ctx, people[2]!, { name: 'Snow removal planning', memberIds: people.slice(3, 9).map((p) => p.user.id) });
  for (let k = 0; k < 6; k++) await say(people[2 + (k % 6)]!, group.id, TRAFFIC[(k + 3) % TRAFFIC.length]!);
  for (let k = 0; k < 6; k++) {
    const a = people[(k * 3) % people.length]!;
    const b = people[(k * 3 + 5) % people.length]!;
    const dm = await openDirect(ctx, a, b.user.id);
    await say(a, dm.id, TRAFFIC[k % TRAFFIC.length]!);
    await say(b, dm.id, TRAFFIC[(k + 1) % TRAFFIC.length]!);
    const v = VIOLATIONS[k % VIOLATIONS.length]!;
    await say(a, dm.id, v.text, v.justification);
  }
  return {
    agencies: agencies.length, users: people.length, password, sent, refused, adminUsername: admin.username, adminSecret: admin.secret,
    reviewer: people[0]!.user.username, auditor: people[1]!.user.username,
  };
}
