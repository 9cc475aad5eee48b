// POST endpoint of the hosted / embedded signup form. Form posts get a small result page
// (works without JavaScript); `Accept: application/json` gets JSON. Every refusal is a
// 4xx with a plain message. The result page speaks the list's language (issue 14); JSON
// keeps core's English message for integrators.
import { getTranslations } from 'next-intl/server';
import { DomainError, getPublicForm, httpStatusFor, submitSignupForm, HONEYPOT_FIELD } from '@rundbrief/core';
import { DEFAULT_LOCALE, type Locale } from '@rundbrief/core/i18n/locales';
import { clientIp } from '../../../../lib/client-ip.ts';

export const dynamic = 'force-dynamic';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(locale: Locale, title: string, message: string, back: { href: string; label: string } | null, status: number) {
  const body = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)}</title><style>body{font:16px/1.5 system-ui,sans-serif;color:#1b1f24;background:#f6f7f9;margin:0}
main{max-width:480px;margin:8vh auto;padding:28px;background:#fff;border:1px solid #dfe3e8;border-radius:8px}a{color:#3b4fd8}</style></head>
<body><main><h1>${esc(title)}</h1><p role="${status < 300 ? 'status' : 'alert'}" data-testid="form-result">${esc(message)}</p>${back ? `<p><a href="${esc(back.href)}">${esc(back.label)}</a></p>` : ''}</main></body></html>`;
  return new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}

const ERROR_CODES = ['VALIDATION', 'POLICY', 'RATE_LIMITED', 'NOT_FOUND'];

export async function POST(req: Request, { params }: { params: Promise<{ publicId: string }> }) {
  const { publicId } = await params;
  const wantsJson = (req.headers.get('accept') ?? '').includes('application/json');
  const url = new URL(req.url);
  const locale = (await getPublicForm(publicId).catch(() => null))?.list.language ?? DEFAULT_LOCALE;
  const t = await getTranslations({ locale, namespace: 'public.form' });
  const back = { href: `/f/${publicId}${url.searchParams.get('embed') ? '?embed=1' : ''}`, label: t('back') };
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    return wantsJson ? Response.json({ error: { code: 'BAD_REQUEST', message: 'Send the form fields as form data.' } }, { status: 400 }) : page(locale, t('failed'), t('badBody'), back, 400);
  }
  const str = (k: string) => { const v = form.get(k); return typeof v === 'string' ? v : ''; };
  const attributes: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (k.startsWith('field.') && typeof v === 'string' && v !== '') attributes[k.slice(6)] = v;
  try {
    const r = await submitSignupForm({
      publicId, email: str('email'), firstName: str('firstName'), lastName: str('lastName'), attributes,
      honeypot: str(HONEYPOT_FIELD), formToken: str('_t'), ip: await clientIp(req.headers), userAgent: req.headers.get('user-agent'),
    });
    if (wantsJson) return Response.json({ status: r.status, message: r.message });
    const message = r.status === 'CONFIRMED' && r.mailed ? t('subscribed', { list: r.listName }) : (r.customMessage ?? t('almostDone'));
    return page(locale, t('thanks'), message, null, 200);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const status = err.code === 'NOT_FOUND' ? 404 : httpStatusFor(err);
    if (wantsJson) return Response.json({ error: { code: err.code, message: err.message } }, { status });
    // English keeps core's precise wording; other languages say it by the refusal's kind.
    const message = locale === 'en' ? err.message : t(`errors.${ERROR_CODES.includes(err.code) ? err.code : 'other'}`);
    return page(locale, t('refused'), message, back, status);
  }
}
