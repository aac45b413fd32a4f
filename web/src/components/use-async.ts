/** Hooks for the two shapes of API work: loading data for a screen, and submitting a change. */
import { useCallback, useEffect, useEffectEvent, useState, type FormEvent } from 'react';
import { formErrors, type FormErrors } from './form-errors';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload(): void;
}

/**
 * Runs `load` now, whenever `key` changes, and on reload(). An answer to an
 * older key is dropped, so fast typing cannot show stale results; the previous
 * data stays on screen while the next loads, so paging does not flicker.
 */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [result, setResult] = useState<{ token: string; data: T | null; error: string | null } | null>(null);
  const [generation, setGeneration] = useState(0);
  const run = useEffectEvent(load);
  const token = `${generation}\u0000${key}`;

  useEffect(() => {
    let current = true;
    run().then(
      (data) => current && setResult({ token, data, error: null }),
      (e: unknown) => current && setResult((r) => ({ token, data: r?.data ?? null, error: e instanceof Error ? e.message : String(e) })),
    );
    return () => {
      current = false;
    };
  }, [token]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const settled = result?.token === token;
  return { data: result?.data ?? null, error: settled ? result.error : null, loading: !settled, reload };
}

export interface Submitting {
  pending: boolean;
  errors: FormErrors;
  /** Runs the change; resolves true when it succeeded. Errors land in `errors`. */
  run(action: () => Promise<void>): Promise<boolean>;
  /** A form's submit handler that runs the change instead of the browser's own submission. */
  onSubmit(action: () => Promise<void>): (e: FormEvent) => void;
  clear(): void;
}

export function useSubmit(fields: readonly string[] = [], byCode: Readonly<Record<string, string>> = {}): Submitting {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async (action: () => Promise<void>) => {
    setPending(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setPending(false);
    }
  }, []);
  const clear = useCallback(() => setError(null), []);
  const onSubmit = (action: () => Promise<void>) => (e: FormEvent) => {
    e.preventDefault();
    void run(action);
  };
  return { pending, errors: formErrors(error, fields, byCode), run, onSubmit, clear };
}
