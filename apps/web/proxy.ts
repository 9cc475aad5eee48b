// Signed-out visitors of the app, operator and dev pages go to /login (and come back after
// signing in). This only checks that the session cookie is valid; the pages themselves
// re-check membership, role and operator status in the database (lib/session.ts).
// next-auth reads NEXTAUTH_SECRET itself; lib/env.ts validates it when the app starts
// serving, and this file stays free of the database and queue imports.
import { withAuth } from 'next-auth/middleware';

export default withAuth({
  pages: { signIn: '/login' },
  callbacks: { authorized: ({ token }) => Boolean(token?.userId) },
});

export const config = {
  matcher: ['/app/:path*', '/admin/:path*', '/dev/:path*'],
};
