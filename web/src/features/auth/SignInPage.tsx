import { useState } from 'react';
import { FormError, TextField } from '../../components/Field';
import { useSubmit } from '../../components/use-async';
import { useSession } from '../../app/session';

/** Sign-in with username and password; the server sets an HttpOnly session cookie. */
export function SignInPage({ notice }: { notice: string | null }) {
  const { signIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const submit = useSubmit(['username', 'password']);

  const onSubmit = submit.onSubmit(() => signIn(username.trim(), password));

  return (
    <main className="gate" id="main">
      <form className="card gate__card" onSubmit={onSubmit} aria-labelledby="sign-in-title" noValidate>
        <h1 id="sign-in-title">Sign in to Parley</h1>
        <p className="muted">State-provided instant messaging. Use the username and password your agency gave you.</p>
        {notice ? <p className="notice" role="status">{notice}</p> : null}
        <FormError error={submit.errors.form} />
        <TextField label="Username" name="username" autoComplete="username" required value={username}
          onChange={(e) => setUsername(e.target.value)} error={submit.errors.field('username')} />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required value={password}
          onChange={(e) => setPassword(e.target.value)} error={submit.errors.field('password')} />
        <button type="submit" className="primary" disabled={submit.pending || !username || !password}>
          {submit.pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
