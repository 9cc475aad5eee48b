// Process entry: the local development DNS server (npm start and the e2e stack run it when
// DEV_DNS_PORT is set). Answers TXT/MX/A/CNAME on 127.0.0.1:DEV_DNS_PORT from the
// DevDnsRecord table (/dev/dns and the domain page's publish button write it); the web app
// and the worker resolve through it with DNS_RESOLVER=127.0.0.1:DEV_DNS_PORT. Production
// sets neither variable and resolves through the system's DNS.
import { z } from 'zod';
import { getDb, parseEnv, dbEnvSchema } from '@rundbrief/db';
import { startDevDnsServer } from '@rundbrief/core/senders/dev-dns';

const env = parseEnv(dbEnvSchema.extend({ DEV_DNS_PORT: z.coerce.number().int().min(1).max(65535) }));

const server = await startDevDnsServer({ port: env.DEV_DNS_PORT });
console.log(`dns: dev DNS listening on ${server.server} (records at /dev/dns)`);

const stop = () => {
  void Promise.resolve(server.close()).finally(() => {
    void getDb().$disconnect().finally(() => process.exit(0));
  });
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
