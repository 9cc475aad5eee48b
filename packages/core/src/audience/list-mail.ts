// The two mails a list sends by itself: the double opt-in confirmation and the optional
// welcome mail. Both are MJML edited on the list settings page and go through the campaign
// renderer: compiled once per list version (cached here, keyed by everything that goes
// into the compiled output), then merged per recipient with string joins only.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { getDb, tenantDb } from '@rundbrief/db';
import {
  compileCampaign, compileForPreview, renderForRecipient, sampleMergeVars, TemplateCompileError,
  type CampaignSource, type CompiledCampaign, type RenderedMessage, type TemplateIssue,
} from '@rundbrief/mailer/render/index';
import type { TenantCtx } from '../context.ts';
import { coreEnv } from '../env.ts';
import { tenantMergeContext } from '../authoring/source.ts';
import { footerImprint, IMPRINT_SELECT } from '../accounts/company.ts';
import { mjmlHead } from '../authoring/starters.ts';
import type { Locale } from '../i18n/locales.ts';
import { mailDateTime } from '../i18n/mail-date.ts';
import { DE_CONFIRMATION_MJML, DE_CONFIRMATION_SUBJECT, DE_WELCOME_MJML, DE_WELCOME_SUBJECT } from './list-mail-de.ts';

export type ListMailKind = 'confirmation' | 'welcome';

export const DEFAULT_CONFIRMATION_SUBJECT = 'Please confirm your subscription to {{ list_name }}';
export const DEFAULT_CONFIRMATION_MJML = `<mjml>
${mjmlHead('Please confirm your subscription')}
  <mj-body background-color="#f3f4f6">
    <mj-section background-color="#ffffff" padding="24px">
      <mj-column>
        <mj-text>Hello {{ firstName | "there" }},</mj-text>
        <mj-text>please confirm that you want to receive <strong>{{ list_name }}</strong> from {{ sender_name }}.</mj-text>
        <mj-button href="{{ confirm_url }}" background-color="#2563eb">Yes, subscribe me</mj-button>
        <mj-text font-size="13px" color="#4b5563">If the button does not work, open this link: <a href="{{ confirm_url }}">{{ confirm_url }}</a></mj-text>
        <mj-text font-size="13px" color="#4b5563">The link is valid until {{ confirm_until }}. If you did not sign up, ignore this mail: you will not hear from us again.</mj-text>
      </mj-column>
    </mj-section>
    <mj-section padding="8px 0 24px">
      <mj-column>
        <mj-text align="center" font-size="11px" color="#9ca3af">{{ imprint }}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
`;

export const DEFAULT_WELCOME_SUBJECT = 'Welcome to {{ list_name }}';
export const DEFAULT_WELCOME_MJML = `<mjml>
${mjmlHead('Welcome')}
  <mj-body background-color="#f3f4f6">
    <mj-section background-color="#ffffff" padding="24px">
      <mj-column>
        <mj-text>Hello {{ firstName | "there" }},</mj-text>
        <mj-text>welcome to <strong>{{ list_name }}</strong>! Your subscription is confirmed; you will hear from {{ sender_name }} soon.</mj-text>
      </mj-column>
    </mj-section>
    <mj-section padding="8px 0 24px">
      <mj-column>
        <mj-text align="center" font-size="12px" color="#6b7280" line-height="18px">
          You receive this because you subscribed to {{ list_name }}.<br />
          <a href="{{ unsubscribe_url }}" style="color:#6b7280">Unsubscribe</a> ·
          <a href="{{ preferences_url }}" style="color:#6b7280">Manage your data</a>
        </mj-text>
        <mj-text align="center" font-size="11px" color="#9ca3af">{{ imprint }}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
`;

/** The built-in mail in the list's language (issue 14); a list's own texts are used as written. */
export const defaultListMail = (kind: ListMailKind, locale: Locale = 'en') =>
  locale === 'de'
    ? kind === 'confirmation' ? { subject: DE_CONFIRMATION_SUBJECT, mjml: DE_CONFIRMATION_MJML } : { subject: DE_WELCOME_SUBJECT, mjml: DE_WELCOME_MJML }
    : kind === 'confirmation' ? { subject: DEFAULT_CONFIRMATION_SUBJECT, mjml: DEFAULT_CONFIRMATION_MJML } : { subject: DEFAULT_WELCOME_SUBJECT, mjml: DEFAULT_WELCOME_MJML };

type ListMailList = {
  id: string; name: string; language?: Locale;
  confirmationSubject: string | null; confirmationMjml: string | null;
  welcomeSubject: string | null; welcomeMjml: string | null;
};
type Sender = { name: string; imprint: string | null };

