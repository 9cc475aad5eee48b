// GDPR Art. 20: everything we hold about the subscriber as a JSON download.
import { DomainError, exportSubscriberData, subscriberByPreferencesToken } from '@rundbrief/core';

export const dynamic = 'force-dynamic';

export async function GET(_req: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  try {
    const { tenantId, subscriberId } = await subscriberByPreferencesToken(token);
    const data = await exportSubscriberData({ tenantId }, subscriberId);
    return new Response(JSON.stringify(data, null, 2), {
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': 'attachment; filename="my-data.json"',
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
