import { z } from 'zod';

export const dbEnvSchema = z.object({
  DATABASE_URL: z
    .string({ error: 'DATABASE_URL is not set (e.g. postgresql://root@127.0.0.1:5432/rundbrief)' })
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgresql://'),
});

export type DbEnv = z.infer<typeof dbEnvSchema>;

/** Parses the env vars this package needs; throws one readable error naming each bad var. */
export function parseEnv<S extends z.ZodType>(schema: S, source: Record<string, string | undefined> = process.env): z.infer<S> {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return result.data;
}
