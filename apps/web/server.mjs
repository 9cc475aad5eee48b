// Entry for the web app: `next start` (or `next dev` with --dev) plus one thing it cannot
// do — tell the app the TCP peer address. Next.js keeps a client-sent X-Forwarded-For as is,
// so without this a client could claim any IP and walk past the tenant IP allowlist and
// login throttling. Every request gets x-rundbrief-peer = "<socket address> <HMAC>" (a
// client-sent one is overwritten), keyed with a secret made here per process; lib/client-ip.ts
// checks it. X-Forwarded-For is believed only from the operator's trusted proxies.
//   PORT=3000 HOST=0.0.0.0 node apps/web/server.mjs      (after `next build` in apps/web)
import { createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import path from 'node:path';
import next from 'next';

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? '0.0.0.0';
const dev = process.argv.includes('--dev');
const peerKey = randomBytes(32).toString('hex');
process.env.RUNDBRIEF_PEER_KEY = peerKey;
const app = next({ dev, dir: path.dirname(new URL(import.meta.url).pathname), hostname, port });
const handle = app.getRequestHandler();

await app.prepare();
/** Next.js answers a route whose path has broken percent-encoding (/u/%E0%A4%A) with a 500. */
function decodablePath(url = '/') {
  try {
    decodeURIComponent(url.split('?')[0]);
    return true;
  } catch {
    return false;
  }
}

// Next.js refuses a server action body over its 1 MB default (serverActions.bodySizeLimit)
// by throwing, which the client sees as a 500; a declared length over it gets a 413 here.
const ACTION_BODY_LIMIT = 1024 * 1024;

const server = createServer((req, res) => {
  if (!decodablePath(req.url)) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad request: the address is not valid percent-encoding.');
    return;
  }
  if (req.headers['next-action'] && Number(req.headers['content-length'] ?? 0) > ACTION_BODY_LIMIT) {
    // Read the body to its end first: a client still sending would see a reset, not the 413.
    req.resume().on('end', () => res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8' }).end('The request is too large (at most 1 MB).'));
    return;
  }
  const peer = req.socket.remoteAddress ?? '';
  const ip = peer.startsWith('::ffff:') ? peer.slice(7) : peer;
  req.headers['x-rundbrief-peer'] = `${ip} ${createHmac('sha256', peerKey).update(ip).digest('base64url')}`;
  handle(req, res);
});
server.listen(port, hostname, () => console.log(`web: listening on http://${hostname}:${port}`));

function shutdown() {
  server.close(() => process.exit(0));
  // Keep-alive sockets can hold close() open; do not hang a Ctrl-C.
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
