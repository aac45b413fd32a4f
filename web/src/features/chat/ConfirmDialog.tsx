import { useCallback, useId, useState, type FormEvent } from 'react';
import type { Pending } from './outbox';
import { MarkedText, PolicyReasons } from './PolicyIssuePanel';
import { useChatStore } from './use-chat';
import { useModal } from './use-dialog';
import { restoreDraft } from './drafts';

/**
 * The policy asks for a justification (policy_confirmation_required): the
 * user gives one and the same clientId is sent again with it, or cancels and
 * gets the text back in the composer.
 */
export function ConfirmDialog({ pending }: { pending: Pending | null }) {
  const store = useChatStore();
  const [reason, setReason] = useState('');
  const id = useId();
  const cancel = useCallback(() => {
    if (!pending) return;
    const p = store.discard(pending.clientId);
    if (p?.kind === 'send') restoreDraft(p.conversationId, p.body);
    setReason('');
  }, [pending, store]);
  const dialog = useModal(pending !== null, cancel);
  if (!pending?.problem) return <dialog ref={dialog} className="dialog" aria-label="Justification" />;
  const override = pending.problem.code === 'policy_blocked';
  const send = (e: FormEvent) => {
    e.preventDefault();
    store.confirm(pending.clientId, reason.trim());
    setReason('');
  };
  return (
    <dialog ref={dialog} className="dialog" aria-labelledby={`${id}-title`}>
      <form onSubmit={send} className="dialog__form">
        <h2 id={`${id}-title`}>{override ? 'Override the block' : 'Confirm this message'}</h2>
        <p>{override ? 'The acceptable-use policy blocks this message, and your role may override it:'
          : 'The acceptable-use policy asks you to confirm this message before it is sent:'}</p>
        <PolicyReasons problem={pending.problem} />
        <MarkedText text={pending.body} problem={pending.problem} />
        <div className="field">
          <label htmlFor={`${id}-reason`}>Justification</label>
          <textarea id={`${id}-reason`} value={reason} minLength={3} maxLength={1000} required rows={3}
            aria-describedby={`${id}-hint`} onChange={(e) => setReason(e.target.value)} />
          <p className="field__hint" id={`${id}-hint`}>Why this is authorized. It is recorded with the message and reviewed.</p>
        </div>
        <div className="dialog__actions">
          <button type="button" onClick={cancel}>Cancel</button>
          <button type="submit" className="primary" disabled={reason.trim().length < 3}>{override ? 'Override and send' : 'Send with justification'}</button>
        </div>
      </form>
    </dialog>
  );
}
