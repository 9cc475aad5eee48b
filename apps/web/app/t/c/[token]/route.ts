// GET /t/c/<token>: click redirect. The token names a message and a link index; the target
// is that campaign's own TrackedLink URL, never anything from the request (no open
// redirect). A tampered token or unknown link is a 404.
import { DomainError, resolveClick } from '@rundbrief/core';
import { clientIp } from '../../../../lib/client-ip.ts';

export const dynamic = 'force-dynamic';

async function redirect(req: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  try {
    const url = await resolveClick(token, { method: req.method, ua: req.headers.get('user-agent'), ip: await clientIp(req.headers) });
    return new Response(null, { status: 302, headers: { location: url, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } });
  } catch (err) {
    if (err instanceof DomainError && err.code === 'NOT_FOUND') {
      return new Response('This link is not valid.', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
    throw err;
  }
}

export const GET = redirect;
// Security gateways probe links with HEAD; they get the same answer and are flagged.
export const HEAD = redirect;
