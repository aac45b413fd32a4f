/**
 * Authorized devices (§5.3.8): enrollment, approval and revocation, and each
 * agency's enrollment policy. A session proves its device by signing its own
 * CSRF token with the device key; until the device is approved the session
 * can do nothing but wait (deviceGate).
 */
import { BlockList } from 'node:net';
import { AppError } from '../domain/errors.js';
import { authorize, can, scopeOf } from '../domain/roles.js';
import {
  DEFAULT_ENROLLMENT, MAX_CA_CERTIFICATES, MAX_NETWORKS, decideEnrollment, parseCidr, plainAddress, withAddress,
  type Device, type DeviceStatus, type EnrollmentPolicy,
} from '../domain/devices.js';
import { certificateVouchesFor, parseCertificate, parseDevicePublicKey, verifyDeviceProof } from '../auth/device-keys.js';
import { isStoreError } from '../store/errors.js';
import { describeAgent } from '../domain/user-agent.js';
import type { Store } from '../store/store.js';
import { audit, newId, type ActionContext, type Actor } from './context.js';
import type { Authenticated } from './sign-in.js';

/** Roles whose holders can approve devices: while none of them has an approved device, the first system administrator's is approved. */
const APPROVER_ROLES = ['system_admin', 'security_admin'];
const STATEWIDE = '*';

/** Why a session may not act yet, or null when its device is approved. */
export function deviceGate(auth: Pick<Authenticated, 'device'>): AppError | null {
  if (!auth.device) return new AppError('device_required');
  if (auth.device.status === 'pending') {
    return new AppError('device_pending', undefined, { deviceId: auth.device.id, fingerprint: auth.device.fingerprint });
  }
  if (auth.device.status === 'revoked') return new AppError('device_revoked');
  return null;
}

/** The policy that governs an agency's new devices: its own, else the statewide one, else the configured default. */
export async function effectiveEnrollmentPolicy(ctx: ActionContext, store: Store, agencyId: string | null): Promise<EnrollmentPolicy> {
  const own = agencyId ? await store.devices.enrollmentPolicy(agencyId) : null;
  const policy = own ?? (await store.devices.enrollmentPolicy(STATEWIDE));
  if (policy) return { mode: policy.mode, networks: policy.networks, caCertificates: policy.caCertificates };
  return { ...DEFAULT_ENROLLMENT, mode: ctx.config.deviceEnrollment };
}

function onNetworks(ip: string | null, networks: readonly string[]): boolean {
  const addr = ip ? plainAddress(ip) : null;
  if (!addr || networks.length === 0) return false;
  const list = new BlockList();
  for (const n of networks) {
    const cidr = parseCidr(n);
    list.addSubnet(cidr.address, cidr.prefix, cidr.family);
  }
  return list.check(addr.address, addr.family);
}

export interface EnrollInput {
  publicKey: string;
  signature: string;
  name?: string;
  certificate?: string;
}

/**
 * Binds the caller's session to the device whose key signed the session's
 * CSRF token. A known key is the same device again; a new key becomes a new
 * device, pending or approved by the agency's enrollment policy. A revoked
 * device ends the session.
 */