/** `{{ sender_name }}` is the company's default sender name (else the account name); the footer its imprint. */
async function listMailSender(tenantId: string): Promise<Sender> {
  const t = await getDb().tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true, defaultSenderName: true, ...IMPRINT_SELECT } });
  return { name: t.defaultSenderName?.trim() || t.name, imprint: footerImprint(t) };
}
type Content = { subject: string; mjml: string };

/** What a list's stored columns mean: null falls back to the built-in template. */
export function listMailContent(list: ListMailList, kind: ListMailKind): Content {
  const d = defaultListMail(kind, list.language);
  return kind === 'confirmation'
    ? { subject: list.confirmationSubject?.trim() || d.subject, mjml: list.confirmationMjml?.trim() ? list.confirmationMjml : d.mjml }
    : { subject: list.welcomeSubject?.trim() || d.subject, mjml: list.welcomeMjml?.trim() ? list.welcomeMjml : d.mjml };
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const constantTag = (name: string) => new RegExp(`\\{\\{\\s*${name}\\s*\\}\\}`, 'g');

/**
 * `{{ list_name }}` and `{{ sender_name }}` are the same for every recipient of a list, so
 * they are written into the source before compiling (the cache key covers both).
 */
function withConstants(c: Content, listName: string, sender: Sender): Content {
  const fill = (s: string, esc: (v: string) => string) =>
    s.replace(constantTag('list_name'), () => esc(listName)).replace(constantTag('sender_name'), () => esc(sender.name));
  return { subject: fill(c.subject, (v) => v), mjml: fill(c.mjml, xmlEscape) };
}

function sourceOf(kind: ListMailKind, c: Content, listName: string, sender: Sender, customFields: string[]): CampaignSource {
  const filled = withConstants(c, listName, sender);
  return {
    subject: filled.subject,
    mjml: filled.mjml,
    // Consent mail is not marketing: no open pixel, no click redirects.
    trackClicks: false,
    trackOpens: false,
    // The footer never goes out empty: without an imprint the sender's name stands in.
    imprint: sender.imprint?.trim() || sender.name,
    customFields,
    consentTags: kind === 'confirmation' ? ['confirm_url', 'confirm_until'] : [],
  };
}

/** Rules beyond "it compiles": the confirmation link, the unsubscribe link, the imprint. */
function requirementIssues(kind: ListMailKind, compiled: CompiledCampaign): string[] {
  const out: string[] = [];
  const slots = compiled.html.slots;
  if (kind === 'confirmation' && !slots.some((s) => s.k === 'confirm' && s.esc === 'url')) {
    out.push('The confirmation mail must contain the confirmation link, e.g. <a href="{{ confirm_url }}">Yes, subscribe me</a>.');
  }
  if (kind === 'welcome' && !slots.some((s) => s.k === 'unsubscribe' && s.esc === 'url')) {
    out.push('The welcome mail must contain an unsubscribe link, e.g. <a href="{{ unsubscribe_url }}">Unsubscribe</a>.');
  }
  if (!slots.some((s) => s.k === 'imprint')) out.push('Add your imprint to the mail with the {{ imprint }} tag.');
  return out;
}

const formatIssue = (i: TemplateIssue) => (i.line ? `Line ${i.line}: ${i.message}` : i.message);

/**
 * Checks a list's mail on save. Throws a ZodError with the problems on the field they
 * belong to (`<kind>Mjml`, `<kind>Subject`), so the form shows them inline.
 */
export async function checkListMail(ctx: TenantCtx, input: { kind: ListMailKind; listName: string; subject: string | null; mjml: string | null; language?: Locale }) {
  const [tenant, merge] = await Promise.all([
    listMailSender(ctx.tenantId),
    tenantMergeContext(ctx.tenantId),
  ]);
  const d = defaultListMail(input.kind, input.language);
  const content = { subject: input.subject?.trim() || d.subject, mjml: input.mjml?.trim() ? input.mjml : d.mjml };
  const issues: z.core.$ZodIssue[] = [];
  const add = (field: 'Mjml' | 'Subject', message: string) =>
    issues.push({ code: 'custom', path: [`${input.kind}${field}`], message, input: undefined });
  try {
    const compiled = await compileCampaign(sourceOf(input.kind, content, input.listName, tenant, merge.customFields));
    for (const m of requirementIssues(input.kind, compiled)) add('Mjml', m);
  } catch (err) {
    if (!(err instanceof TemplateCompileError)) throw err;
    for (const i of err.issues) {
      if (/^Subject: /.test(i.message)) add('Subject', i.message.slice('Subject: '.length));
      else add('Mjml', formatIssue(i));
    }
  }
  if (issues.length) throw new z.ZodError(issues);
}

// Compiled templates by list version. Small and per process: a list's mail changes rarely,
// and the key changes with every input (list content, list name, tenant name, imprint,
// custom fields), so an entry can never be stale, only unused.
const CACHE_MAX = 500;
const cache = new Map<string, Promise<CompiledCampaign>>();

function cacheKey(kind: ListMailKind, list: ListMailList, sender: Sender, customFields: string[]): string {
  const c = listMailContent(list, kind);
  const h = createHash('sha256');
  for (const part of [kind, list.id, list.name, c.subject, c.mjml, sender.name, sender.imprint ?? '', customFields.join(',')]) h.update(part).update('\0');
  return h.digest('base64url');
}

async function compiledListMail(kind: ListMailKind, list: ListMailList, sender: Sender, customFields: string[]): Promise<CompiledCampaign> {
  const key = cacheKey(kind, list, sender, customFields);
  let hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  hit = compileCampaign(sourceOf(kind, listMailContent(list, kind), list.name, sender, customFields));
  cache.set(key, hit);
  // A failed compile is not kept: the next mail retries (and fails loudly again).
  hit.catch(() => cache.delete(key));
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
  return hit;
}

export type ListMailRecipient = {
  email: string; firstName?: string | null; lastName?: string | null; attributes?: unknown;
  unsubscribeUrl: string; preferencesUrl: string; confirmUrl?: string; confirmUntil?: string;
};

/** Renders a list's stored mail for one recipient (compiling at most once per list version). */
export async function renderListMail(ctx: TenantCtx, input: { kind: ListMailKind; list: ListMailList; to: ListMailRecipient }): Promise<RenderedMessage> {
  const [tenant, merge] = await Promise.all([
    listMailSender(ctx.tenantId),
    tenantMergeContext(ctx.tenantId),
  ]);
  const compiled = await compiledListMail(input.kind, input.list, tenant, merge.customFields);
  const t = input.to;
  return renderForRecipient(compiled, {
    email: t.email, firstName: t.firstName, lastName: t.lastName,
    attributes: t.attributes && typeof t.attributes === 'object' ? (t.attributes as Record<string, unknown>) : {},
    unsubscribeUrl: t.unsubscribeUrl, preferencesUrl: t.preferencesUrl, confirmUrl: t.confirmUrl, confirmUntil: t.confirmUntil,
  });
}

/** Live preview on the list settings page: sample recipient, problems next to the result. */
export async function previewListMail(ctx: TenantCtx, input: { kind: ListMailKind; listName: string; subject?: string | null; mjml: string; language?: Locale }) {
  const [tenant, merge] = await Promise.all([
    listMailSender(ctx.tenantId),
    tenantMergeContext(ctx.tenantId),
  ]);
  // the built-in subject of the list's language, as the mail itself will have it
  const d = defaultListMail(input.kind, input.language);
  const source = sourceOf(input.kind, { subject: input.subject?.trim() || d.subject, mjml: input.mjml.slice(0, 1_000_000) }, input.listName, tenant, merge.customFields);
  const { compiled, issues } = await compileForPreview(source);
  if (!compiled) return { html: null, text: '', subject: source.subject, issues };
  const extra = requirementIssues(input.kind, compiled).map((message) => ({ line: null, message }));
  const base = coreEnv().APP_URL.replace(/\/$/, '');
  // {{ confirm_until }} as consent-mail.ts consentDate writes it: "December 14, 2026, 14:05 UTC"
  const until = mailDateTime(new Date(Date.now() + 7 * 86_400_000), input.language);
  const r = renderForRecipient(compiled, { ...sampleMergeVars({ appUrl: base }), confirmUrl: `${base}/confirm/preview`, confirmUntil: until });
  return { html: r.html, text: r.text, subject: r.subject, issues: [...issues, ...extra] };
}

/**
 * The tenant's own sender for list mail: its oldest identity on a verified domain, so the
 * confirmation comes from the brand the person signed up with. None: the platform sender.
 */
export async function listMailIdentity(tenantId: string): Promise<string | undefined> {
  const identity = await tenantDb(tenantId).senderIdentity.findFirst({
    where: { domain: { verifiedAt: { not: null } } },
    orderBy: { createdAt: 'asc' },
    select: { id: true },
  });
  return identity?.id;
}
