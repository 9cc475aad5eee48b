import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { connection } from 'next/server';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
// Self-hosted Inter (npm package): the app makes no requests to font CDNs.
import '@fontsource-variable/inter';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('shell');
  return { title: { default: 'Rundbrief', template: '%s · Rundbrief' }, description: t('tagline') };
}

// Every page renders per request: the CSP in proxy.ts carries a fresh nonce that Next.js
// can only put on its scripts when rendering dynamically (a prerendered page's scripts
// would be blocked).
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  // The UI language (profile, cookie, browser): see i18n/locale.ts. Client components get the
  // same language, catalogue, formats and time zone from the provider.
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider>{children}</NextIntlClientProvider>
      </body>
    </html>
  );
}
