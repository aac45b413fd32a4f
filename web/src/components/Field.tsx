/**
 * Form fields with their label, hint and error tied to the control
 * (aria-describedby, aria-invalid), so screen readers announce the error with
 * the input it belongs to (WCAG 1.3.1, 3.3.1).
 */
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface FieldProps {
  label: string;
  hint?: ReactNode;
  error?: string | null;
}

interface ControlIds {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

function FieldShell({ label, hint, error, className, children }: FieldProps & { className?: string; children: (ids: ControlIds) => ReactNode }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(error ? { 'aria-invalid': true as const } : {}) })}
      {hint ? <p className="field__hint" id={hintId!}>{hint}</p> : null}
      {error ? <p className="field__error" id={errorId!}>{error}</p> : null}
    </div>
  );
}

export function TextField({ label, hint, error, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  return <FieldShell label={label} hint={hint} error={error ?? null}>{(ids) => <input {...input} {...ids} />}</FieldShell>;
}

export function SelectField({ label, hint, error, children, ...select }: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  return <FieldShell label={label} hint={hint} error={error ?? null}>{(ids) => <select {...select} {...ids}>{children}</select>}</FieldShell>;
}

export function TextAreaField({ label, hint, error, ...area }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldShell label={label} hint={hint} error={error ?? null} className="field--wide">
      {(ids) => <textarea {...area} {...ids} />}
    </FieldShell>
  );
}

/** An error that belongs to the whole form or page, announced when it appears. */
export function FormError({ error }: { error: string | null | undefined }) {
  if (!error) return null;
  return <p className="form-error" role="alert">{error}</p>;
}
