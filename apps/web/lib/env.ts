// The web app's settings: core's (database, Redis, secrets) plus next-auth's. Parsed once,
// with one readable error naming every bad variable.
import { z } from 'zod';
import { coreEnvSchema, parseEnv } from '@rundbrief/core';

export const webEnvSchema = coreEnvSchema
  .extend({
    NEXTAUTH_SECRET: z
      .string({ error: 'NEXTAUTH_SECRET is not set (32+ random characters)' })
      .min(32, 'NEXTAUTH_SECRET must be at least 32 characters'),
    NEXTAUTH_URL: z.url({ error: 'NEXTAUTH_URL must be an absolute URL such as http://localhost:3000' }).optional(),
  })
  .transform((env) => ({ ...env, NEXTAUTH_URL: env.NEXTAUTH_URL ?? env.APP_URL }));

export type WebEnv = z.infer<typeof webEnvSchema>;

let cached: WebEnv | undefined;
export function webEnv(): WebEnv {
  cached ??= parseEnv(webEnvSchema);
  return cached;
}
