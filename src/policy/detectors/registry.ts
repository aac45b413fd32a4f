// Every built-in detector, by id. The pack refers to detectors by these ids.
import { ADDRESS_DETECTORS } from './address.js';
import { CONDUCT_DETECTORS } from './conduct.js';
import { keywordsDetector, regexDetector } from './custom.js';
import { FILE_CHECKS } from './files.js';
import { HARASSMENT_DETECTORS } from './harassment.js';
import { HEALTH_DETECTORS } from './health.js';
import { PERSON_DETECTORS } from './person.js';
import { PII_CONTACT_DETECTORS } from './pii-contact.js';
import { PII_ID_DETECTORS } from './pii-ids.js';
import { SECRET_DETECTORS } from './secrets.js';
import type { DetectorFactory } from './detector.js';
import type { FileCheckFactory } from './files.js';

export const TEXT_DETECTORS: ReadonlyMap<string, DetectorFactory> = new Map([
  ...PII_ID_DETECTORS, ...PII_CONTACT_DETECTORS, ...ADDRESS_DETECTORS, ...PERSON_DETECTORS, ...HEALTH_DETECTORS,
  ...SECRET_DETECTORS, ...CONDUCT_DETECTORS, ...HARASSMENT_DETECTORS, keywordsDetector, regexDetector,
].map((d) => [d.id, d] as const));

export const FILE_DETECTORS: ReadonlyMap<string, FileCheckFactory> = new Map(FILE_CHECKS.map((d) => [d.id, d] as const));

export const DETECTOR_IDS: readonly string[] = [...TEXT_DETECTORS.keys(), ...FILE_DETECTORS.keys()];
