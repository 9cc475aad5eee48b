// GET /u/<token>: the two-click page (shows one confirm button; a GET never unsubscribes,
// because link scanners and mailbox providers prefetch GETs, RFC 8058 section 1).
// POST /u/<token>: RFC 8058 one-click (body List-Unsubscribe=One-Click, form-urlencoded or
// multipart) answers 200 without a page; the confirm button's POST answers with a page.
import { DomainError, describeUnsubscribeToken, isOneClickBody, preferencesUrl, unsubscribeByToken } from '@rundbrief/core';
import type { Locale } from '@rundbrief/core/i18n/locales';
import { routeTranslator } from '../../../i18n/route-translator.ts';
import { clientIp } from '../../../lib/client-ip.ts';
import { confirmPage, donePage, invalidPage, type PublicT } from './html.ts';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ token: string }> };

const html = (body: string, status = 200) =>
  new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
const text = (body: string, status = 200) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });

const notFound = (err: unknown) => err instanceof DomainError && err.code === 'NOT_FOUND';

/** The subscriber's language when the token names one, else the visitor's (issue 14). */
function translator(req: Request, locale?: Locale): { locale: Locale; t: PublicT } {
  const { locale: lang, t } = routeTranslator(req, 'public', locale);
  return { locale: lang, t: t as unknown as PublicT };
}

export async function GET(req: Request, { params }: Ctx) {
  const { token } = await params;
  try {
    const info = await describeUnsubscribeToken(token);
    const { locale, t } = translator(req, info.language);
    return html(confirmPage(locale, t, { ...info, action: new URL(req.url).pathname, preferencesUrl: preferencesUrl(info.subscriberId) }));
  } catch (err) {
    if (notFound(err)) {
      const { locale, t } = translator(req);
      return html(invalidPage(locale, t), 404);
    }
    throw err;
  }
}

export async function POST(req: Request, { params }: Ctx) {
  const { token } = await params;
  const body = (await req.text()).slice(0, 10_000);
  const contentType = req.headers.get('content-type');
  const oneClick = isOneClickBody(contentType, body);
  const confirmed = !oneClick && new URLSearchParams(body).get('confirm') === '1';
  if (!oneClick && !confirmed) return text('Expected List-Unsubscribe=One-Click (RFC 8058).', 400);
  try {
    const r = await unsubscribeByToken(token, {
      source: oneClick ? 'one-click' : 'link',
      ip: await clientIp(req.headers),
      ua: req.headers.get('user-agent'),
    });
    if (oneClick) return text('Unsubscribed.');
    const info = await describeUnsubscribeToken(token);
    const { locale, t } = translator(req, info.language);
    return html(donePage(locale, t, { email: r.email, senderName: info.senderName, preferencesUrl: preferencesUrl(r.subscriberId), already: !r.changed, footer: info.footer }));
  } catch (err) {
    if (notFound(err)) {
      if (oneClick) return text('Unknown unsubscribe link.', 404);
      const { locale, t } = translator(req);
      return html(invalidPage(locale, t), 404);
    }
    throw err;
  }
}
