import { useEffect, useRef } from 'react';

/**
 * A one-time secret, shown exactly once: the server keeps only its hash. The
 * administrator hands it over out of band; the user must replace it at first
 * sign-in. Dismissing it drops it from memory.
 */
export function OneTimeSecret({ username, secret, onDone }: { username: string; secret: string; onDone(): void }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  return (
    <div className="card secret" role="region" aria-labelledby="secret-title" tabIndex={-1} ref={box}>
      <h2 id="secret-title">One-time secret for {username}</h2>
      <p>Give this secret to {username} in person or by phone. It is shown only now; {username} must choose a new password when first signing in.</p>
      <p><code className="secret__value" data-testid="one-time-secret">{secret}</code></p>
      <button type="button" onClick={onDone}>I have handed it over</button>
    </div>
  );
}
