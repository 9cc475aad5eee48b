import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth';

// Options are built per request so env is read at runtime, not at build time.
function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(authOptions())(req, ctx);
}

export { handler as GET, handler as POST };
