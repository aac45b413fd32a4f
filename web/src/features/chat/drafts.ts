/**
 * Unsent drafts per conversation, in sessionStorage: they survive a reconnect
 * and a reload of the tab, and go when the tab closes (a shared workstation
 * should not keep them). Subscribable, because the text can come back from
 * elsewhere: a blocked or cancelled message returns to its composer.
 */
let owner = '';
const key = (conversationId: string) => `parley.draft.${owner}.${conversationId}`;
const memory = new Map<string, string>();
const listeners = new Set<() => void>();

/**
 * Whose drafts these are. Keys carry the user id, so on a shared workstation
 * the next person to sign in in the same tab never sees the last one's text.
 */
export function setDraftOwner(userId: string): void {
  if (userId === owner) return;
  owner = userId;
  memory.clear();
}

export function readDraft(conversationId: string): string {
  const held = memory.get(conversationId);
  if (held !== undefined) return held;
  try {
    return globalThis.sessionStorage?.getItem(key(conversationId)) ?? '';
  } catch {
    return ''; // storage refused (privacy mode): drafts live only in memory
  }
}

export function writeDraft(conversationId: string, text: string): void {
  memory.set(conversationId, text);
  try {
    if (text) globalThis.sessionStorage?.setItem(key(conversationId), text);
    else globalThis.sessionStorage?.removeItem(key(conversationId));
  } catch {
    // storage refused or full: the draft stays in memory for this page
  }
  for (const l of listeners) l();
}

/** Puts text back into an empty composer; a draft the user has started since is not overwritten. */
export function restoreDraft(conversationId: string, text: string): void {
  if (!readDraft(conversationId).trim()) writeDraft(conversationId, text);
}

export function subscribeDrafts(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
