// The operator views: the dev mail sink inbox and the alert list with acknowledgement.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { extractLinks, getSinkMessage, listSinkMessages } from '../../src/platform/sink-inbox.ts';
import { acknowledgeAlert, listAlerts } from '../../src/platform/alerts.ts';
import { DomainError } from '../../src/errors.ts';

/** The platform operator the console's use cases check for. */
async function operator() {
  const u = await getDb().user.create({ data: { email: 'op@example.org', passwordHash: 'x', isPlatformOperator: true } });
  return { userId: u.id, email: u.email, ip: null };
}

function sink(i: number, over: Partial<{ subject: string; toHeader: string; rcptTo: string[] }> = {}) {
  return {
    mailFrom: 'b@bounces.test',
    rcptTo: over.rcptTo ?? [`user${i}@example.org`],
    remoteIp: '127.0.0.2',
    heloName: 'mta1.test',
    subject: over.subject ?? `Issue ${i}`,
    toHeader: over.toHeader ?? `user${i}@example.org`,
    headers: [{ key: 'subject', line: `Subject: Issue ${i}` }, { key: 'list-unsubscribe', line: 'List-Unsubscribe: <https://app.test/u/t>' }],
    raw: 'x',
    size: 1,
    receivedAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
  };
}

describe('sink inbox', () => {
  let op: Awaited<ReturnType<typeof operator>>;
  beforeEach(async () => { await truncateAll(); op = await operator(); });
  afterAll(() => getDb().$disconnect());

  it('lists newest first, paginated, and searches recipient and subject', async () => {
    await getDb().sinkMessage.createMany({ data: Array.from({ length: 30 }, (_, i) => sink(i)) });
    await getDb().sinkMessage.create({ data: sink(40, { subject: 'Welcome aboard', toHeader: 'Jane <jane@example.org>', rcptTo: ['jane@example.org', 'bcc@example.net'] }) });

    const first = await listSinkMessages(op, { page: 1 });
    expect(first.total).toBe(31);
    expect(first.rows).toHaveLength(25);
    expect(first.rows[0]!.subject).toBe('Welcome aboard');
    expect(first.rows[1]!.subject).toBe('Issue 29');
    const second = await listSinkMessages(op, { page: 2 });
    expect(second.rows.map((r) => r.subject)).toEqual(['Issue 5', 'Issue 4', 'Issue 3', 'Issue 2', 'Issue 1', 'Issue 0']);

    expect((await listSinkMessages(op, { q: 'welcome' })).rows.map((r) => r.subject)).toEqual(['Welcome aboard']);
    expect((await listSinkMessages(op, { q: 'jane@' })).total).toBe(1);
    expect((await listSinkMessages(op, { q: 'BCC@example.net' })).total).toBe(1); // envelope-only recipient
    expect((await listSinkMessages(op, { q: 'nobody' })).total).toBe(0);
    expect((await listSinkMessages(op, { page: 'junk' })).page).toBe(1);
  });

  it('shows one message with parsed headers, and 404s unknown or malformed ids', async () => {
    const row = await getDb().sinkMessage.create({ data: sink(1) });
    const msg = await getSinkMessage(op, row.id);
    expect(msg.headerList).toEqual([{ key: 'Subject', value: 'Issue 1' }, { key: 'List-Unsubscribe', value: '<https://app.test/u/t>' }]);
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      await expect(getSinkMessage(op, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it('extracts the http(s) links of a message body for the link list', () => {
    const html = `<a href="https://app.test/t/c/abc?x=1&amp;y=2">Read</a> <a href='http://a.test/'>A</a>
      <a class="x" href=https://b.test/p>B</a> <a href="mailto:x@y">m</a> <a href="https://a.test/">dup</a>`;
    expect(extractLinks(html)).toEqual(['https://app.test/t/c/abc?x=1&y=2', 'http://a.test/', 'https://b.test/p', 'https://a.test/']);
  });
});

describe('alerts', () => {
  beforeEach(truncateAll);

  it('lists open alerts and hides them once acknowledged, keeping who did it', async () => {
    const op = await operator();
    const alert = await getDb().alert.create({ data: { kind: 'IP_LISTED', message: '127.0.0.2 listed on zen.test' } });
    expect((await listAlerts(op)).map((a) => a.id)).toEqual([alert.id]);

    await acknowledgeAlert(op, { alertId: alert.id });
    expect(await listAlerts(op)).toEqual([]);
    const [acked] = await listAlerts(op, { includeAcknowledged: true });
    expect(acked!.acknowledgedBy).toBe(op.userId);
    const firstAck = acked!.acknowledgedAt;
    await acknowledgeAlert(op, { alertId: alert.id });
    expect((await getDb().alert.findUniqueOrThrow({ where: { id: alert.id } })).acknowledgedAt).toEqual(firstAck);

    await expect(acknowledgeAlert(op, { alertId: '00000000-0000-4000-8000-000000000000' })).rejects.toBeInstanceOf(DomainError);
  });
});
