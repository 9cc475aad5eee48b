// Bounces to a tenant's own return path: campaign mail from a domain whose return path checked
// out carries b-<id>-<mac>@bounces.<domain> as envelope sender, so the DSN comes back there.
// The inbound server takes it for every registered sender domain (any case) and applies it as
// it does on the platform's bounce domain; bounces.<a domain nobody registered> is refused.
import type { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeQueues, verpAddress } from '@rundbrief/core';
import { closeIpBlocks } from '@rundbrief/core/platform/ip-blocks';
import { forgetPlatformSettings } from '@rundbrief/core/platform/settings';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { createInboundServer, listenInbound } from '../../src/inbound/server.ts';
import { deliver, dsn, seedAudience, seedSentMessage, seedSubscriber, startInboundWorker, waitFor } from './fixtures.ts';

const db = getDb();
let server: SMTPServer;
let port: number;
let worker: ReturnType<typeof startInboundWorker>;

beforeAll(async () => {
  server = createInboundServer();
  port = await listenInbound(server, 0);
  worker = startInboundWorker();
});
afterAll(async () => {
  await worker.close();
  await new Promise<void>((r) => server.close(() => r()));
  await closeQueues();
  await closeIpBlocks();
});
beforeEach(async () => {
  await truncateAll();
  forgetPlatformSettings();
});

async function registerDomain(tenantId: string, domain: string) {
  await db.senderDomain.create({ data: { tenantId, domain, dkimSelector: 'rb2026', dkimPublicKey: 'unused', dkimPrivateKeyEnc: 'unused' } });
}

describe('inbound SMTP: tenant return paths', () => {
  it('a DSN to b-…@bounces.<tenant domain> (any case) bounces the message it names', async () => {
    const { tenant, list } = await seedAudience();
    await registerDomain(tenant.id, 'news.tenant.example');
    const sub = await seedSubscriber(tenant.id, [list.id]);
    const { message } = await seedSentMessage(tenant.id, sub);
    const sent = await deliver(port, verpAddress(message.id, 'Bounces.NEWS.tenant.example'), dsn({ recipient: sub.email, status: '5.1.1', diagnostic: '550 5.1.1 User unknown' }));
    expect(sent.ok).toBe(true);
    const { value: m } = await waitFor(async () => {
      const row = await db.message.findUniqueOrThrow({ where: { id: message.id } });
      return row.status === 'BOUNCED' ? row : null;
    });
    expect(m.bounceCategory).toBe('hard');
    expect((await db.subscriber.findUniqueOrThrow({ where: { id: sub.id } })).status).toBe('BOUNCED');
    expect((await db.inboundMessage.findFirstOrThrow()).rcptTo.map((r) => r.toLowerCase())).toEqual([verpAddress(message.id, 'bounces.news.tenant.example')]);
  });

  it('refuses bounces.<unregistered domain> at RCPT, even with a valid MAC, and stores nothing', async () => {
    const { tenant, list } = await seedAudience();
    await registerDomain(tenant.id, 'news.tenant.example');
    const sub = await seedSubscriber(tenant.id, [list.id]);
    const { message } = await seedSentMessage(tenant.id, sub);
    for (const domain of ['bounces.unregistered.example', 'bounces.tenant.example', 'bounces.news.tenant.example.evil.example']) {
      const sent = await deliver(port, verpAddress(message.id, domain), dsn({ recipient: sub.email, status: '5.1.1', diagnostic: '550 5.1.1 User unknown' }));
      expect(sent).toMatchObject({ ok: false, code: 550 });
    }
    expect(await db.inboundMessage.count()).toBe(0);
    expect((await db.message.findUniqueOrThrow({ where: { id: message.id } })).status).toBe('SENT');
  });
});
