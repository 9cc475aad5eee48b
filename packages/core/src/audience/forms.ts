// Public signup form protections, without third-party services: a honeypot field, a
// minimum fill time (signed render timestamp), per-IP and per-list rate limits in Redis.
// Each refusal has a plain message; then the normal consent flow runs.
import { getDb } from '@rundbrief/db';
import { systemCtx } from '../context.ts';
import { DomainError } from '../errors.ts';
import { PUBLIC_FOOTER_SELECT, publicFooterOf } from '../accounts/company.ts';
import { sha256, signToken, verifyToken } from '../crypto.ts';
import { takeFromWindow } from '../rate-window.ts';
import { closeSharedRedis } from '../redis.ts';
import { subscribe } from './consent.ts';
import { DEFAULT_FORM_SUCCESS, formSettingsOf } from './lists.ts';

/** Name of the honeypot input: looks attractive to bots, hidden from people. */
export const HONEYPOT_FIELD = 'website';
const MAX_FORM_AGE_MS = 24 * 3600_000;


/** The list behind a public form, or 404. publicId is a random UUID, not the list id. */
export async function getPublicForm(publicId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(publicId)) throw new DomainError('NOT_FOUND', 'This signup form does not exist.');
  const list = await getDb().list.findUnique({ where: { publicId }, include: { tenant: { select: { status: true, ...PUBLIC_FOOTER_SELECT } } } });
  if (!list || list.tenant.status !== 'ACTIVE') throw new DomainError('NOT_FOUND', 'This signup form does not exist.');
  const fields = await getDb().customField.findMany({ where: { tenantId: list.tenantId }, orderBy: { key: 'asc' } });
  return { list, fields, settings: formSettingsOf(list), formToken: formToken(publicId), footer: publicFooterOf(list.tenant) };
}

/** Signed render time, embedded in the form as a hidden field. */
export const formToken = (publicId: string, now = Date.now()) => signToken('form', { l: publicId, t: now });

/** Counts one hit in a fixed window (rate-window.ts); true when the limit is exceeded. Redis down: refused, closed. */
async function overLimit(key: string, limit: number, windowSeconds: number): Promise<boolean> {
  try {
    return !(await takeFromWindow(`form:${key}`, 1, limit, windowSeconds)).ok;
  } catch (err) {
    if (err instanceof DomainError && err.code === 'UNAVAILABLE') throw new DomainError('UNAVAILABLE', 'Signups are unavailable for a moment. Please try again shortly.');
    throw err;
  }
}

export type FormSubmission = {
  publicId: string;
  email: string;
  firstName?: string | null;
  lastName?: string | null;
  attributes?: Record<string, unknown>;
  honeypot?: string | null;
  formToken?: string | null;
  ip: string;
  userAgent?: string | null;
  now?: number;
};

export async function submitSignupForm(input: FormSubmission) {
  const now = input.now ?? Date.now();
  const { list, settings } = await getPublicForm(input.publicId);
  if (input.honeypot && input.honeypot.trim() !== '') {
    throw new DomainError('POLICY', 'Your signup looks automated and was not accepted. If you are a person, please reload the page and try again.');
  }
  const t = input.formToken ? verifyToken<{ l: string; t: number }>('form', input.formToken) : null;
  if (!t || t.l !== input.publicId || now - t.t > MAX_FORM_AGE_MS) {
    throw new DomainError('POLICY', 'This form has expired. Please reload the page and try again.');
  }
  if (now - t.t < settings.minFillSeconds * 1000) {
    throw new DomainError('POLICY', 'The form was sent too quickly. Please wait a moment and send it again.');
  }
  // The IP is hashed in the key: Redis need not hold personal data.
  if (await overLimit(`form-ip:${list.id}:${sha256(input.ip)}`, settings.ipLimit, settings.ipWindowSeconds)) {
    throw new DomainError('RATE_LIMITED', 'Too many signups from your network. Please try again later.');
  }
  if (await overLimit(`form-list:${list.id}`, settings.listLimit, settings.listWindowSeconds)) {
    throw new DomainError('RATE_LIMITED', 'This form is receiving too many signups right now. Please try again in a few minutes.');
  }
  const r = await subscribe(systemCtx(list.tenantId), {
    listId: list.id, email: input.email, firstName: input.firstName, lastName: input.lastName,
    attributes: input.attributes, source: 'FORM', ip: input.ip, userAgent: input.userAgent,
  });
  return {
    ...r,
    message: r.status === 'CONFIRMED' && r.mailed ? `You are subscribed to ${list.name}.` : settings.successMessage,
    // For pages that word the outcome in the list's language: the tenant's own text, if any.
    listName: list.name, language: list.language,
    customMessage: settings.successMessage === DEFAULT_FORM_SUCCESS ? null : settings.successMessage,
  };
}

/** The form limiter uses the shared connection (redis.ts); closing it closes that. */
export async function closeFormLimiter() {
  closeSharedRedis();
}
