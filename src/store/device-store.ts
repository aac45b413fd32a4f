/** The Store's part for authorized devices (§5.3.8) and enrollment policies. */
import type { Device, DeviceStatus, EnrollmentPolicy } from '../domain/devices.js';

export interface DeviceFilter {
  status?: DeviceStatus;
  userId?: string;
  /** Only devices of these agencies; `includeNoAgency` adds those of people without one. */
  agencyIds?: string[];
  includeNoAgency?: boolean;
  /** Paging: devices first seen strictly before this (newest first). */
  before?: { firstSeenAt: number; id: string };
  limit: number;
}

export interface StoredEnrollmentPolicy extends EnrollmentPolicy {
  updatedBy: string | null;
  updatedAt: number;
}

export interface DeviceStore {
  insert(device: Device): Promise<void>;
  get(id: string): Promise<Device | null>;
  getByFingerprint(userId: string, fingerprint: string): Promise<Device | null>;
  list(filter: DeviceFilter): Promise<Device[]>;
  /** Records a sign-in or activity: last seen time and address list. */
  touch(id: string, lastSeenAt: number, addresses: string[]): Promise<void>;
  /** Moves a device from `from` to `to` (an approval records method 'administrator'); false when it was not in `from` (someone else decided first). */
  decide(id: string, from: DeviceStatus[], to: DeviceStatus, by: string | null, at: number, reason: string | null): Promise<boolean>;
  /** How many approved devices belong to holders of any of these roles (any scope). */
  countApprovedOfRoles(roles: string[]): Promise<number>;
  /** The enrollment policy of a scope (an agency id, or '*'), or null when never set. */
  enrollmentPolicy(scope: string): Promise<StoredEnrollmentPolicy | null>;
  setEnrollmentPolicy(scope: string, policy: EnrollmentPolicy, by: string | null, at: number): Promise<void>;
}