export async function enrollDevice(ctx: ActionContext, auth: Authenticated, input: EnrollInput, retried = false): Promise<Device> {
  const key = parseDevicePublicKey(input.publicKey);
  verifyDeviceProof(key, auth.session.csrfToken, input.signature);
  const { store } = ctx;
  const now = ctx.now();
  const user = auth.user;

  if (auth.session.deviceId) {
    const bound = await store.devices.get(auth.session.deviceId);
    if (bound && bound.fingerprint === key.fingerprint) return bound;
    throw new AppError('conflict', 'This session is already bound to another device; sign in again to use this one.');
  }

  const known = await store.devices.getByFingerprint(user.id, key.fingerprint);
  if (known?.status === 'revoked') {
    await store.transaction(async (tx) => {
      await tx.sessions.revoke(auth.session.id, now, 'device_revoked');
      await audit(tx, ctx, auth, { action: 'device.refused', targetType: 'device', targetId: known.id, agencyId: known.agencyId, after: { sessionId: auth.session.id } });
    });
    ctx.events.endSessions([{ id: auth.session.id, userId: user.id }], 'device_revoked');
    throw new AppError('device_revoked');
  }
  if (known) {
    await store.transaction(async (tx) => {
      await tx.sessions.bindDevice(auth.session.id, known.id);
      await tx.devices.touch(known.id, now, withAddress(known.addresses, ctx.ip));
    });
    return { ...known, lastSeenAt: now, addresses: withAddress(known.addresses, ctx.ip) };
  }

  const policy = await effectiveEnrollmentPolicy(ctx, store, user.agencyId);
  const certificateValid = input.certificate !== undefined && policy.caCertificates.length > 0
    && certificateVouchesFor(input.certificate, policy.caCertificates, key, now);
  const name = (input.name?.trim() || describeAgent(ctx.userAgent, 'Unnamed device')).slice(0, 100);
  try {
    return await store.transaction(async (tx) => {
      const bootstrap = auth.principal.roles.some((r) => r.role === 'system_admin')
        && (await tx.devices.countApprovedOfRoles(APPROVER_ROLES)) === 0;
      const decision = decideEnrollment({ policy, onListedNetwork: onNetworks(ctx.ip, policy.networks), certificateValid, bootstrap });
      const device: Device = {
        id: newId(),
        userId: user.id,
        agencyId: user.agencyId,
        fingerprint: key.fingerprint,
        publicKey: key.spki,
        name,
        userAgent: ctx.userAgent?.slice(0, 512) ?? null,
        status: decision.approved ? 'approved' : 'pending',
        method: decision.approved ? decision.method : 'approval',
        firstSeenAt: now,
        lastSeenAt: now,
        addresses: withAddress([], ctx.ip),
        decidedBy: null,
        decidedAt: decision.approved ? now : null,
        revokedReason: null,
      };
      await tx.devices.insert(device);
      await tx.sessions.bindDevice(auth.session.id, device.id);
      await audit(tx, ctx, auth, {
        action: 'device.enroll', targetType: 'device', targetId: device.id, agencyId: device.agencyId,
        after: {
          fingerprint: device.fingerprint, name, status: device.status, method: device.method,
          ...(input.certificate !== undefined ? { certificateAccepted: certificateValid } : {}),
        },
      });
      return device;
    });
  } catch (e) {
    // Two sessions enrolled the same new key at once: the other one made the device.
    // Once only: a second violation is not that race, and is reported as it is.
    if (isStoreError(e, 'unique_violation') && !retried) return enrollDevice(ctx, auth, input, true);
    throw e;
  }
}

/** A device the actor may act on as its owner or as a security administrator over its agency; not_found otherwise. */
async function reachableDevice(ctx: ActionContext, actor: Actor, id: string): Promise<{ device: Device; asOwner: boolean }> {
  const device = await ctx.store.devices.get(id);
  if (device && device.userId === actor.user.id) return { device, asOwner: true };
  if (!device || !can(actor.principal, 'device.manage', { agencyId: device.agencyId })) throw new AppError('not_found', 'No such device.');
  return { device, asOwner: false };
}

export async function getDevice(ctx: ActionContext, actor: Actor, id: string): Promise<Device> {
  return (await reachableDevice(ctx, actor, id)).device;
}

export async function listOwnDevices(ctx: ActionContext, actor: Actor): Promise<Device[]> {
  return ctx.store.devices.list({ userId: actor.user.id, limit: 200 });
}

export type DeviceWithOwner = Device & { owner: { username: string; displayName: string } | null };

