/**
 * Coaching marks and masking like the server's redaction. Kept apart from
 * coaching.ts so that the chat view can use them without loading the policy
 * engine (a separate chunk, loaded on demand).
 */
import type { PolicyFinding } from './frames';

/** The actions worth telling the sender about before sending; flags and allows are for reviewers. */
export type CoachAction = 'block' | 'warn' | 'redact';

export interface CoachMark {
  start: number;
  end: number;
  /** The strongest action of the rules that matched this span. */
  action: CoachAction;
  rules: string[];
}

const MASK = '█';

/** The text with the findings (those in the text, not in files) masked like the server's redaction: same length. */
export function maskSpans(text: string, findings: readonly PolicyFinding[]): string {
  const chars = text.split(''); // UTF-16 code units, as the server counts offsets
  for (const f of findings) {
    if (f.attachment !== undefined) continue;
    for (let i = Math.max(0, f.start); i < Math.min(f.end, chars.length); i++) chars[i] = MASK;
  }
  return chars.join('');
}

