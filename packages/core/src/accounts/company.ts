// Company settings: who sends (legal name, postal address, imprint text), where receivers
// report abuse, and the name `{{ sender_name }}` stands for in opt-in and welcome mails.
// Name and address are what an Impressum (German DDG § 5) and CAN-SPAM's "valid physical
// postal address" require in every mail, so they make up the `{{ imprint }}` footer and the
// footer of public pages.
import { z } from 'zod';
import { getDb, parseEnv } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';
import { requireRole } from './access.ts';
import { auditBy, recordAudit } from './audit.ts';
import { zodText } from '../texts.ts';

/** One line: a CR or LF here would end a mail header or break the footer's layout. */
const oneLine = (label: string, max: number) => z.string().trim()
  .max(max, `${label}: at most ${max} characters.`)
  .refine((v) => !/[\r\n]/.test(v), `${label} must be on one line.`);

/** Several lines, stored with LF only so the footer renders the same everywhere. */
const multiLine = (label: string, max: number) => z.string()
  .transform((v) => v.replace(/\r\n?/g, '\n').trim())
  .pipe(z.string().max(max, `${label}: at most ${max} characters.`));

/** Left out, null or blank: stored as null (the field is cleared). */
const optional = <T extends z.ZodType<string, string>>(s: T) => z.string().nullish().transform((v) => v ?? '').pipe(s).transform((v) => (v === '' ? null : v));

export const companySettingsInput = z.object({
  legalName: oneLine('Legal name', 200).pipe(z.string().min(1, 'Enter the legal name of your company or your own name.')),
  postalAddress: multiLine('Postal address', 500).pipe(z.string().min(1, zodText('accounts.postalAddress', 'Enter a postal address: the law requires it in every mail.'))),
  imprint: optional(multiLine('Imprint', 4000)),
  abuseContact: optional(oneLine('Abuse contact', 254).pipe(z.union([z.literal(''), z.email('Enter an e-mail address, e.g. abuse@example.com.')]))),
  defaultSenderName: optional(oneLine('Default sender name', 100)),
});
export type CompanySettings = z.output<typeof companySettingsInput>;

/** The tenant columns the footer is made of; select these and pass the row to `footerImprint` / `mailImprint`. */
export const IMPRINT_SELECT = { legalName: true, postalAddress: true, imprint: true, abuseContact: true } as const;

const abuseEnv = z.object({
  APP_URL: z.string().default('http://localhost:3000'),
  /** Where recipients report abuse of a tenant that named no abuse contact (the platform's desk). */
  PLATFORM_ABUSE_CONTACT: z.string().trim().default(''),
});

/** The platform's abuse address: PLATFORM_ABUSE_CONTACT, else abuse@ the app's host (RFC 2142). */
export function platformAbuseContact(): string {
  const env = parseEnv(abuseEnv);
  if (env.PLATFORM_ABUSE_CONTACT) return env.PLATFORM_ABUSE_CONTACT;
  let host = 'localhost';
  try {
    host = new URL(env.APP_URL).hostname || host;
  } catch {
    // a malformed APP_URL is refused by coreEnv; the footer never throws over it
  }
  return `abuse@${host}`;
}

/** The tenant's abuse contact, or the platform's when the tenant has not entered one. */
export const abuseContactOf = (t: { abuseContact: string | null }) => t.abuseContact || platformAbuseContact();

/**
 * The `{{ imprint }}` of campaign mails: the footer text and, next to the postal address,
 * where to report abuse (null, like footerImprint, when no company details are entered).
 */
export function mailImprint(t: Parameters<typeof footerImprint>[0] & { abuseContact: string | null }): string | null {
  const text = footerImprint(t);
  return text && `${text}\nReport abuse: ${abuseContactOf(t)}`;
}

/**
 * The footer text of mails (`{{ imprint }}`) and public pages: legal name, postal address and
 * the free imprint text, each on its own line; null when the tenant has entered none of them.
 */
export function footerImprint(t: { legalName: string | null; postalAddress: string | null; imprint: string | null }): string | null {
  const text = [t.legalName, t.postalAddress, t.imprint].map((v) => v?.trim()).filter(Boolean).join('\n');
  return text || null;
}

export const PUBLIC_FOOTER_SELECT = { name: true, ...IMPRINT_SELECT } as const;
/** abuseContact: the tenant's, else the platform's (never empty since both exist). */
export type PublicFooter = { imprint: string; abuseContact: string | null };

/**
 * The footer of the tenant's public pages (form, confirmation, unsubscribe, preferences): who
 * is behind them and where to report abuse. Without company details the account name stands in.
 */
export function publicFooterOf(t: { name: string; abuseContact: string | null } & Parameters<typeof footerImprint>[0]): PublicFooter {
  return { imprint: footerImprint(t) ?? t.name, abuseContact: abuseContactOf(t) };
}

/** For public pages that reached the tenant through a verified token (no session, no role). */
export async function publicFooter(tenantId: string): Promise<PublicFooter> {
  const t = await getDb().tenant.findUnique({ where: { id: tenantId }, select: PUBLIC_FOOTER_SELECT });
  return t ? publicFooterOf(t) : { imprint: '', abuseContact: null };
}


const SETTINGS_SELECT = { ...IMPRINT_SELECT, abuseContact: true, defaultSenderName: true } as const;

export async function getCompanySettings(ctx: TenantCtx) {
  await requireRole(ctx, 'VIEWER');
  const t = await getDb().tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { name: true, ...SETTINGS_SELECT } });
  return { ...t, footer: footerImprint(t) };
}

export async function updateCompanySettings(ctx: TenantCtx, input: z.input<typeof companySettingsInput>): Promise<CompanySettings> {
  const settings = companySettingsInput.parse(input);
  const me = await requireRole(ctx, 'ADMIN');
  const before = await getDb().tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: SETTINGS_SELECT });
  await getDb().tenant.update({ where: { id: ctx.tenantId }, data: settings });
  await recordAudit(ctx.tenantId, { ...auditBy(ctx, me.email), action: 'company.settings_changed', details: { before, after: settings } });
  return settings;
}
