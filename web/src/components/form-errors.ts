/** Splitting a server error between the form's inputs and the form as a whole. */
import { ApiError } from '../app/api';

export interface FormErrors {
  /** The message for the named input, if the server blamed it. */
  field(name: string): string | null;
  /** The message to show above the form: any error no listed input took. */
  form: string | null;
}

/**
 * `fields` are the form's input names; `byCode` places errors the server gives
 * without a field (a wrong current password is `invalid_credentials`).
 */
export function formErrors(error: unknown, fields: readonly string[], byCode: Readonly<Record<string, string>> = {}): FormErrors {
  if (error === null || error === undefined) return { field: () => null, form: null };
  const message = error instanceof Error ? error.message : String(error);
  let taken: string | null = null;
  if (error instanceof ApiError) {
    const named = error.field;
    taken = named !== null && fields.includes(named) ? named : (byCode[error.code] ?? null);
  }
  return {
    field: (name) => (name === taken ? message : null),
    form: taken ? null : message,
  };
}
