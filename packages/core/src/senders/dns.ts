// DNS lookups for sender-domain checks go through one resolver whose server is
// configurable (DNS_RESOLVER=host:port), so tests and local development can answer from a
// DNS server on loopback instead of the Internet.
import { Resolver } from 'node:dns/promises';
import { z } from 'zod';

/** mailauth's resolver shape (same as dns.promises.resolve). */
export type DnsResolve = (name: string, type: string) => Promise<unknown>;

const resolverEnv = z
  .string()
  .regex(/^[^\s:]+(:\d{1,5})?$|^\[[0-9a-f:]+\](:\d{1,5})?$/i, 'DNS_RESOLVER must be host or host:port')
  .optional();

export function createResolver(server = resolverEnv.parse(process.env.DNS_RESOLVER || undefined)): DnsResolve {
  const r = new Resolver({ timeout: 2_000, tries: 2 });
  if (server) r.setServers([server]);
  return (name, type) => r.resolve(name, type as 'TXT');
}

const MISSING = new Set(['ENOTFOUND', 'ENODATA', 'ENONAME', 'NXDOMAIN']);

/** TXT strings at `name` (each record's chunks joined), [] when the name has none. */
export async function lookupTxt(resolve: DnsResolve, name: string): Promise<string[]> {
  try {
    const rows = (await resolve(name, 'TXT')) as string[][];
    return rows.map((chunks) => chunks.join(''));
  } catch (err) {
    if (MISSING.has((err as { code?: string }).code ?? '')) return [];
    throw err;
  }
}

export async function lookupMx(resolve: DnsResolve, name: string): Promise<{ exchange: string; priority: number }[]> {
  try {
    return (await resolve(name, 'MX')) as { exchange: string; priority: number }[];
  } catch (err) {
    if (MISSING.has((err as { code?: string }).code ?? '')) return [];
    throw err;
  }
}
