import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient, type Prisma } from './generated/prisma/client.ts';
import { dbEnvSchema, parseEnv } from './env.ts';

export type Db = PrismaClient;

type PoolEntry = { pool: pg.Pool; options: pg.PoolConfig };
const globalForDb = globalThis as unknown as { __rundbriefDb?: PrismaClient; __rundbriefPools?: WeakMap<PrismaClient, PoolEntry> };

/**
 * The pg pool behind each client, for `sqlQuery` (see below). Process-wide like the client:
 * Next.js bundles this module into several server chunks, and a chunk's own map would not
 * know the client another chunk made ("sqlQuery needs a client made by createDb").
 */
const pools = (globalForDb.__rundbriefPools ??= new WeakMap<PrismaClient, PoolEntry>());

export function createDb(connectionString = parseEnv(dbEnvSchema).DATABASE_URL, max = 10): PrismaClient {
  const options: pg.PoolConfig = { connectionString, max, allowExitOnIdle: true };
  const pool = new pg.Pool(options);
  // The client owns the pool: $disconnect ends it (Prisma makes its own if used again).
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(client, { pool, options });
  return client;
}

/** The process-wide client (one pool per process; Next.js dev reloads reuse it). */
export function getDb(): PrismaClient {
  globalForDb.__rundbriefDb ??= createDb();
  return globalForDb.__rundbriefDb;
}

// Result types as Prisma's $queryRaw returns them: timestamps (stored without time zone,
// in UTC) as Dates, bigint as BigInt; the rest as pg parses them (json, arrays, numbers).
const TIMESTAMP = 1114;
const INT8 = 20;
const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === TIMESTAMP) return (v: string) => new Date(`${v.replace(' ', 'T')}Z`);
    if (oid === INT8) return (v: string) => BigInt(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

function poolOf(db: PrismaClient): pg.Pool {
  const entry = pools.get(db);
  if (!entry) throw new Error('sqlQuery needs a client made by createDb');
  const p = entry.pool as pg.Pool & { ending?: boolean; ended?: boolean };
  // after $disconnect: a fresh pool that lets the process exit when idle
  if (p.ending || p.ended) entry.pool = new pg.Pool(entry.options);
  return entry.pool;
}

const param = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.map(param) : v);

/**
 * A raw statement straight through the client's pg pool, bypassing Prisma's query
 * compiler: that costs ~1 ms of CPU per raw statement (measured: 1.15-1.4 ms for Prisma
 * $queryRaw vs 0.26 ms for the same statement through pg), which on the sending hot path
 * (claims, outcome records) is a tenth of a worker's CPU. Same Prisma.sql templates, same
 * parameters, same result shapes as $queryRaw. Only for hot paths: everything else keeps
 * Prisma (and the tenant-scoped client for model queries).
 */
export async function sqlQuery<T>(q: Prisma.Sql, opts: SqlOptions = {}): Promise<T[]> {
  return (await run(q, opts)).rows as T[];
}

/** sqlQuery for a statement without result rows: the number of rows it affected. */
export async function sqlExecute(q: Prisma.Sql, opts: SqlOptions = {}): Promise<number> {
  return (await run(q, opts)).rowCount ?? 0;
}

function run(q: Prisma.Sql, opts: SqlOptions) {
  return poolOf(opts.db ?? getDb()).query({ name: opts.name, text: q.text, values: q.values.map(param), types });
}

export type SqlOptions = {
  db?: PrismaClient;
  /**
   * A prepared statement of that name on each connection: parsed and planned once instead
   * of on every run. Only for a statement whose text never varies (one name, one text).
   */
  name?: string;
};

/** Statements inside one sqlTransaction, on its connection. */
export type SqlTx = {
  query<T>(q: Prisma.Sql): Promise<T[]>;
  execute(q: Prisma.Sql): Promise<number>;
};

/**
 * One transaction of raw statements on one pooled connection (BEGIN ... COMMIT, ROLLBACK
 * when `fn` throws), without Prisma's per-statement query compilation: for hot paths that
 * run many set-based statements per transaction (feedback/inbound-batch.ts).
 */
export async function sqlTransaction<T>(fn: (tx: SqlTx) => Promise<T>, opts: { db?: PrismaClient } = {}): Promise<T> {
  const client = await poolOf(opts.db ?? getDb()).connect();
  const exec = (q: Prisma.Sql) => client.query({ text: q.text, values: q.values.map(param), types });
  const tx: SqlTx = {
    query: async <R>(q: Prisma.Sql) => (await exec(q)).rows as R[],
    execute: async (q) => (await exec(q)).rowCount ?? 0,
  };
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(tx);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    // A connection that cannot even roll back is dropped from the pool, not reused.
    await client.query('ROLLBACK').catch((e: Error) => { broken = e; });
    throw err;
  } finally {
    client.release(broken);
  }
}
