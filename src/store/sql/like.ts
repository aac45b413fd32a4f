/**
 * LIKE patterns from user text: `%`, `_` and `\` are escaped so the text is a
 * literal, never a pattern. Use with `escape '\'` (SQLite has no default
 * escape character) and a lower-cased column.
 */
const literal = (text: string): string => text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);

/** Matches values starting with `text`, case-insensitively. */
export const likePrefix = (text: string): string => `${literal(text)}%`;

/** Matches values containing `text`, case-insensitively. */
export const likeContaining = (text: string): string => `%${literal(text)}%`;
