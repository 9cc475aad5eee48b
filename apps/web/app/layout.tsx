import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { connection } from 'next/server';
// Self-hosted Inter (npm package): the app makes no requests to font CDNs.
import '@fontsource-variable/inter';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Rundbrief', template: '%s · Rundbrief' },
  description: 'E-mail marketing that arrives.',
};

// Every page renders per request: the CSP in proxy.ts carries a fresh nonce that Next.js
// can only put on its scripts when rendering dynamically (a prerendered page's scripts
// would be blocked).
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