/** Devices of the agencies the actor manages devices for, newest first, each with its owner's name. */
export async function listDevices(
  ctx: ActionContext,
  actor: Actor,
  filter: { status?: DeviceStatus; userId?: string; agencyId?: string; before?: string; limit: number },
): Promise<DeviceWithOwner[]> {
  const scope = scopeOf(actor.principal, 'device.manage');
  if (scope !== 'all' && scope.length === 0) throw new AppError('forbidden', 'Missing permission device.manage.', { permission: 'device.manage' });
  let agencyIds: string[] | undefined = scope === 'all' ? undefined : scope;
  if (filter.agencyId !== undefined) {
    authorize(actor.principal, 'device.manage', { agencyId: filter.agencyId });
    agencyIds = [filter.agencyId];
  }
  let before: { firstSeenAt: number; id: string } | undefined;
  if (filter.before !== undefined) {
    const cursor = await ctx.store.devices.get(filter.before);
    if (!cursor) throw new AppError('validation_failed', 'before names no device.', { field: 'before' });
    before = { firstSeenAt: cursor.firstSeenAt, id: cursor.id };
  }
  const devices = await ctx.store.devices.list({
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.userId ? { userId: filter.userId } : {}),
    ...(agencyIds ? { agencyIds } : {}),
    ...(before ? { before } : {}),
    limit: filter.limit,
  });
  const owners = new Map((await ctx.store.users.getMany(devices.map((d) => d.userId))).map((u) => [u.id, { username: u.username, displayName: u.displayName }]));
  return devices.map((d) => ({ ...d, owner: owners.get(d.userId) ?? null }));
}

/** A security administrator approves a pending device. Nobody approves their own. */
export async function approveDevice(ctx: ActionContext, actor: Actor, id: string): Promise<Device> {
  const { device, asOwner } = await reachableDevice(ctx, actor, id);
  if (asOwner) throw new AppError('forbidden', 'Another security administrator must approve your own device.');
  if (device.status === 'approved') return device;
  if (device.status === 'revoked') throw new AppError('conflict', 'A revoked device cannot be approved; the person enrolls it again as a new device.');
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    if (!(await tx.devices.decide(id, ['pending'], 'approved', actor.user.id, now, null))) {
      throw new AppError('conflict', 'The device was decided by someone else meanwhile; reload it.');
    }
    await audit(tx, ctx, actor, {
      action: 'device.approve', targetType: 'device', targetId: id, agencyId: device.agencyId,
      before: { status: device.status }, after: { status: 'approved', userId: device.userId, fingerprint: device.fingerprint },
    });
  });
  return { ...device, status: 'approved', method: 'administrator', decidedBy: actor.user.id, decidedAt: now };
}

/**
 * The operator approves a device from the server's command line: the way in
 * when no administrator has a working device (a lost laptop, a fresh restore).
 * Audited as the operator.
 */
export async function approveDeviceAsOperator(ctx: ActionContext, id: string): Promise<Device> {
  const device = await ctx.store.devices.get(id);
  if (!device) throw new AppError('not_found', `No device ${id}.`);
  if (device.status !== 'pending') throw new AppError('conflict', `The device is ${device.status}, not pending.`);
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    if (!(await tx.devices.decide(id, ['pending'], 'approved', null, now, null))) throw new AppError('conflict', 'The device was decided meanwhile.');
    await audit(tx, ctx, null, {
      actorLabel: 'operator (parley devices approve)', action: 'device.approve', targetType: 'device', targetId: id, agencyId: device.agencyId,
      before: { status: 'pending' }, after: { status: 'approved', userId: device.userId, fingerprint: device.fingerprint },
    });
  });
  return { ...device, status: 'approved', method: 'administrator', decidedAt: now };
}

/**
 * Revokes a device (its owner, say for a lost laptop, or a security
 * administrator): every session on it ends and its live connections close.
 */
