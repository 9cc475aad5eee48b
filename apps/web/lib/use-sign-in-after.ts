'use client';
// After a successful sign-up or invitation acceptance the account exists: sign in with the
// same credentials (users with TOTP finish on the login page, which asks for the code).
import { useEffect, type RefObject } from 'react';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';

export function useSignInAfter(state: { ok: true; data: { email: string } } | { ok: false }, password: RefObject<string>) {
  const router = useRouter();
  useEffect(() => {
    if (!state.ok) return;
    void signIn('credentials', { redirect: false, email: state.data.email, password: password.current }).then((r) => {
      router.replace(r && !r.error ? '/app' : '/login');
    });
  }, [state, router, password]);
}
