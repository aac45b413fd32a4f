import { useChat } from './use-chat';
import type { ConnectionStatus as Status } from './socket';

const TEXT: Record<Status, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline: messages will be sent when the connection returns',
  ended: 'Disconnected',
};

/** The connection's state, always visible and announced when it changes. */
export function ConnectionStatus() {
  const [{ status, pending }] = useChat();
  const waiting = pending.filter((p) => p.state === 'sending').length;
  return (
    <p className={`conn conn--${status}`} role="status" data-testid="connection">
      <span className="conn__dot" aria-hidden="true" />
      {TEXT[status]}
      {status !== 'connected' && waiting > 0 ? ` (${waiting} waiting to send)` : ''}
    </p>
  );
}

/** My own presence as others see it. */
export function MyStatus() {
  const [{ myStatus }, store] = useChat();
  return (
    <label className="my-status">
      My status{' '}
      <select value={myStatus} onChange={(e) => store.setMyStatus(e.target.value as typeof myStatus)}>
        <option value="online">Online</option>
        <option value="away">Away</option>
        <option value="dnd">Do not disturb</option>
      </select>
    </label>
  );
}
