/** Mentions in a message body: `@username`, and `@all` / `@channel` / `@here`, which notify everyone. */

export const BROADCAST_MENTIONS = new Set(['all', 'channel', 'here', 'everyone']);
const MENTION = /(^|[^\w@.])@([a-z0-9][a-z0-9._-]{0,63})/gi;
const MAX_MENTIONS = 50;

export interface Mentions {
  /** The message notifies every member. */
  all: boolean;
  /** Lower-cased usernames, at most 50, without duplicates. */
  usernames: string[];
}

export function parseMentions(body: string): Mentions {
  let all = false;
  const usernames = new Set<string>();
  for (const m of body.matchAll(MENTION)) {
    const name = m[2]!.toLowerCase().replace(/[._-]+$/, '');
    if (BROADCAST_MENTIONS.has(name)) all = true;
    else if (usernames.size < MAX_MENTIONS) usernames.add(name);
  }
  return { all, usernames: [...usernames] };
}
