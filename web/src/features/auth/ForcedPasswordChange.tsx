import { useSession } from '../../app/session';
import { PasswordChangeForm } from './PasswordChangeForm';
import { SignOutButton } from './SignOutButton';

/** First sign-in with a one-time secret: nothing else works until a real password is set (the server enforces it too). */
export function ForcedPasswordChange() {
  const { refresh } = useSession();
  return (
    <main className="gate" id="main">
      <section className="card gate__card" aria-labelledby="pw-title">
        <h1 id="pw-title">Choose your password</h1>
        <p>You signed in with a one-time secret. Choose your own password to continue; the secret stops working.</p>
        <PasswordChangeForm onChanged={refresh} currentLabel="One-time secret" />
        <SignOutButton />
      </section>
    </main>
  );
}
