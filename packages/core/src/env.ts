import { z } from 'zod';
import { dbEnvSchema, parseEnv } from '@rundbrief/db';

const secret = (name: string) =>
  z.string({ error: `${name} is not set (32+ random characters; npm start generates one in .env)` })
    .min(32, `${name} must be at least 32 characters`);

export const coreEnvSchema = dbEnvSchema.extend({
  REDIS_URL: z
    .string({ error: 'REDIS_URL is not set (e.g. redis://127.0.0.1:6379)' })
    .regex(/^rediss?:\/\//, 'REDIS_URL must start with redis:// or rediss://'),
  APP_URL: z.url({ error: 'APP_URL must be an absolute URL such as http://localhost:3000' }).default('http://localhost:3000'),
  APP_SECRET: secret('APP_SECRET'),
  ENCRYPTION_KEY: z
    .string({ error: 'ENCRYPTION_KEY is not set (64 hex characters)' })
    .regex(/^[0-9a-fA-F]{64}$/, 'ENCRYPTION_KEY must be 64 hex characters (32 bytes)'),
  QUEUE_PREFIX: z.string().min(1).default('rb'),
});

export type CoreEnv = z.infer<typeof coreEnvSchema>;

let cached: CoreEnv | undefined;
export function coreEnv(): CoreEnv {
  cached ??= parseEnv(coreEnvSchema);
  return cached;
}
export { parseEnv };
