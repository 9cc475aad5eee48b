// GET /t/o/<token>.gif: the open pixel. Verifies the signed token, buffers the hit (the
// worker writes events in batches) and answers a 1x1 transparent GIF that no cache may
// keep, so every real open reaches us. A tampered token is a 404.
import { recordOpen } from '@rundbrief/core';
import { clientIp } from '../../../../lib/client-ip.ts';

export const dynamic = 'force-dynamic';

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

async function pixel(req: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const ok = await recordOpen(token, { method: req.method, ua: req.headers.get('user-agent'), ip: await clientIp(req.headers) });
  if (!ok) return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return new Response(req.method === 'HEAD' ? null : new Uint8Array(GIF), {
    headers: {
      'content-type': 'image/gif',
      'content-length': String(GIF.length),
      'cache-control': 'no-store, no-cache, must-revalidate, max-age=0',
      pragma: 'no-cache',
      expires: '0',
    },
  });
}

export const GET = pixel;
// Link checkers probe with HEAD; answered (and flagged as machine) like a GET.
export const HEAD = pixel;
