// Shared set-up of the operator-console tests: a platform operator and the owner of one
// tenant (who must be refused), on a truncated database.
import { expect } from 'vitest';
import { ZodError } from 'zod';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import type { OperatorActor } from '../../src/platform/operator.ts';

export async function seedOperatorAndOwner(): Promise<{ op: OperatorActor; owner: OperatorActor; tenantId: string }> {
  await truncateAll();
  const db = getDb();
  const o = await db.user.create({ data: { email: 'op@platform.example', passwordHash: 'x', isPlatformOperator: true } });
  const t = await db.tenant.create({ data: { name: 'Acme', slug: 'acme' } });
  const m = await db.user.create({ data: { email: 'owner@acme.example', passwordHash: 'x', memberships: { create: { tenantId: t.id, role: 'OWNER' } } } });
  return {
    op: { userId: o.id, email: o.email, ip: '198.51.100.7' },
    owner: { userId: m.id, email: m.email, ip: '203.0.113.9' },
    tenantId: t.id,
  };
}

/** The error a promise rejects with, or null when it resolves. */
export const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

/** The zod messages a refused input produced. */
export async function zodMessages(p: Promise<unknown>): Promise<string[]> {
  const err = await failure(p);
  expect(err).toBeInstanceOf(ZodError);
  return (err as ZodError).issues.map((i) => i.message);
}
