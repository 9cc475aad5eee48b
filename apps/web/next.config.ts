import path from 'node:path';
import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';
import { contentSecurityPolicy } from './lib/csp.ts';

const isDev = process.env.NODE_ENV !== 'production';
const repoRoot = path.resolve(import.meta.dirname, '../..');

// The baseline CSP (lib/csp.ts) for what proxy.ts skips; pages get the nonce-based one there.
const csp = (embeddable: boolean) => contentSecurityPolicy({ scripts: 'baseline', embeddable, dev: isDev });

const common = [
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()' },
];

const nextConfig: NextConfig = {
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  // Our packages are TypeScript source with explicit .ts imports; Next compiles them.
  transpilePackages: ['@rundbrief/core', '@rundbrief/db', '@rundbrief/mailer'],
  // Native bindings and large CommonJS packages stay plain Node requires at runtime.
  serverExternalPackages: [
    '@node-rs/argon2', '@prisma/client', '@prisma/adapter-pg', 'pg', 'pg-copy-streams', 'ioredis', 'bullmq',
    'mjml', 'nodemailer', 'smtp-server', 'mailparser', 'dns2', 'mailauth',
  ],
  turbopack: { root: repoRoot },
  outputFileTracingRoot: repoRoot,
  poweredByHeader: false,
  experimental: { authInterrupts: true },
  async headers() {
    return [
      // Public signup forms (/f/...) may be embedded in the tenant's own site.
      { source: '/f/:path*', headers: [...common, { key: 'Content-Security-Policy', value: csp(true) }] },
      {
        source: '/((?!f/).*)',
        headers: [...common, { key: 'X-Frame-Options', value: 'DENY' }, { key: 'Content-Security-Policy', value: csp(false) }],
      },
    ];
  },
};

// next-intl finds the per-request language and catalogue here (see README, Languages).
export default createNextIntlPlugin('./i18n/request.ts')(nextConfig);
