// German CSV files through the real import (upload, detection, default mapping, run): the
// names arrive intact whatever Excel saved them as, German numbers and dates land typed,
// values that do not fit the file's format are refused per row, a file that cannot be read
// is refused at upload with nothing stored.
import { readFileSync } from 'node:fs';
import { text } from 'node:stream/consumers';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { closeQueues, createField, createImport, createList, getQueue, openRefusalReport, QUEUES, runImport, startImport } from '../../src/index.ts';
import { freshTenants } from './helpers.ts';

const db = getDb();
let tenantId: string;
let listId: string;
const attestation = 'Kunden, die beim Kauf den Newsletter angekreuzt haben (2025).';

/** Windows-1252 bytes of text (Latin-1 for these characters; € is 0x80). */
const win1252 = (s: string) => Buffer.from(new Uint8Array([...s].map((c) => (c === '€' ? 0x80 : c.charCodeAt(0)))));

beforeAll(async () => { process.env.IMPORT_DIR = await mkdtemp(join(tmpdir(), 'rb-import-de-')); });
beforeEach(async () => {
  const { a } = await freshTenants();
  await getQueue(QUEUES.imports).obliterate({ force: true });
  tenantId = a.id;
  listId = (await createList({ tenantId }, { name: 'Kunden' })).id;
  await createField({ tenantId }, { key: 'salutation', label: 'Anrede', type: 'TEXT' });
  await createField({ tenantId }, { key: 'street', label: 'Straße', type: 'TEXT' });
  await createField({ tenantId }, { key: 'birthday', label: 'Geburtstag', type: 'DATE' });
  await createField({ tenantId }, { key: 'revenue', label: 'Umsatz', type: 'NUMBER' });
});
afterAll(closeQueues);

/** Upload, take the default mapping as the wizard shows it, start and run. */
async function importAsGuessed(bytes: Buffer) {
  const created = await createImport({ tenantId }, { listId, fileName: 'kunden.csv', body: Readable.from([bytes]) });
  const { email, firstName, lastName, fields } = created.guess;
  await startImport({ tenantId }, created.import.id, { mapping: { email, firstName, lastName, fields }, attestation });
  return { created, outcome: await runImport({ tenantId }, created.import.id) };
}

