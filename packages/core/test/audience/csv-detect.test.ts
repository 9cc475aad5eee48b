// How the import reads German (and other) CSV files: encoding, separator, quoting, header
// names and number/date formats, as Excel and other tools write them.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  coerceFieldValue, CsvScanner, describeDetection, detectEncoding, detectSeparator, guessMapping, inspectCsvFile, isGermanHeader,
} from '../../src/index.ts';

const win1252 = (s: string) => Buffer.from(new Uint8Array([...s].map((c) => {
  const code = c.charCodeAt(0);
  if (code === 0x20ac) return 0x80; // €
  if (code > 0xff) throw new Error(`not in Windows-1252: ${c}`);
  return code;
})));
const utf16le = (s: string, bom = true) => Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(s, 'utf16le')]);
const utf16be = (s: string) => { const le = Buffer.from(s, 'utf16le'); return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le.swap16())]); };

const GERMAN = 'E-Mail;Vorname;Nachname;Straße\r\njoerg@example.com;Jörg;Müller;Hauptstraße 1\r\n';

async function fileOf(bytes: Buffer) {
  const path = join(await mkdtemp(join(tmpdir(), 'rb-csv-')), 'f.csv');
  await writeFile(path, bytes);
  return path;
}

describe('encoding', () => {
  it('reads the BOM: UTF-8, UTF-16LE, UTF-16BE', () => {
    expect(detectEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(GERMAN)]))).toBe('utf-8-bom');
    expect(detectEncoding(utf16le(GERMAN))).toBe('utf-16le');
    expect(detectEncoding(utf16be(GERMAN))).toBe('utf-16be');
  });

  it('without a BOM: strict UTF-8, else Windows-1252; UTF-16LE without BOM by its NUL bytes', () => {
    expect(detectEncoding(Buffer.from(GERMAN))).toBe('utf-8');
    expect(detectEncoding(Buffer.from('email\na@example.com\n'))).toBe('utf-8');
    expect(detectEncoding(win1252(GERMAN))).toBe('windows-1252');
    expect(detectEncoding(utf16le(GERMAN, false))).toBe('utf-16le');
  });

  it('refuses an Excel workbook and a binary file with what to do', () => {
    expect(() => detectEncoding(Buffer.from('PK\x03\x04rest-of-zip', 'latin1'))).toThrow(/Excel workbook.*CSV UTF-8/);
    expect(() => detectEncoding(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2]))).toThrow(/Excel workbook/);
    expect(() => detectEncoding(Buffer.from([0x41, 0x00, 0x00, 0x00, 0x42, 0x43, 0x44]))).toThrow(/not a text file/);
    expect(() => detectEncoding(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)))).toThrow(/not a text file/);
    // A stray NUL in a text file is not binary: the import replaces it in the cell.
    expect(detectEncoding(Buffer.from(`email,first\n${'a@example.com,Ann\n'.repeat(20)}b@example.com,B\u0000b\n`))).toBe('utf-8');
  });

  it('decodes each encoding of a file to the same names (whole-file pass)', async () => {
    for (const [bytes, encoding] of [
      [Buffer.from(GERMAN), 'utf-8'], [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(GERMAN)]), 'utf-8-bom'],
      [utf16le(GERMAN), 'utf-16le'], [utf16be(GERMAN), 'utf-16be'], [win1252(GERMAN), 'windows-1252'],
    ] as const) {
      const r = await inspectCsvFile(await fileOf(bytes));
      expect(r.detection).toEqual({ encoding, separator: ';', rows: 1, germanHeader: true, decimalComma: true });
      expect(r.columns).toEqual(['E-Mail', 'Vorname', 'Nachname', 'Straße']);
      expect(r.rows).toEqual([['joerg@example.com', 'Jörg', 'Müller', 'Hauptstraße 1']]);
    }
  });

  it('decides over the whole file: one Windows-1252 byte on line 30,002 makes it Windows-1252', async () => {
    const ascii = Array.from({ length: 30_000 }, (_, i) => `ok${i}@example.com,Ok`).join('\n');
    const bytes = Buffer.concat([Buffer.from(`email,first\n${ascii}\n`), win1252('mueller@example.com,Müller\n')]);
    const r = await inspectCsvFile(await fileOf(bytes));
    expect(r.detection).toMatchObject({ encoding: 'windows-1252', separator: ',', rows: 30_001, decimalComma: false });
  });

  it('a UTF-16 file cut in the middle of a character cannot be read: a clear error', async () => {
    await expect(inspectCsvFile(await fileOf(Buffer.concat([utf16le('email\na@example.com\n'), Buffer.from([0x41])]))))
      .rejects.toThrow(/cannot be read as UTF-16LE \(near line 3\)/);
  });
});

