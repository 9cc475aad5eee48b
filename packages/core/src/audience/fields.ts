// Custom subscriber fields (per tenant). Values live in Subscriber.attributes (JSONB) under
// the field key, typed: TEXT string, NUMBER number, DATE "YYYY-MM-DD", BOOLEAN boolean.
import { z } from 'zod';
import { tenantDb, Prisma, type FieldType } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';
import { DomainError } from '../errors.ts';

// Keys become merge tags ({{ company }}), so they are identifiers.
const RESERVED = new Set(['email', 'firstname', 'lastname', 'first_name', 'last_name', 'name', 'id', 'status']);
export const fieldInput = z.object({
  key: z.string().trim().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Use lower-case letters, digits and _ (starting with a letter).')
    .refine((k) => !RESERVED.has(k), 'This key is reserved for a built-in field.'),
  label: z.string().trim().min(1, 'Give the field a label.').max(80),
  type: z.enum(['TEXT', 'NUMBER', 'DATE', 'BOOLEAN']),
});

export async function createField(ctx: TenantCtx, input: z.input<typeof fieldInput>) {
  const data = fieldInput.parse(input);
  try {
    return await tenantDb(ctx.tenantId).customField.create({ data: { ...data, tenantId: ctx.tenantId } });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') throw new DomainError('CONFLICT', 'A field with this key already exists.');
    throw e;
  }
}

export async function listFields(ctx: TenantCtx) {
  return tenantDb(ctx.tenantId).customField.findMany({ orderBy: { key: 'asc' } });
}

export async function deleteField(ctx: TenantCtx, fieldId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(fieldId)) throw new DomainError('NOT_FOUND', 'Field not found');
  const r = await tenantDb(ctx.tenantId).customField.deleteMany({ where: { id: fieldId } });
  if (r.count === 0) throw new DomainError('NOT_FOUND', 'Field not found');
}

export type FieldValue = string | number | boolean;

/** Converts one raw (form / CSV) value to the field's type, or returns an error message. */
export function coerceFieldValue(type: FieldType, raw: unknown): { value: FieldValue | null } | { error: string } {
  if (raw === null || raw === undefined || raw === '') return { value: null };
  const s = String(raw).trim();
  switch (type) {
    case 'TEXT':
      return s.length > 1000 ? { error: 'is longer than 1000 characters' } : { value: s };
    case 'NUMBER': {
      const n = typeof raw === 'number' ? raw : Number(s.replace(',', '.'));
      return Number.isFinite(n) ? { value: n } : { error: 'is not a number' };
    }
    case 'DATE': {
      const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
      const d = m ? new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`) : null;
      return d && !Number.isNaN(d.getTime()) && d.toISOString().startsWith(`${m![1]}-${m![2]}-${m![3]}`)
        ? { value: `${m![1]}-${m![2]}-${m![3]}` } : { error: 'is not a date (YYYY-MM-DD)' };
    }
    case 'BOOLEAN': {
      if (typeof raw === 'boolean') return { value: raw };
      const l = s.toLowerCase();
      if (['1', 'true', 'yes', 'ja', 'y', 'on'].includes(l)) return { value: true };
      if (['0', 'false', 'no', 'nein', 'n', 'off'].includes(l)) return { value: false };
      return { error: 'is not yes/no' };
    }
  }
}

/** Typed attributes from raw values; unknown keys and type errors are a VALIDATION error. */
export function parseAttributes(fields: { key: string; label: string; type: FieldType }[], raw: Record<string, unknown>): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(raw)) {
    const f = fields.find((x) => x.key === key);
    if (!f) throw new DomainError('VALIDATION', `Unknown field "${key}".`);
    const r = coerceFieldValue(f.type, value);
    if ('error' in r) throw new DomainError('VALIDATION', `${f.label} ${r.error}.`);
    if (r.value !== null) out[key] = r.value;
  }
  return out;
}
