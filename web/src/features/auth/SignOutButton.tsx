import { useSession } from '../../app/session';
import { useSubmit } from '../../components/use-async';
import { FormError } from '../../components/Field';

export function SignOutButton({ className = 'link-button' }: { className?: string }) {
  const { signOut } = useSession();
  const submit = useSubmit();
  return (
    <>
      <button type="button" className={className} disabled={submit.pending} onClick={() => void submit.run(signOut)}>Sign out</button>
      <FormError error={submit.errors.form} />
    </>
  );
}
