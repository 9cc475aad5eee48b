// Process entry for the inbound SMTP server: `npm run inbound -w @rundbrief/worker`.
// Loopback by default (development, tests); production binds a public address on port 25
// behind the MX of BOUNCE_DOMAIN. The worker process applies what this one accepts.
import { z } from 'zod';
import { closeQueues, coreEnvSchema, parseEnv } from '@rundbrief/core';
import { getDb } from '@rundbrief/db';
import { createInboundServer, listenInbound } from './inbound/server.ts';
import { loadInboundTls } from './inbound/tls.ts';

const env = parseEnv(
  coreEnvSchema.extend({
    INBOUND_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2526),
    INBOUND_SMTP_HOST: z.string().default('127.0.0.1'),
    INBOUND_MAX_BYTES: z.coerce.number().int().min(1024).default(10 * 1024 * 1024),
    INBOUND_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(300),
    /** PEM certificate (chain) and key paths for STARTTLS; unset: a self-signed certificate. */
    INBOUND_TLS_CERT: z.string().default(''),
    INBOUND_TLS_KEY: z.string().default(''),
    INBOUND_HOSTNAME: z.string().default('inbound.rundbrief.localhost'),
  }),
);

const log = (msg: string, extra?: Record<string, unknown>) =>
  console.log(`[inbound] ${new Date().toISOString()} ${msg}${extra ? ` ${JSON.stringify(extra)}` : ''}`);

const tls = loadInboundTls({ certPath: env.INBOUND_TLS_CERT, keyPath: env.INBOUND_TLS_KEY, hostname: env.INBOUND_HOSTNAME });
if (tls.source === 'self-signed') log(`STARTTLS with a self-signed certificate for ${env.INBOUND_HOSTNAME} (set INBOUND_TLS_CERT and INBOUND_TLS_KEY for a CA-issued one)`);
const server = createInboundServer({ hostname: env.INBOUND_HOSTNAME, maxBytes: env.INBOUND_MAX_BYTES, ratePerMinute: env.INBOUND_RATE_PER_MINUTE, log, tls });
const port = await listenInbound(server, env.INBOUND_SMTP_PORT, env.INBOUND_SMTP_HOST);
log(`SMTP listening on ${env.INBOUND_SMTP_HOST}:${port}`);

const stop = () => {
  server.close(() => {
    void Promise.allSettled([closeQueues(), getDb().$disconnect()]).finally(() => process.exit(0));
  });
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
