import type { PresenceStatus } from './frames';

const LABEL: Record<PresenceStatus, string> = { online: 'online', away: 'away', dnd: 'do not disturb', offline: 'offline' };

/** A presence dot with its text alternative (colour alone carries no meaning). */
export function PresenceDot({ status }: { status: PresenceStatus | undefined }) {
  const s = status ?? 'offline';
  return (
    <span className={`presence presence--${s}`} role="img" aria-label={LABEL[s]} title={LABEL[s]} />
  );
}
