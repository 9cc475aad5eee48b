// Custom subscriber fields (per tenant). Values live in Subscriber.attributes (JSONB) under
// the field key, typed: TEXT string, NUMBER number, DATE "YYYY-MM-DD", BOOLEAN boolean.
import { z } from 'zod';
import { tenantDb, Prisma, type FieldType } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';
import { DomainError } from '../errors.ts';
import { zodText } from '../texts.ts';

// Keys become merge tags ({{ company }}), so they are identifiers.
const RESERVED = new Set(['email', 'firstname', 'lastname', 'first_name', 'last_name', 'name', 'id', 'status']);
export const fieldInput = z.object({
  key: z.string().trim().regex(/^[a-z][a-z0-9_]{0,39}$/, zodText('fields.keyFormat', 'Use lower-case letters, digits and _ (starting with a letter).'))
    .refine((k) => !RESERVED.has(k), zodText('fields.keyReserved', 'This key is reserved for a built-in field.')),
  label: z.string().trim().min(1, zodText('fields.labelRequired', 'Give the field a label.')).max(80),
  type: z.enum(['TEXT', 'NUMBER', 'DATE', 'BOOLEAN']),
});

export async function createField(ctx: TenantCtx, input: z.input<typeof fieldInput>) {
  const data = fieldInput.parse(input);
  try {
    return await tenantDb(ctx.tenantId).customField.create({ data: { ...data, tenantId: ctx.tenantId } });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') throw new DomainError('CONFLICT', 'A field with this key already exists.').withText('fields.keyTaken');
    throw e;
  }
}

export async function listFields(ctx: TenantCtx) {
  return tenantDb(ctx.tenantId).customField.findMany({ orderBy: { key: 'asc' } });
}

export async function deleteField(ctx: TenantCtx, fieldId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(fieldId)) throw new DomainError('NOT_FOUND', 'Field not found').withText('common.notFound', { what: 'Field' });
  const r = await tenantDb(ctx.tenantId).customField.deleteMany({ where: { id: fieldId } });
  if (r.count === 0) throw new DomainError('NOT_FOUND', 'Field not found').withText('common.notFound', { what: 'Field' });
}

export type FieldValue = string | number | boolean;

/** A German number: 1.234,56 / 1234,56 / -3 (the dot groups thousands, the comma is decimal). */
const GERMAN_NUMBER = /^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/;
/** 31.12.2026 or 1.2.2026 (German, TT.MM.JJJJ); no two-digit years: 01.02.26 is ambiguous. */
const GERMAN_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

function isoDate(y: string, m: string, d: string): string | null {
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const t = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().startsWith(iso) ? iso : null;
}

/**
 * Converts one raw (form / CSV) value to the field's type, or returns an error message.
 * `decimalComma`: the value comes from a German file (import detection): 1.234,56 is
 * 1234.56 and 1.234 is 1234, so a dot-decimal 1.5 is refused rather than misread. Dates
 * are YYYY-MM-DD or TT.MM.JJJJ in any file: the dotted form is day-first wherever it is used.
 */
export function coerceFieldValue(type: FieldType, raw: unknown, opts: { decimalComma?: boolean } = {}): { value: FieldValue | null } | { error: string; text: string } {
  if (raw === null || raw === undefined || raw === '') return { value: null };
  const s = String(raw).trim();
  switch (type) {
    case 'TEXT':
      return s.length > 1000 ? { error: 'is longer than 1000 characters', text: 'fields.tooLong' } : { value: s };
    case 'NUMBER': {
      if (typeof raw === 'number') return Number.isFinite(raw) ? { value: raw } : { error: 'is not a number', text: 'fields.notNumber' };
      if (opts.decimalComma) {
        return GERMAN_NUMBER.test(s) ? { value: Number(s.replace(/\./g, '').replace(',', '.')) } : { error: 'is not a number in the German format of this file (1.234,56)', text: 'fields.notGermanNumber' };
      }
      const n = Number(s.replace(',', '.'));
      return Number.isFinite(n) ? { value: n } : { error: 'is not a number', text: 'fields.notNumber' };
    }
    case 'DATE': {
      const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
      const de = GERMAN_DATE.exec(s);
      const value = iso ? isoDate(iso[1]!, iso[2]!, iso[3]!) : de ? isoDate(de[3]!, de[2]!, de[1]!) : null;
      return value ? { value } : { error: 'is not a date (YYYY-MM-DD or TT.MM.JJJJ)', text: 'fields.notDate' };
    }
    case 'BOOLEAN': {
      if (typeof raw === 'boolean') return { value: raw };
      const l = s.toLowerCase();
      if (['1', 'true', 'yes', 'ja', 'y', 'on'].includes(l)) return { value: true };
      if (['0', 'false', 'no', 'nein', 'n', 'off'].includes(l)) return { value: false };
      return { error: 'is not yes/no', text: 'fields.notBoolean' };
    }
  }
}

/** Typed attributes from raw values; unknown keys and type errors are a VALIDATION error. */
export function parseAttributes(fields: { key: string; label: string; type: FieldType }[], raw: Record<string, unknown>): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(raw)) {
    const f = fields.find((x) => x.key === key);
    if (!f) throw new DomainError('VALIDATION', `Unknown field "${key}".`).withText('fields.unknown', { key });
    const r = coerceFieldValue(f.type, value);
    if ('error' in r) throw new DomainError('VALIDATION', `${f.label} ${r.error}.`).withText(r.text, { label: f.label });
    if (r.value !== null) out[key] = r.value;
  }
  return out;
}
