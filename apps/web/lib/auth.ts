// next-auth v4: e-mail + password (Credentials) with JWT sessions. The token carries who
// signed in and which membership is active; lib/session.ts re-checks both against the DB
// on every request, so a role change or a password change (sessionVersion) applies at once.
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { authenticate, DomainError, safeRedirectPath, TOTP_REQUIRED } from '@rundbrief/core';
import { getDb } from '@rundbrief/db';
import { webEnv } from './env.ts';
import { clientIp } from './client-ip.ts';
import { coreErrorMessage } from './core-errors.ts';

declare module 'next-auth' {
  interface User {
    tenantId: string | null;
    role: string | null;
    sessionVersion: number;
    isOperator: boolean;
  }
  interface Session {
    user: {
      id: string;
      email: string;
      name?: string | null;
      tenantId: string | null;
      role: string | null;
      isOperator: boolean;
      sessionVersion: number;
    };
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    userId: string;
    tenantId: string | null;
    role: string | null;
    sessionVersion: number;
    isOperator: boolean;
  }
}

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** Thrown from authorize so the login page can show the message (next-auth passes it on). */
class LoginError extends Error {}

export function authOptions(): NextAuthOptions {
  const env = webEnv();
  return {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        name: 'E-mail and password',
        credentials: { email: { label: 'E-mail', type: 'email' }, password: { label: 'Password', type: 'password' }, totp: { label: 'Code', type: 'text' } },
        async authorize(credentials, req) {
          try {
            const user = await authenticate({
              email: credentials?.email ?? '',
              password: credentials?.password ?? '',
              ip: await clientIp(req.headers ?? {}),
              totp: credentials?.totp || undefined,
            });
            const active = user.memberships[0];
            return {
              id: user.userId,
              email: user.email,
              name: user.name,
              tenantId: active?.tenantId ?? null,
              role: active?.role ?? null,
              sessionVersion: user.sessionVersion,
              isOperator: user.isPlatformOperator,
            };
          } catch (err) {
            // The login form shows the code field when it sees TOTP_REQUIRED (prefix), then the message.
            const reason = (err as DomainError).details as { reason?: string } | undefined;
            if (err instanceof DomainError) {
              const message = await coreErrorMessage(err); // core's refusal by its text code, in the user's language
              throw new LoginError(reason?.reason === TOTP_REQUIRED ? `${TOTP_REQUIRED}:${message}` : message);
            }
            throw err;
          }
        },
      }),
    ],
    callbacks: {
      redirect: async (params) => authRedirect(params),
      async jwt({ token, user, trigger, session }) {
        if (user) {
          token.userId = user.id;
          token.tenantId = user.tenantId;
          token.role = user.role;
          token.sessionVersion = user.sessionVersion;
          token.isOperator = user.isOperator;
        }
        // Switching the active tenant: only to a tenant the user is a member of.
        const wanted = (session as { tenantId?: unknown } | undefined)?.tenantId;
        if (trigger === 'update' && typeof wanted === 'string') {
          const m = await getDb().membership.findFirst({ where: { userId: token.userId, tenantId: wanted } });
          if (m) {
            token.tenantId = m.tenantId;
            token.role = m.role;
          }
        }
        return token;
      },
      async session({ session, token }) {
        session.user = {
          id: token.userId,
          email: token.email ?? '',
          name: token.name,
          tenantId: token.tenantId,
          role: token.role,
          isOperator: token.isOperator,
          sessionVersion: token.sessionVersion,
        };
        return session;
      },
    },
  };
}

/**
 * next-auth's redirect after sign-in or sign-out (callbackUrl): only a path on this site, as
 * the login page allows; next-auth's default lets through whatever starts with "/".
 */
export function authRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  let path = url;
  try {
    const absolute = new URL(url);
    path = absolute.origin === new URL(baseUrl).origin ? `${absolute.pathname}${absolute.search}${absolute.hash}` : '';
  } catch {
    // not absolute: a path, checked below
  }
  return `${baseUrl.replace(/\/$/, '')}${safeRedirectPath(path, '/app')}`;
}
