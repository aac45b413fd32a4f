/**
 * Store errors: what every backend's driver errors are converted to, so that
 * nothing above the store knows which database it runs on.
 */
export type StoreErrorKind = 'not_found' | 'unique_violation' | 'foreign_key_violation' | 'conflict' | 'unavailable' | 'invalid_data';

export class StoreError extends Error {
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

export const isStoreError = (e: unknown, kind?: StoreErrorKind): e is StoreError =>
  e instanceof StoreError && (kind === undefined || e.kind === kind);
