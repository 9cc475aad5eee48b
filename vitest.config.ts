import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure, parallel) and `int` (real Postgres/Redis/SMTP on loopback,
// one file at a time because they share the test database).
const env = {
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/rundbrief_test',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  APP_URL: process.env.APP_URL ?? 'http://localhost:3000',
  APP_SECRET: process.env.APP_SECRET ?? 'test-app-secret-0123456789abcdef0123456789',
  ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  QUEUE_PREFIX: process.env.QUEUE_PREFIX ?? `rbtest${process.pid}`,
};

export default defineConfig({
  test: {
    env,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/**/test/**/*.test.ts', 'apps/**/test/**/*.test.ts', 'packages/**/src/**/*.test.ts', 'apps/**/src/**/*.test.ts', 'apps/**/lib/**/*.test.ts', 'scripts/**/*.test.mjs'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'int',
          include: ['packages/**/*.int.test.ts', 'apps/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          fileParallelism: false,
          setupFiles: ['./test/setup-int.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