export async function revokeDevice(ctx: ActionContext, actor: Actor, id: string, reason: string): Promise<Device> {
  const { device } = await reachableDevice(ctx, actor, id);
  if (device.status === 'revoked') return device;
  const now = ctx.now();
  const ended = await ctx.store.transaction(async (tx) => {
    if (!(await tx.devices.decide(id, ['pending', 'approved'], 'revoked', actor.user.id, now, reason))) {
      throw new AppError('conflict', 'The device was decided by someone else meanwhile; reload it.');
    }
    const sessions = await tx.sessions.revokeForDevice(id, now, 'device_revoked');
    await audit(tx, ctx, actor, {
      action: 'device.revoke', targetType: 'device', targetId: id, agencyId: device.agencyId,
      before: { status: device.status }, after: { status: 'revoked', reason, userId: device.userId, sessionsEnded: sessions.length },
    });
    return sessions;
  });
  ctx.events.endSessions(ended, 'device_revoked');
  return { ...device, status: 'revoked', decidedBy: actor.user.id, decidedAt: now, revokedReason: reason };
}

export interface EnrollmentPolicyView extends EnrollmentPolicy {
  /** An agency id, or '*' for the statewide default. */
  scope: string;
  /** False when the scope has no policy of its own and this is the one it inherits. */
  own: boolean;
}

const scopeTarget = (scope: string) => (scope === STATEWIDE ? {} : { agencyId: scope });

export async function getEnrollmentPolicy(ctx: ActionContext, actor: Actor, scope: string): Promise<EnrollmentPolicyView> {
  authorize(actor.principal, 'device.manage', scopeTarget(scope));
  if (scope !== STATEWIDE && !(await ctx.store.agencies.get(scope))) throw new AppError('not_found', 'No such agency.');
  const own = await ctx.store.devices.enrollmentPolicy(scope);
  const policy = own ?? (await effectiveEnrollmentPolicy(ctx, ctx.store, scope === STATEWIDE ? null : scope));
  return { scope, own: own !== null, mode: policy.mode, networks: policy.networks, caCertificates: policy.caCertificates };
}

/** Sets a scope's enrollment policy after checking every network and certificate. */
export async function setEnrollmentPolicy(ctx: ActionContext, actor: Actor, scope: string, input: EnrollmentPolicy): Promise<EnrollmentPolicyView> {
  authorize(actor.principal, 'device.manage', scopeTarget(scope));
  if (scope !== STATEWIDE && !(await ctx.store.agencies.get(scope))) throw new AppError('not_found', 'No such agency.');
  if (input.networks.length > MAX_NETWORKS) throw new AppError('validation_failed', `At most ${MAX_NETWORKS} networks.`, { field: 'networks' });
  if (input.caCertificates.length > MAX_CA_CERTIFICATES) {
    throw new AppError('validation_failed', `At most ${MAX_CA_CERTIFICATES} CA certificates.`, { field: 'caCertificates' });
  }
  const networks = input.networks.map((n) => {
    const c = parseCidr(n, 'networks');
    return `${c.address}/${c.prefix}`;
  });
  input.caCertificates.forEach((pem, i) => {
    if (!parseCertificate(pem, 'caCertificates').ca) {
      throw new AppError('validation_failed', `Certificate ${i + 1} is not a certificate authority's certificate.`, { field: 'caCertificates' });
    }
  });
  const policy: EnrollmentPolicy = { mode: input.mode, networks, caCertificates: input.caCertificates.map((p) => p.trim()) };
  const before = await ctx.store.devices.enrollmentPolicy(scope);
  await ctx.store.transaction(async (tx) => {
    await tx.devices.setEnrollmentPolicy(scope, policy, actor.user.id, ctx.now());
    await audit(tx, ctx, actor, {
      action: 'device.enrollment_policy.set', targetType: 'agency', targetId: scope, agencyId: scope === STATEWIDE ? null : scope,
      before: before ? { mode: before.mode, networks: before.networks, caCertificates: before.caCertificates.length } : null,
      after: { mode: policy.mode, networks: policy.networks, caCertificates: policy.caCertificates.length },
    });
  });
  return { scope, own: true, ...policy };
}
