// Runs before every page render:
// 1. A per-request CSP nonce (the policy itself is lib/csp.ts): Next.js puts it on its own
//    inline bootstrap scripts, so pages need no 'unsafe-inline' for scripts and injected
//    markup cannot run script. (next.config.ts keeps the baseline for what this file skips.)
// 2. Signed-out visitors of /app, /admin and /dev go to /login and come back after signing in.
//    This only checks that the session cookie is valid; pages re-check membership, role and
//    operator status in the database (lib/session.ts). next-auth reads NEXTAUTH_SECRET itself.
import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
import { withAuth, type NextRequestWithAuth } from 'next-auth/middleware';
import { contentSecurityPolicy, isEmbeddablePath } from './lib/csp.ts';

const isDev = process.env.NODE_ENV === 'development';
const PROTECTED = /^\/(app|admin|dev)(\/|$)/;

function withNonce(req: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy({ scripts: { nonce }, embeddable: isEmbeddablePath(req.nextUrl.pathname), dev: isDev });
  const headers = new Headers(req.headers);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set('content-security-policy', csp);
  return res;
}

const guarded = withAuth((req) => withNonce(req), {
  pages: { signIn: '/login' },
  callbacks: { authorized: ({ token }) => Boolean(token?.userId) },
});

export default function proxy(req: NextRequest, event: NextFetchEvent) {
  return PROTECTED.test(req.nextUrl.pathname) ? guarded(req as NextRequestWithAuth, event) : withNonce(req);
}

export const config = {
  matcher: [
    {
      source: '/((?!api/|t/|_next/static|_next/image|favicon.ico|icon.svg).*)', // t/: open/click tracking stays lean
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
