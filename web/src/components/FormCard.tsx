import { useId, type FormEvent, type ReactNode } from 'react';
import { FormError } from './Field';

/** A form in a card, named by its heading, with the error that belongs to no single input above the fields. */
export function FormCard({ title, onSubmit, error, layout = 'grid', id, children }: {
  title: string;
  onSubmit(e: FormEvent): void;
  error: string | null;
  layout?: 'grid' | 'stack';
  id?: string;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <form id={id} className={`card ${layout === 'grid' ? 'form-grid' : 'stack'}`} onSubmit={onSubmit} aria-labelledby={headingId} noValidate>
      <h2 id={headingId}>{title}</h2>
      <FormError error={error} />
      {children}
    </form>
  );
}
