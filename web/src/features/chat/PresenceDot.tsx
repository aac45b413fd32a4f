import type { PresenceStatus } from './frames';

export const PRESENCE_LABEL: Record<PresenceStatus | 'unknown', string> = {
  online: 'online', away: 'away', dnd: 'do not disturb', offline: 'offline', unknown: 'presence not known',
};

/** A presence dot with its text alternative (colour alone carries no meaning). Unknown while not connected. */
export function PresenceDot({ status }: { status: PresenceStatus | undefined }) {
  const s = status ?? 'unknown';
  const LABEL = PRESENCE_LABEL;
  return (
    <span className={`presence presence--${s}`} role="img" aria-label={LABEL[s]} title={LABEL[s]} />
  );
}
