/** The State directory: agencies and the people (WVOT-PO1010 §8.3) who use Parley. */

/** §8.3: who counts as an "employee" for this policy. */
export const PERSON_TYPES = [
  'employee',
  'contractor',
  'subcontractor',
  'contractor_employee',
  'volunteer',
  'county_health_staff',
  'business_associate',
  'other_designated',
] as const;
export type PersonType = (typeof PERSON_TYPES)[number];

export const USER_STATUSES = ['active', 'suspended', 'deprovisioned'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export interface Agency {
  id: string;
  code: string;
  name: string;
  createdAt: number;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  agencyId: string | null;
  personType: PersonType;
  status: UserStatus;
  createdAt: number;
  updatedAt: number;
}

/** Credentials are kept apart from the profile so they never ride along in a read. */
export interface Credential {
  userId: string;
  passwordHash: string;
  mustChange: boolean;
  failedAttempts: number;
  lockedUntil: number | null;
  updatedAt: number;
}
