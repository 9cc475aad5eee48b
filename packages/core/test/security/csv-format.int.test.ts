// Issue 14: "Exports offer 'Excel (German)' as well as UTF-8 CSV" — not only subscribers: the
// suppression list and a campaign's message log too. The German variant is what German Excel
// opens with a double click (UTF-8 BOM, ';', CRLF, German column names, German local time);
// the UTF-8 one stays as programs read it.
import { Readable } from 'node:stream';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { seedTwoTenants, truncateAll } from '@rundbrief/db/testing';
import { campaignMessagesCsv, closeQueues, emailHash, exportSuppressionsCsv, importSuppressionsCsv, type ExportFormat } from '../../src/index.ts';
import { seedCampaign } from '../feedback/fixtures.ts';

async function bytesOf(chunks: AsyncGenerator<string>): Promise<Buffer> {
  let text = '';
  for await (const c of chunks) text += c;
  return Buffer.from(text, 'utf8');
}

/** The lines after the BOM, split at CRLF as Excel writes them. */
function excelLines(bytes: Buffer): string[] {
  expect([...bytes.subarray(0, 3)], 'UTF-8 BOM').toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
  return text.split('\r\n').filter((l) => l !== '');
}

const AT = new Date('2026-12-07T13:05:00Z'); // 14:05 in Berlin

describe('CSV exports in both formats', () => {
  let tenantId: string;
  let other: string;
  beforeEach(async () => {
    await truncateAll();
    const t = await seedTwoTenants();
    tenantId = t.a.id;
    other = t.b.id;
  });
  afterAll(async () => {
    await closeQueues();
    await getDb().$disconnect();
  });

  it('the suppression list as Excel (German), which the suppression import reads back', async () => {
    await getDb().suppression.create({ data: { tenantId, email: 'joerg.mueller@example.de', emailHash: emailHash('joerg.mueller@example.de'), reason: 'MANUAL', source: 'ui', note: 'Anruf von Jörg Müller; bitte nie wieder', createdAt: AT } });
    const lines = excelLines(await bytesOf(exportSuppressionsCsv({ tenantId }, 'excel-de')));
    expect(lines).toEqual(['E-Mail;Grund;Quelle;Notiz;Angelegt am', 'joerg.mueller@example.de;MANUAL;ui;"Anruf von Jörg Müller; bitte nie wieder";07.12.2026 14:05']);
    // The same file imported into another tenant's suppression list.
    const back = await importSuppressionsCsv({ tenantId: other }, { body: Readable.from([await bytesOf(exportSuppressionsCsv({ tenantId }, 'excel-de'))]) });
    expect(back).toEqual({ added: 1, invalid: [] });
    expect(await getDb().suppression.findFirstOrThrow({ where: { tenantId: other } })).toMatchObject({ email: 'joerg.mueller@example.de' });
  });

  it('the UTF-8 suppression export is unchanged: no BOM, commas, ISO time', async () => {
    await getDb().suppression.create({ data: { tenantId, email: 'a@example.org', emailHash: emailHash('a@example.org'), reason: 'MANUAL', source: 'ui', createdAt: AT } });
    const text = (await bytesOf(exportSuppressionsCsv({ tenantId }))).toString('utf8');
    expect(text).toBe('email,reason,source,note,created_at\na@example.org,MANUAL,ui,,2026-12-07T13:05:00.000Z\n');
  });

  it("a campaign's message log as Excel (German) and as UTF-8 CSV", async () => {
    const { campaign } = await seedCampaign(tenantId, { recipients: 1 });
    await getDb().message.updateMany({ where: { campaignId: campaign.id }, data: { status: 'SENT', sentAt: AT, attempts: 1, smtpCode: 250, smtpReply: '250 2.0.0 OK; queued', firstOpenAt: null, firstClickAt: null } });
    const email = (await getDb().message.findFirstOrThrow({ where: { campaignId: campaign.id } })).email;
    const logAs = async (format: ExportFormat) => bytesOf(campaignMessagesCsv({ tenantId }, campaign.id, { format }));
    const german = excelLines(await logAs('excel-de'));
    expect(german[0]).toBe('E-Mail;Status;Übersprungen weil;Versuche;Quell-IP;SMTP-Code;Serverantwort;Bounce-Kategorie;Gesendet am;Erste Öffnung;Erster Klick');
    expect(german[1]).toMatch(new RegExp(`^${email.replace(/[.+]/g, '\\$&')};SENT;;1;[^;]*;250;"250 2\\.0\\.0 OK; queued";;07\\.12\\.2026 14:05;;$`));
    const plain = (await logAs('utf8')).toString('utf8').split('\n');
    expect(plain[0]).toBe('email,status,skip_reason,attempts,source_ip,smtp_code,smtp_reply,bounce_category,sent_at,first_open_at,first_click_at');
    expect(plain[1]).toContain(',2026-12-07T13:05:00.000Z,,');
  });
});
