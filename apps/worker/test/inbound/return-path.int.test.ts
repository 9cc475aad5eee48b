// Bounces to a tenant's own return path: campaign mail from a domain whose return path checked
// out carries b-<id>-<mac>@bounces.<domain> as envelope sender, so the DSN comes back there.
// The inbound server takes it for every registered sender domain (any case) and applies it as
// it does on the platform's bounce domain; bounces.<a domain nobody registered> is refused.
import { beforeAll, describe, expect, it } from 'vitest';
import { verpAddress } from '@rundbrief/core';
import { getDb } from '@rundbrief/db';
import { deliver, dsn, seedAudience, seedSentMessage, seedSubscriber, useInboundServer, waitFor } from './fixtures.ts';

const db = getDb();
const inbound = useInboundServer();
let port: number;
beforeAll(() => { port = inbound.port; });

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
