// Process entry: `npm run sink -w @rundbrief/worker` (npm start runs it).
import { z } from 'zod';
import { getDb, parseEnv, dbEnvSchema } from '@rundbrief/db';
import { createSinkServer, listen } from './sink/server.ts';

const env = parseEnv(
  dbEnvSchema.extend({
    SINK_SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(2525),
    SINK_SMTP_HOST: z.string().default('127.0.0.1'),
  }),
);

const db = getDb();
const server = createSinkServer({ db, log: (m) => console.log(m) });
const port = await listen(server, env.SINK_SMTP_PORT, env.SINK_SMTP_HOST);
console.log(`sink: SMTP listening on ${env.SINK_SMTP_HOST}:${port} (view mail at /dev/inbox)`);

const stop = () => {
  server.close(() => {
    void db.$disconnect().finally(() => process.exit(0));
  });
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
