/** Escapes LIKE/ILIKE wildcards (and the backslash, PostgreSQL's default escape) so user text matches literally. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
