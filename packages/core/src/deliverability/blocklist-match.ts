// The platform blocklist matcher, one rule for every path that lets an address in or mails
// it: sign-up (form, API, by hand: consent.subscribe), CSV import and the campaign snapshot.
// An entry blocks the address it names, or — a domain — that domain and every subdomain of
// it (an entry example.org blocks a@example.org and a@mail.example.org).
//
// The rule is written as equalities so the bulk paths stay hash joins: a domain entry of k
// labels can only match the last k labels of a recipient domain, so for each label count
// the blocklist has (usually two or three: example.org, mail.example.org) the recipient's
// suffix of that many labels is compared with the table. The counts are read once per
// statement (a tiny query on a small table), not per recipient.
import { getDb, Prisma } from '@rundbrief/db';

/** Label counts of the domain entries, ascending (e.g. [2, 3]). */
export async function blockedDomainDepths(): Promise<number[]> {
  const rows = await getDb().$queryRaw<{ k: number }[]>`
    SELECT DISTINCT array_length(string_to_array(value, '.'), 1) AS k FROM "BlockedAddress" WHERE strpos(value, '@') = 0 ORDER BY 1`;
  return rows.map((r) => Number(r.k)).filter((k) => Number.isInteger(k) && k > 0 && k <= 127);
}

/** The last k labels of a domain expression (split_part with negative positions counts from the end). */
function suffixSql(domain: Prisma.Sql, k: number): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  for (let i = k; i >= 1; i--) parts.push(Prisma.sql`split_part(${domain}, '.', ${Prisma.raw(String(-i))})`);
  // With fewer than k labels some parts are '' and the result starts with '.': never an entry.
  return Prisma.join(parts, " || '.' || ");
}

/**
 * The values an address can be blocked by, as SQL expressions over `email` (a normalised
 * address column or parameter): the address itself and, per domain depth, its domain suffix.
 */
export function blockCandidatesSql(email: Prisma.Sql, depths: readonly number[]): Prisma.Sql[] {
  const domain = Prisma.sql`split_part(${email}, '@', 2)`;
  return [email, ...depths.map((k) => suffixSql(domain, k))];
}

/**
 * Conditions that keep blocked addresses out: one anti-join per candidate, each a hashable
 * equality against the small blocklist (no per-row scan of the table).
 */
export function notBlockedSql(email: Prisma.Sql, depths: readonly number[]): Prisma.Sql[] {
  return blockCandidatesSql(email, depths).map((c) => Prisma.sql`NOT EXISTS (SELECT 1 FROM "BlockedAddress" b WHERE b.value = ${c})`);
}

/** The entry blocking one normalised address (sign-up paths), or null. Fails closed: a DB error throws. */
export async function findBlockedEntry(normalized: string) {
  const depths = await blockedDomainDepths();
  const candidates = blockCandidatesSql(Prisma.sql`${normalized}::text`, depths);
  const rows = await getDb().$queryRaw<{ id: string; value: string; kind: string }[]>`
    SELECT id, value, kind::text AS kind FROM "BlockedAddress" WHERE value IN (${Prisma.join(candidates)}) ORDER BY length(value) DESC LIMIT 1`;
  return rows[0] ?? null;
}
