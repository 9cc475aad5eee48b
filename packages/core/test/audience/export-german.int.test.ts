// The subscriber export as "Excel (German)": the bytes German Excel opens as they are
// (UTF-8 BOM, ';', CRLF, decimal commas, TT.MM.JJJJ), and a round trip: what one account
// exports, another imports back with the default mapping to the same data.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { closeQueues, createField, createImport, createList, exportSubscribersCsv, runImport, startImport, type ExportFormat } from '../../src/index.ts';
import { freshTenants } from './helpers.ts';

const db = getDb();
let a: string;
let b: string;

const FIELDS = [
  { key: 'salutation', label: 'Anrede', type: 'TEXT' }, { key: 'birthday', label: 'Geburtstag', type: 'DATE' },
  { key: 'revenue', label: 'Umsatz', type: 'NUMBER' }, { key: 'vip', label: 'VIP', type: 'BOOLEAN' },
] as const;
const PEOPLE = [
  { email: 'joerg.mueller@example.de', firstName: 'Jörg', lastName: 'Müller', attributes: { salutation: 'Herr', birthday: '1980-12-31', revenue: 1234.56, vip: true } },
  { email: 'lukasz@example.pl', firstName: 'Łukasz', lastName: 'Dvořák; "der Ältere"\r\nStraße 2', attributes: { salutation: 'Herr', revenue: 0.5, vip: false } },
  { email: 'eva@example.de', firstName: 'Eva', lastName: null, attributes: { birthday: '2000-02-29' } },
];

beforeAll(async () => { process.env.IMPORT_DIR = await mkdtemp(join(tmpdir(), 'rb-export-de-')); });
beforeEach(async () => {
  const t = await freshTenants();
  a = t.a.id;
  b = t.b.id;
  for (const tenantId of [a, b]) for (const f of FIELDS) await createField({ tenantId }, f);
  for (const p of PEOPLE) await db.subscriber.create({ data: { tenantId: a, ...p } });
});
afterAll(closeQueues);

async function exportBytes(format: ExportFormat): Promise<Buffer> {
  let text = '';
  for await (const chunk of exportSubscribersCsv({ tenantId: a }, {}, format)) text += chunk;
  return Buffer.from(new TextEncoder().encode(text));
}

async function importInto(tenantId: string, bytes: Buffer) {
  const listId = (await createList({ tenantId }, { name: 'Zurück' })).id;
  const created = await createImport({ tenantId }, { listId, fileName: 'export.csv', body: Readable.from([bytes]) });
  const { email, firstName, lastName, fields } = created.guess;
  await startImport({ tenantId }, created.import.id, { mapping: { email, firstName, lastName, fields }, attestation: 'Round trip of our own export in the test.' });
  expect(await runImport({ tenantId }, created.import.id)).toMatchObject({ status: 'DONE', importedRows: PEOPLE.length, refusedRows: 0 });
  return created;
}

const people = async (tenantId: string) =>
  (await db.subscriber.findMany({ where: { tenantId }, orderBy: { email: 'asc' }, select: { email: true, firstName: true, lastName: true, attributes: true } }));

describe('subscriber export: Excel (German)', () => {
  it('writes UTF-8 with BOM, ; and CRLF, German column names, decimal commas and TT.MM.JJJJ dates', async () => {
    const bytes = await exportBytes('excel-de');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('E-Mail;Vorname;Nachname;Status;Angelegt am;Letzte Aktivität;Geburtstag;Umsatz;Anrede;VIP');
    const joerg = lines.find((l) => l.startsWith('joerg.mueller@example.de;'))!;
    expect(joerg).toMatch(/^joerg\.mueller@example\.de;Jörg;Müller;ACTIVE;\d{2}\.\d{2}\.\d{4} \d{2}:\d{2};;31\.12\.1980;1234,56;Herr;ja$/);
    expect(bytes.toString('utf8')).toContain('lukasz@example.pl;Łukasz;"Dvořák; ""der Ältere""\r\nStraße 2";ACTIVE;');
  });

  it('round trip: exported as Excel (German), imported back by another account, the same people and values', async () => {
    const created = await importInto(b, await exportBytes('excel-de'));
    expect(created.detection).toMatchObject({ encoding: 'utf-8-bom', separator: ';', rows: 3, germanHeader: true, decimalComma: true });
    expect(await people(b)).toEqual(await people(a));
  });

  it('round trip through the UTF-8 CSV too', async () => {
    const bytes = await exportBytes('utf8');
    expect(bytes.subarray(0, 6).toString()).toBe('email,');
    const created = await importInto(b, bytes);
    expect(created.detection).toMatchObject({ encoding: 'utf-8', separator: ',', decimalComma: false });
    expect(await people(b)).toEqual(await people(a));
  });

  it('keeps the formula prefix in the German variant', async () => {
    await db.subscriber.create({ data: { tenantId: a, email: 'mallory@example.org', firstName: '=HYPERLINK("https://evil.example")', lastName: '@SUM(1)' } });
    const text = (await exportBytes('excel-de')).toString('utf8');
    expect(text).toContain(`mallory@example.org;"'=HYPERLINK(""https://evil.example"")";'@SUM(1);`);
  });
});
