// Prisma 6.19.3 with the JS engine: migrations run through the pg driver adapter, so no
// native engine binary is downloaded (these machines reach only the npm registry).
import './packages/db/src/pg-patch.ts';
import { randomUUID } from 'node:crypto';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

/** Connection fields rather than a connection string: see connectToShadowDb below. */
function pgConfig(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username) || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.slice(1)),
  };
}

export default defineConfig({
  engine: 'js',
  experimental: { adapter: true },
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  adapter: async () => {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error('DATABASE_URL is not set');
    const cfg = pgConfig(connectionString);
    const factory = new PrismaPg(cfg);
    // adapter-pg 6.19's own shadow database (for `migrate dev`) keeps connecting to the main
    // database when given a connection string, and drops the shadow database before closing
    // its pool. This one is created, used and force-dropped on dispose.
    factory.connectToShadowDb = async () => {
      const admin = await factory.connect();
      const database = `prisma_shadow_${randomUUID().replace(/-/g, '')}`;
      await admin.executeScript(`CREATE DATABASE "${database}"`);
      const shadow = await new PrismaPg({ ...cfg, database }).connect();
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        await admin.dispose();
      };
      return shadow;
    };
    return factory;
  },
});
