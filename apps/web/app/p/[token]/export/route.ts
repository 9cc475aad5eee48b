// GDPR Art. 20: everything we hold about the subscriber as a JSON download.
// Keys stay English (machine-readable); the explanation and file name speak the language of
// the subscriber's lists (issue 14).
import { DomainError, exportSubscriberData, subscriberByPreferencesToken } from '@rundbrief/core';
import { coreTranslator } from '@rundbrief/core/i18n/translate';
import { subscriberLocale } from '@rundbrief/core/i18n/user-locale';

export const dynamic = 'force-dynamic';

export async function GET(_req: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  try {
    const { tenantId, subscriberId } = await subscriberByPreferencesToken(token);
    const [data, language] = await Promise.all([exportSubscriberData({ tenantId }, subscriberId), subscriberLocale(tenantId, subscriberId)]);
    const t = coreTranslator(language, 'consent');
    return new Response(JSON.stringify({ about: t('exportAbout', { controller: data.controller.name }), language, ...data }, null, 2), {
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="${t('exportFile')}"`,
        'cache-control': 'no-store',
      },
    });
  } catch (e) {
    if (e instanceof DomainError && (e.code === 'NOT_FOUND' || e.code === 'GONE')) {
      return Response.json({ error: { code: e.code, message: e.message } }, { status: e.code === 'GONE' ? 410 : 404 });
    }
    throw e;
  }
}
