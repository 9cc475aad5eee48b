// Replays the RFC 8058 section 8 requests (from the shared corpus, read at test time)
// against the /u/<token> route handler, and walks the two-click flow.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { unsubscribeUrl } from '@rundbrief/core';
import { GET, POST } from '../app/u/[token]/route.ts';
import { seedCampaign, seedTenant } from '../../../packages/core/test/feedback/fixtures.ts';

type Case = { id: string; expected_post: Record<string, string | number> };
const corpus = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../shared/corpora/list-unsubscribe/rfc8058-examples.json'), 'utf8'),
) as { cases: Case[] };

const call = (handler: typeof GET, url: string, init: RequestInit = {}) => {
  const token = new URL(url).pathname.split('/')[2]!;
  return handler(new Request(url, init), { params: Promise.resolve({ token }) });
};

async function recipient() {
  const t = await seedTenant('Acme News');
  const { campaign, messages } = await seedCampaign(t.id, { recipients: 2 });
  return { tenant: t, campaign, message: messages[0]!, bystander: messages[1]! };
}

const statusOf = async (subscriberId: string) => (await getDb().subscriber.findUniqueOrThrow({ where: { id: subscriberId } })).status;

describe('/u/<token> route', () => {
  beforeEach(() => truncateAll());
  afterAll(() => getDb().$disconnect());

  it('has the three RFC 8058 examples in the corpus', () => {
    expect(corpus.cases.map((c) => c.id)).toEqual(['rfc8058-8.1-simple', 'rfc8058-8.2-complex-urlencoded', 'rfc8058-8.3-complex-multipart']);
  });

  for (const c of corpus.cases) {
    it(`one-click POST as in ${c.id} unsubscribes without a page`, async () => {
      const { message, bystander, campaign } = await recipient();
      const p = c.expected_post;
      const target = String(p.target ?? p.target_per_header_uri);
      const query = target.includes('?') ? target.slice(target.indexOf('?')) : '';
      const body = String(p.body);
      expect(Buffer.byteLength(body)).toBe(p.content_length);
      const res = await call(POST, unsubscribeUrl(message.id) + query, {
        method: String(p.method),
        headers: { 'content-type': String(p.content_type ?? p.content_type_as_printed), 'content-length': String(p.content_length) },
        body,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await statusOf(message.subscriberId)).toBe('UNSUBSCRIBED');
      expect(await statusOf(bystander.subscriberId)).toBe('ACTIVE');
      expect(await getDb().suppression.findFirst({ where: { email: message.email } })).toMatchObject({ reason: 'UNSUBSCRIBE', source: 'one-click' });
      expect((await getDb().campaign.findUniqueOrThrow({ where: { id: campaign.id } })).unsubscribeCount).toBe(1);
    });
  }

  it('accepts the corrected (errata) multipart form of example 8.3 too', async () => {
    const { message } = await recipient();
    const boundary = '---FormBoundaryjWmhtjORrn';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`;
    const res = await call(POST, unsubscribeUrl(message.id), { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
    expect(res.status).toBe(200);
    expect(await statusOf(message.subscriberId)).toBe('UNSUBSCRIBED');
  });

  it('two clicks: GET shows one confirm button and changes nothing; the confirm POST unsubscribes', async () => {
    const { message } = await recipient();
    const url = unsubscribeUrl(message.id);
    // A link scanner prefetching the URL twice.
    for (let i = 0; i < 2; i++) {
      const page = await call(GET, url, { headers: { 'user-agent': 'Mimecast' } });
      expect(page.status).toBe(200);
      const doc = await page.text();
      expect(doc).toContain(message.email);
      expect(doc).toContain('Acme News');
      expect(doc.match(/<button/g)).toHaveLength(1);
      expect(doc).toContain(`action="${new URL(url).pathname}"`);
    }
    expect(await statusOf(message.subscriberId)).toBe('ACTIVE');
    expect(await getDb().suppression.count()).toBe(0);

    const done = await call(POST, url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'confirm=1' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('You are unsubscribed');
    expect(await statusOf(message.subscriberId)).toBe('UNSUBSCRIBED');
    expect(await getDb().suppression.findFirst()).toMatchObject({ source: 'link' });
    // Coming back shows the state instead of asking again.
    expect(await (await call(GET, url)).text()).toContain('already unsubscribed');
  });

  it('refuses tampered tokens and bodies that are not a one-click request', async () => {
    const { message } = await recipient();
    const url = unsubscribeUrl(message.id);
    const tampered = url.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));
    expect((await call(GET, tampered)).status).toBe(404);
    const oneClick = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' };
    expect((await call(POST, tampered, oneClick)).status).toBe(404);
    for (const body of ['', 'List-Unsubscribe=Yes', 'confirm=0']) {
      const res = await call(POST, url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      expect(res.status).toBe(400);
    }
    expect(await statusOf(message.subscriberId)).toBe('ACTIVE');
  });
});
