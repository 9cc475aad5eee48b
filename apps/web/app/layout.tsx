import type { Metadata } from 'next';
import type { ReactNode } from 'react';
// Self-hosted Inter (npm package): the app makes no requests to font CDNs.
import '@fontsource-variable/inter';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Rundbrief', template: '%s · Rundbrief' },
  description: 'E-mail marketing that arrives.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
