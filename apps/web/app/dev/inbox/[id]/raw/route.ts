// The sink's copy of one message exactly as received (message/rfc822): opens in a mail
// client, and lets a test verify DKIM/SPF/DMARC on the very bytes the sink accepted.
import { getTranslations } from 'next-intl/server';
import { DomainError } from '@rundbrief/core';
import { getSinkMessage } from '@rundbrief/core/platform/sink-inbox';
import { requireOperatorActor } from '@/lib/operator-actor';

export const dynamic = 'force-dynamic';

export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const actor = await requireOperatorActor();
  const { id } = await params;
  try {
    const msg = await getSinkMessage(actor, id);
    return new Response(msg.raw, {
      headers: {
        'content-type': 'message/rfc822',
        'content-disposition': `attachment; filename="message-${msg.id.slice(0, 8)}.eml"`,
        'cache-control': 'no-store',
        // What the sink saw on the wire, for checks that need the SMTP transaction.
        'x-sink-remote-ip': msg.remoteIp,
        'x-sink-mail-from': msg.mailFrom,
        'x-sink-helo': msg.heloName ?? '',
      },
    });
  } catch (err) {
    if (err instanceof DomainError && err.code === 'NOT_FOUND') return new Response((await getTranslations('dev'))('message.notFound'), { status: 404 });
    throw err;
  }
}
