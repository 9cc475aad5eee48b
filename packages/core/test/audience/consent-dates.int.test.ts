// Dates in the consent mails are written for the list's language, never as ISO: the
// confirmation mail's "valid until" read back from the real system-mail queue, for the list's
// own MJML (verified sender) and the platform's fixed text (no sender), in English and German.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { closeQueues, createList, subscribe } from '../../src/index.ts';
import { freshTenants, giveVerifiedSender, queuedMails, subscription } from './helpers.ts';

let tenantA: string;
beforeEach(async () => { tenantA = (await freshTenants()).a.id; });
afterAll(closeQueues);

const EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DE = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];
const hm = (d: Date) => `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
const expected = (d: Date, lang: 'en' | 'de') => lang === 'de'
  ? `${d.getUTCDate()}. ${DE[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${hm(d)} UTC`
  : `${EN[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${hm(d)} UTC`;

describe('consent mail dates', () => {
  it.each([
    ['en', 'platform text'], ['de', 'platform text'], ['en', 'list MJML'], ['de', 'list MJML'],
  ] as const)('%s, %s: "valid until" in the list language, with time and UTC', async (language, kind) => {
    if (kind === 'list MJML') await giveVerifiedSender(tenantA);
    const list = await createList({ tenantId: tenantA }, { name: 'News', optInMode: 'DOUBLE', language });
    await subscribe({ tenantId: tenantA }, { listId: list.id, email: 'anna@example.com', source: 'FORM', ip: '203.0.113.7', userAgent: 'x' });
    const until = (await subscription('anna@example.com'))!.tokenExpiresAt!;
    const mail = (await queuedMails()).find((m) => m.kind === 'OPT_IN_CONFIRMATION')!;
    const want = expected(until, language);
    expect(mail.text).toContain(want);
    expect(mail.html).toContain(want);
    expect(mail.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(mail.text).not.toMatch(/\d{2}\.\d{2}\.\d{4}/);
  });
});
