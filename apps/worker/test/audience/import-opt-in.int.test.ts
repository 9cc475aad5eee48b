// A CSV import that asks for consent by mail, end to end: a real worker process runs the
// import and its opt-in batch job, the list's confirmation mails travel over SMTP to a real
// sink, and the link in a mail that arrived confirms the subscription. Nobody who is
// already confirmed, pending or unsubscribed gets a mail.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { simpleParser, type ParsedMail } from 'mailparser';
import { closeQueues, confirmSubscription, createImport, getQueue, QUEUES, startImport } from '@rundbrief/core';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { seedSending, startSink, startWorker, waitFor, type WorkerProc } from '../sending/fixtures.ts';

const db = getDb();
let sink: Awaited<ReturnType<typeof startSink>>;
let worker: WorkerProc;
let seed: Awaited<ReturnType<typeof seedSending>>;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rb-import-opt-in-'));
  process.env.IMPORT_DIR = dir;
  sink = await startSink();
  worker = await startWorker({ SMTP_RELAY_URL: `smtp://127.0.0.1:${sink.port}`, WORKER_QUEUES: 'imports,system-mail', IMPORT_DIR: dir });
}, 60_000);

beforeEach(async () => {
  await truncateAll();
  for (const q of [QUEUES.imports, QUEUES.systemMail]) await getQueue(q).obliterate({ force: true });
  sink.received.length = 0;
  seed = await seedSending({ recipients: [] });
});

afterAll(async () => {
  await worker?.stop();
  await sink?.close();
  await closeQueues();
});

const parsed = async (to: string): Promise<ParsedMail[]> =>
  Promise.all(sink.received.filter((m) => m.rcptTo === to).map((m) => simpleParser(m.raw)));

async function subscriptionOf(email: string) {
  return db.subscription.findFirst({ where: { listId: seed.list.id, subscriber: { email } } });
}

describe('CSV import with opt-in mail', () => {
  it('new people get the confirmation mail and stay pending until they click; others are not mailed', async () => {
    const tenantId = seed.tenant.id;
    const listId = seed.list.id;
    const known = async (email: string, status?: 'CONFIRMED' | 'PENDING' | 'UNSUBSCRIBED') => {
      const s = await db.subscriber.create({ data: { tenantId, email } });
      if (status) await db.subscription.create({ data: { tenantId, listId, subscriberId: s.id, status, source: 'FORM' } });
    };
    await known('old@kunde.example', 'CONFIRMED');
    await known('waiting@kunde.example', 'PENDING');
    await known('left@kunde.example', 'UNSUBSCRIBED');
    await known('crm@kunde.example');
    const csv = 'email,first\nanna@kunde.example,Anna\nold@kunde.example,Olga\nwaiting@kunde.example,W\nleft@kunde.example,L\ncrm@kunde.example,Carl\n';
    const { import: imp } = await createImport({ tenantId }, { listId, fileName: 'crm.csv', body: Readable.from([Buffer.from(csv)]) });
    await startImport({ tenantId }, imp.id, { mapping: { email: 'email', firstName: 'first' }, consentMode: 'OPT_IN_MAIL' });

    const done = await waitFor(async () => {
      const i = await db.import.findUniqueOrThrow({ where: { id: imp.id } });
      return i.status === 'DONE' || i.status === 'FAILED' ? i : null;
    }, 30_000, 'import finished');
    expect(done).toMatchObject({ status: 'DONE', consentMode: 'OPT_IN_MAIL', attestation: null, importedRows: 3, refusedRows: 2 });
    expect(await subscriptionOf('anna@kunde.example')).toMatchObject({ status: 'PENDING', source: 'IMPORT', attestation: null, confirmedAt: null });

    const mailTo = async (to: string) => waitFor(async () => (await parsed(to))[0] ?? null, 30_000, `opt-in mail to ${to}`);
    const anna = await mailTo('anna@kunde.example');
    await mailTo('crm@kunde.example');
    expect(anna.subject).toBe('Please confirm your subscription to Kunden');
    expect(await subscriptionOf('crm@kunde.example')).toMatchObject({ status: 'PENDING', source: 'IMPORT' });

    // The link that arrived confirms, once.
    const token = /\/confirm\/([A-Za-z0-9_-]+)/.exec(anna.text ?? '')![1]!;
    await confirmSubscription({ token, ip: '198.51.100.9' });
    expect(await subscriptionOf('anna@kunde.example')).toMatchObject({ status: 'CONFIRMED', confirmIp: '198.51.100.9' });
    await expect(confirmSubscription({ token })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // The confirmed, the pending and the unsubscribed were not mailed and are unchanged.
    await new Promise((r) => setTimeout(r, 1500));
    expect(sink.received.map((m) => m.rcptTo).sort()).toEqual(['anna@kunde.example', 'crm@kunde.example']);
    expect((await subscriptionOf('old@kunde.example'))!.status).toBe('CONFIRMED');
    expect((await subscriptionOf('waiting@kunde.example'))!.status).toBe('PENDING');
    expect((await subscriptionOf('left@kunde.example'))!.status).toBe('UNSUBSCRIBED');
  }, 90_000);
});
