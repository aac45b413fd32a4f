/** DeviceStore over Kysely: the same SQL on SQLite and PostgreSQL. */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, DevicesTable } from '../schema.js';
import type { DeviceStore } from '../device-store.js';
import type { Device, DeviceStatus, EnrollmentMethod } from '../../domain/devices.js';

type Db = Kysely<Database> | Transaction<Database>;

const toDevice = (r: Selectable<DevicesTable>): Device => ({
  id: r.id,
  userId: r.user_id,
  agencyId: r.agency_id,
  fingerprint: r.fingerprint,
  publicKey: r.public_key,
  name: r.name,
  userAgent: r.user_agent,
  status: r.status as DeviceStatus,
  method: r.method as EnrollmentMethod,
  firstSeenAt: Number(r.first_seen_at),
  lastSeenAt: Number(r.last_seen_at),
  addresses: JSON.parse(r.addresses) as string[],
  decidedBy: r.decided_by,
  decidedAt: r.decided_at === null ? null : Number(r.decided_at),
  revokedReason: r.revoked_reason,
});

export const deviceStore = (db: Db): DeviceStore => ({
  async insert(d) {
    await db.insertInto('devices').values({
      id: d.id, user_id: d.userId, agency_id: d.agencyId, fingerprint: d.fingerprint, public_key: d.publicKey, name: d.name,
      user_agent: d.userAgent, status: d.status, method: d.method, first_seen_at: d.firstSeenAt, last_seen_at: d.lastSeenAt,
      addresses: JSON.stringify(d.addresses), decided_by: d.decidedBy, decided_at: d.decidedAt, revoked_reason: d.revokedReason,
    }).execute();
  },
  async get(id) {
    const r = await db.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toDevice(r) : null;
  },
  async getByFingerprint(userId, fingerprint) {
    const r = await db.selectFrom('devices').selectAll().where('user_id', '=', userId).where('fingerprint', '=', fingerprint).executeTakeFirst();
    return r ? toDevice(r) : null;
  },
  async list(f) {
    // An empty scope matches nothing rather than everything.
    if (f.agencyIds && f.agencyIds.length === 0 && !f.includeNoAgency) return [];
    let q = db.selectFrom('devices').selectAll();
    if (f.status) q = q.where('status', '=', f.status);
    if (f.userId) q = q.where('user_id', '=', f.userId);
    if (f.agencyIds) {
      const ids = f.agencyIds;
      q = q.where((eb) => eb.or([
        ...(ids.length > 0 ? [eb('agency_id', 'in', ids)] : []),
        ...(f.includeNoAgency ? [eb('agency_id', 'is', null)] : []),
      ]));
    }
    if (f.before) {
      const { firstSeenAt, id } = f.before;
      q = q.where((eb) => eb.or([eb('first_seen_at', '<', firstSeenAt), eb.and([eb('first_seen_at', '=', firstSeenAt), eb('id', '<', id)])]));
    }
    const rows = await q.orderBy('first_seen_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
    return rows.map(toDevice);
  },
  async touch(id, lastSeenAt, addresses) {
    await db.updateTable('devices').set({ last_seen_at: lastSeenAt, addresses: JSON.stringify(addresses) }).where('id', '=', id).execute();
  },
  async decide(id, from, to, by, at, reason) {
    const r = await db
      .updateTable('devices')
      .set({
        status: to, decided_by: by, decided_at: at,
        ...(to === 'approved' ? { method: 'administrator' } : {}),
        ...(to === 'revoked' ? { revoked_reason: reason } : {}),
      })
      .where('id', '=', id)
      .where('status', 'in', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },
  async countApprovedOfRoles(roles) {
    if (roles.length === 0) return 0;
    const r = await db
      .selectFrom('devices')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'approved')
      .where('user_id', 'in', (eb) => eb.selectFrom('role_assignments').select('user_id').where('role', 'in', roles))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },
  async enrollmentPolicy(scope) {
    const r = await db.selectFrom('device_enrollment_policies').selectAll().where('scope', '=', scope).executeTakeFirst();
    if (!r) return null;
    return {
      mode: r.mode as 'approval' | 'open',
      networks: JSON.parse(r.networks) as string[],
      caCertificates: JSON.parse(r.ca_certificates) as string[],
      updatedBy: r.updated_by,
      updatedAt: Number(r.updated_at),
    };
  },
  async setEnrollmentPolicy(scope, p, by, at) {
    const values = { mode: p.mode, networks: JSON.stringify(p.networks), ca_certificates: JSON.stringify(p.caCertificates), updated_by: by, updated_at: at };
    await db
      .insertInto('device_enrollment_policies')
      .values({ scope, ...values })
      .onConflict((oc) => oc.column('scope').doUpdateSet(values))
      .execute();
  },
});
