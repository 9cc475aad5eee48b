import path from 'node:path';
import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const isDev = process.env.NODE_ENV !== 'production';
const repoRoot = path.resolve(import.meta.dirname, '../..');

// Nothing is loaded from other hosts (the app runs offline). Pages get a stricter, nonce-based
// policy from proxy.ts; this baseline covers what the proxy skips (API routes, static files,
// prefetches), where no HTML with inline scripts is served. Dev adds eval + the HMR socket.
function csp(frameAncestors: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${isDev ? ' ws: wss:' : ''}`,
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

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
      { source: '/f/:path*', headers: [...common, { key: 'Content-Security-Policy', value: csp('*') }] },
      {
        source: '/((?!f/).*)',
        headers: [...common, { key: 'X-Frame-Options', value: 'DENY' }, { key: 'Content-Security-Policy', value: csp("'none'") }],
      },
    ];
  },
};

// next-intl finds the per-request language and catalogue here (see README, Languages).
export default createNextIntlPlugin('./i18n/request.ts')(nextConfig);