const ROWS = [
  ['Anrede', 'Vorname', 'Nachname', 'E-Mail', 'Straße', 'Geburtstag', 'Umsatz'],
  ['Herr', 'Jörg', 'Müller', 'joerg.mueller@example.de', 'Große Straße 5', '31.12.1980', '1.234,56'],
  ['Frau', 'Änne', 'Weiß', 'aenne@example.de', 'Königsallee 1; Hinterhaus', '01.02.1975', '12,5'],
  ['Frau', 'Zoë', 'Groß-\r\nStraßburger', 'zoe@example.de', 'Ölweg 3', '', ''],
];
/** As Excel writes it: a field with the separator, a quote or a line break in quotes, CRLF lines. */
const csvOf = (rows: string[][], sep: string) =>
  rows.map((r) => r.map((v) => (v.includes(sep) || /["\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(sep)).join('\r\n') + '\r\n';
const GERMAN_EXCEL = csvOf(ROWS, ';');

describe('German CSV import', () => {
  it('a Windows-1252 ;-separated file: Müller, Jörg, Straße arrive intact, German numbers and dates typed', async () => {
    const { created, outcome } = await importAsGuessed(win1252(GERMAN_EXCEL));
    expect(created.detection).toEqual({ encoding: 'windows-1252', separator: ';', rows: 3, germanHeader: true, decimalComma: true });
    expect(created.detected).toBe("Windows-1252, separator ';', 3 rows, header row German, numbers as 1.234,56");
    expect(created.guess).toEqual({
      email: 'E-Mail', firstName: 'Vorname', lastName: 'Nachname',
      fields: { salutation: 'Anrede', street: 'Straße', birthday: 'Geburtstag', revenue: 'Umsatz' },
    });
    expect(outcome).toEqual({ status: 'DONE', totalRows: 3, importedRows: 3, refusedRows: 0 });
    expect(await db.subscriber.findFirstOrThrow({ where: { tenantId, email: 'joerg.mueller@example.de' } })).toMatchObject({
      firstName: 'Jörg', lastName: 'Müller',
      attributes: { salutation: 'Herr', street: 'Große Straße 5', birthday: '1980-12-31', revenue: 1234.56 },
    });
    expect(await db.subscriber.findFirstOrThrow({ where: { tenantId, email: 'aenne@example.de' } })).toMatchObject({
      firstName: 'Änne', lastName: 'Weiß', attributes: { street: 'Königsallee 1; Hinterhaus', birthday: '1975-02-01', revenue: 12.5 },
    });
    expect(await db.subscriber.findFirstOrThrow({ where: { tenantId, email: 'zoe@example.de' } })).toMatchObject({ firstName: 'Zoë', lastName: 'Groß-\r\nStraßburger' });
    // What was detected stays on the import after the upload is gone.
    expect((await db.import.findUniqueOrThrow({ where: { id: created.import.id } })).detection).toMatchObject({ encoding: 'windows-1252', separator: ';' });
  });

  it('a UTF-16LE file with BOM and tabs (Excel "Unicode-Text") imports the same names', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csvOf(ROWS, '\t'), 'utf16le')]);
    const { created, outcome } = await importAsGuessed(bytes);
    expect(created.detection).toEqual({ encoding: 'utf-16le', separator: '\t', rows: 3, germanHeader: true, decimalComma: true });
    expect(outcome).toMatchObject({ status: 'DONE', importedRows: 3 });
    expect(await db.subscriber.findFirstOrThrow({ where: { tenantId, email: 'joerg.mueller@example.de' } }))
      .toMatchObject({ firstName: 'Jörg', lastName: 'Müller', attributes: { street: 'Große Straße 5', revenue: 1234.56 } });
    expect(await db.subscriber.findFirstOrThrow({ where: { tenantId, email: 'aenne@example.de' } }))
      .toMatchObject({ attributes: { street: 'Königsallee 1; Hinterhaus' } });
  });

  it('values that do not fit the German format are refused per row, saying which and why', async () => {
    const csv = ['E-Mail;Vorname;Geburtstag;Umsatz', 'ok@example.de;Jörg;31.12.1980;1.234,56', 'dot@example.de;Eva;01.01.1990;1.5',
      'us@example.de;Sam;12/31/1980;3', 'feb@example.de;Kai;30.02.1990;1'].join('\n');
    const { created, outcome } = await importAsGuessed(win1252(csv));
    expect(outcome).toMatchObject({ status: 'DONE', importedRows: 1, refusedRows: 3 });
    const report = readFileSync((await db.import.findUniqueOrThrow({ where: { id: created.import.id } })).reportPath!, 'utf8').trim().split('\n');
    expect(report).toEqual([
      'line,email,reason,detail,encoding,separator,decimal_mark',
      '3,dot@example.de,invalid_field,"Umsatz is not a number in the German format of this file (1.234,56)",windows-1252,semicolon,comma',
      '4,us@example.de,invalid_field,Geburtstag is not a date (YYYY-MM-DD or TT.MM.JJJJ),windows-1252,semicolon,comma',
      '5,feb@example.de,invalid_field,Geburtstag is not a date (YYYY-MM-DD or TT.MM.JJJJ),windows-1252,semicolon,comma',
    ]);
  });

  it('the downloaded refusal report says per row what was detected: Windows-1252, semicolon, decimal comma', async () => {
    const rows = [...ROWS, ['Herr', 'Jörg', 'Müller', 'Joerg.Mueller@example.de', 'Große Straße 5', '', ''], ['Frau', 'Ute', 'Groß', 'kaputt@', '', '', '']];
    const { created, outcome } = await importAsGuessed(win1252(csvOf(rows, ';')));
    expect(outcome).toMatchObject({ status: 'DONE', importedRows: 3, refusedRows: 2 });
    const report = await openRefusalReport({ tenantId }, created.import.id);
    const records = parse(await text(report.stream), { columns: true }) as Record<string, string>[];
    expect(records).toEqual([
      { line: '5', email: 'Joerg.Mueller@example.de', reason: 'duplicate', detail: 'same address as line 2', encoding: 'windows-1252', separator: 'semicolon', decimal_mark: 'comma' },
      { line: '6', email: 'kaputt@', reason: 'syntax', detail: expect.any(String), encoding: 'windows-1252', separator: 'semicolon', decimal_mark: 'comma' },
    ]);
  });

  it('a UTF-8 comma file says so in its report', async () => {
    const { created } = await importAsGuessed(Buffer.from('email,first_name\nann@example.com,Ann\nnot-an-address,Bo\n'));
    const records = parse(await text((await openRefusalReport({ tenantId }, created.import.id)).stream), { columns: true }) as Record<string, string>[];
    expect(records).toMatchObject([{ line: '3', email: 'not-an-address', reason: 'syntax', encoding: 'utf-8', separator: 'comma', decimal_mark: 'point' }]);
  });

  it('a UTF-8 comma file keeps the dot as decimal point', async () => {
    const { created, outcome } = await importAsGuessed(Buffer.from('email,first_name,Umsatz\nann@example.com,Ann,1234.5\n'));
    expect(created.detection).toMatchObject({ encoding: 'utf-8', separator: ',', decimalComma: false });
    expect(outcome).toMatchObject({ importedRows: 1 });
    expect(await db.subscriber.findFirstOrThrow({ where: { tenantId } })).toMatchObject({ firstName: 'Ann', attributes: { revenue: 1234.5 } });
  });

  it('an Excel workbook or a file with an unclosed quote is refused at upload, and nothing is stored', async () => {
    await expect(createImport({ tenantId }, { listId, fileName: 'kunden.xlsx', body: Readable.from([Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1')]) }))
      .rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/Excel workbook/) });
    await expect(createImport({ tenantId }, { listId, fileName: 'kaputt.csv', body: Readable.from([win1252('E-Mail;Vorname\na@example.de;"Jörg\n')]) }))
      .rejects.toThrow(/quoted field that starts on line 2 is never closed/);
    expect(await db.import.count({ where: { tenantId } })).toBe(0);
    expect(await db.subscriber.count({ where: { tenantId } })).toBe(0);
  });
});