describe('separator and quoting', () => {
  it("';' for German Excel, ',' and tab otherwise; counted outside quotes only", () => {
    expect(detectSeparator(GERMAN)).toBe(';');
    expect(detectSeparator('email,first,last\na@example.com,A,B\n')).toBe(',');
    expect(detectSeparator('email\tfirst\na@example.com\tA\n')).toBe('\t');
    // Commas inside the quoted names outnumber the separators, but sit inside quotes.
    expect(detectSeparator('email;name\na@example.com;"Müller, Jörg, Dr., Prof."\nb@example.com;"Lang, Eva"\n')).toBe(';');
    // A comma in the header that the rows do not repeat loses to the consistent ';'.
    expect(detectSeparator('email;"name, full";city\na@x.de;Ann;Köln\nb@x.de;Bob;Bonn\n')).toBe(';');
    expect(detectSeparator('email\na@example.com\n')).toBe(',');
    expect(detectSeparator('')).toBe(',');
  });

  it('a record with quoted separators, doubled quotes and a CRLF inside quotes is one record', async () => {
    const csv = 'E-Mail;Vorname;Notiz\r\nanna@example.com;Anna;"Zeile 1; mit Semikolon\r\nZeile 2 ""zitiert"""\r\n\r\nbob@example.com;Bob;\r\n';
    const scan = new CsvScanner(';');
    scan.feed(csv.slice(0, 50));
    scan.feed(csv.slice(50));
    expect(scan.end()).toBe(3);
    const r = await inspectCsvFile(await fileOf(win1252(csv)));
    expect(r.detection).toMatchObject({ separator: ';', rows: 2 });
    expect(r.rows).toEqual([['anna@example.com', 'Anna', 'Zeile 1; mit Semikolon\r\nZeile 2 "zitiert"'], ['bob@example.com', 'Bob', '']]);
  });

  it('a quote that is never closed is an error naming its line', async () => {
    const scan = new CsvScanner(',');
    scan.feed('email,note\na@example.com,"ok"\nb@example.com,"never closed\nc@example.com,x\n');
    expect(() => scan.end()).toThrow(/quoted field that starts on line 3 is never closed/);
    await expect(inspectCsvFile(await fileOf(Buffer.from('email,note\nb@example.com,"open\n')))).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('an empty file and a file without line breaks are refused', async () => {
    await expect(inspectCsvFile(await fileOf(Buffer.alloc(0)))).rejects.toThrow('The file is empty.');
    await expect(inspectCsvFile(await fileOf(Buffer.from('x'.repeat(200_000))))).rejects.toThrow('The first line is longer than 64 KB');
  });
});

describe('German header names', () => {
  it('maps E-Mail, Vorname, Nachname by default, any case and spacing', () => {
    expect(guessMapping(['E-Mail', 'Vorname', 'Nachname'])).toMatchObject({ email: 'E-Mail', firstName: 'Vorname', lastName: 'Nachname' });
    expect(guessMapping([' e-mail-adresse ', 'VORNAME', 'nach name'])).toMatchObject({ email: ' e-mail-adresse ', firstName: 'VORNAME', lastName: 'nach name' });
    expect(guessMapping(['Mail', 'Vorname', 'Name'])).toMatchObject({ email: 'Mail', firstName: 'Vorname', lastName: 'Name' });
    expect(guessMapping(['Email', 'E_Mail_Adresse']).email).toBe('Email');
    expect(guessMapping(['Kundennummer', 'E-Mail-Adresse (privat)']).email).toBe('E-Mail-Adresse (privat)');
  });

  it('Anrede goes to the custom field that stands for the salutation; other fields by key or label', () => {
    const fields = [{ key: 'salutation', label: 'Salutation' }, { key: 'birthday', label: 'Geburtstag' }, { key: 'plan', label: 'Plan' }];
    expect(guessMapping(['E-Mail', 'Anrede', 'Geburtstag'], fields).fields).toEqual({ salutation: 'Anrede', birthday: 'Geburtstag' });
    expect(guessMapping(['E-Mail', 'ANREDE'], [{ key: 'anrede', label: 'Briefanrede' }]).fields).toEqual({ anrede: 'ANREDE' });
    expect(guessMapping(['E-Mail', 'Anrede'], [{ key: 'plan', label: 'Plan' }]).fields).toEqual({});
  });

  it('recognises a German header row', () => {
    expect(isGermanHeader(['E-Mail', 'Vorname'])).toBe(true);
    expect(isGermanHeader(['email', 'first_name'])).toBe(false);
  });

  it('says what was detected in one line', () => {
    expect(describeDetection({ encoding: 'windows-1252', separator: ';', rows: 1204, germanHeader: true, decimalComma: true }))
      .toBe("Windows-1252, separator ';', 1,204 rows, header row German, numbers as 1.234,56");
    expect(describeDetection({ encoding: 'utf-16le', separator: '\t', rows: 1, germanHeader: false, decimalComma: false }))
      .toBe('UTF-16LE, separator tab, 1 row');
  });
});

describe('German numbers and dates', () => {
  it('a German file reads 1.234,56 and 1.234 the German way and refuses a dot-decimal 1.5', () => {
    const de = { decimalComma: true };
    expect(coerceFieldValue('NUMBER', '1.234,56', de)).toEqual({ value: 1234.56 });
    expect(coerceFieldValue('NUMBER', '1.234', de)).toEqual({ value: 1234 });
    expect(coerceFieldValue('NUMBER', '-0,5', de)).toEqual({ value: -0.5 });
    expect(coerceFieldValue('NUMBER', '1234567,8', de)).toEqual({ value: 1234567.8 });
    expect(coerceFieldValue('NUMBER', '1.5', de)).toEqual({ error: 'is not a number in the German format of this file (1.234,56)', text: 'fields.notGermanNumber' });
    expect(coerceFieldValue('NUMBER', '12.34.5', de)).toHaveProperty('error');
  });

  it('other files keep the dot as decimal point', () => {
    expect(coerceFieldValue('NUMBER', '1.5')).toEqual({ value: 1.5 });
    expect(coerceFieldValue('NUMBER', '1,5')).toEqual({ value: 1.5 });
    expect(coerceFieldValue('NUMBER', 'viel')).toEqual({ error: 'is not a number', text: 'fields.notNumber' });
  });

  it('dates as YYYY-MM-DD or TT.MM.JJJJ; impossible dates and two-digit years are refused', () => {
    expect(coerceFieldValue('DATE', '31.12.2026')).toEqual({ value: '2026-12-31' });
    expect(coerceFieldValue('DATE', '1.2.2026', { decimalComma: true })).toEqual({ value: '2026-02-01' });
    expect(coerceFieldValue('DATE', '2026-12-31')).toEqual({ value: '2026-12-31' });
    for (const bad of ['31.02.2026', '01.02.26', '12/31/2026', '2026-13-01']) {
      expect(coerceFieldValue('DATE', bad)).toEqual({ error: 'is not a date (YYYY-MM-DD or TT.MM.JJJJ)', text: 'fields.notDate' });
    }
  });
});
