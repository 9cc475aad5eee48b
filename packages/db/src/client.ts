import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';
import { dbEnvSchema, parseEnv } from './env.ts';

export type Db = PrismaClient;

const globalForDb = globalThis as unknown as { __rundbriefDb?: PrismaClient };

export function createDb(connectionString = parseEnv(dbEnvSchema).DATABASE_URL, max = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max }) });
}

/** The process-wide client (one pool per process; Next.js dev reloads reuse it). */
export function getDb(): PrismaClient {
  globalForDb.__rundbriefDb ??= createDb();
  return globalForDb.__rundbriefDb;
}
