// System mail (here the seed's SEED_WELCOME) goes through the real worker and the IP pool:
// it reaches the sink from one of the sending IPs, from the platform sender or the tenant's
// DKIM-signed identity, without per-recipient rows or a List-Unsubscribe header.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { closeQueues, enqueueSystemMail } from '@rundbrief/core';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { seedSending, startSink, startWorker, waitFor, type WorkerProc } from './fixtures.ts';

let sink: Awaited<ReturnType<typeof startSink>>;
let worker: WorkerProc;

beforeAll(async () => {
  await truncateAll();
  sink = await startSink();
  worker = await startWorker({ SMTP_RELAY_URL: `smtp://127.0.0.1:${sink.port}` });
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await sink?.close();
  await closeQueues();
});

describe('system mail', () => {
  it('delivers the seed welcome from the platform sender over a sending IP', async () => {
    await seedSending({ recipients: [] });
    await enqueueSystemMail({ kind: 'SEED_WELCOME', to: 'owner@demo.example', subject: 'Willkommen bei Rundbrief', html: '<p>Hallo!</p>', text: 'Hallo!', headers: {} });
    const r = await waitFor(() => sink.received.find((m) => m.rcptTo === 'owner@demo.example'), 30_000, 'welcome mail');
    expect(['127.0.0.2', '127.0.0.3']).toContain(r.remoteIp);
    const mail = await simpleParser(r.raw);
    expect(mail.subject).toBe('Willkommen bei Rundbrief');
    expect(mail.from?.value[0]).toMatchObject({ address: 'system@rundbrief.localhost', name: 'Rundbrief' });
    expect(mail.text?.trim()).toBe('Hallo!');
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe')).toBeUndefined();
    expect(await getDb().message.count()).toBe(0);
  });

  it('a tenant identity sends DKIM-signed from its verified domain', async () => {
    const seed = await seedSending({ recipients: [], domain: 'mail.tenant.example' });
    await enqueueSystemMail({
      kind: 'TEST_SEND', tenantId: seed.tenant.id, identityId: seed.identity.id, to: 'tester@demo.example', subject: 'Test',
      html: '<p>Test</p>', text: 'Test', headers: { 'X-Rundbrief-Test': 'yes' },
    });
    const r = await waitFor(() => sink.received.find((m) => m.rcptTo === 'tester@demo.example'), 30_000, 'test send');
    const mail = await simpleParser(r.raw);
    expect(mail.from?.value[0]?.address).toBe('news@mail.tenant.example');
    expect(mail.headers.get('x-rundbrief-test')).toBe('yes');
    const resolver = async (name: string) => {
      if (name === 'rb2026._domainkey.mail.tenant.example') return [[seed.dkimTxt]];
      throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    };
    expect((await dkimVerify(r.raw, { resolver })).results[0]?.status.result).toBe('pass');
  });
});
