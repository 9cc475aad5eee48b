// What a CSV file is, as people actually save them. German Excel ("CSV (Trennzeichen-
// getrennt)") writes ';' between fields — the comma is its decimal separator — in
// Windows-1252; "CSV UTF-8" adds a BOM; "Unicode-Text" is UTF-16LE with a BOM and tabs.
// Pure functions: the import (import-file.ts) feeds them the bytes of the stored upload.
import { DomainError } from '../errors.ts';
import type { CoreText } from '../texts.ts';

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type CsvSeparator = ';' | ',' | '\t';
export const CSV_SEPARATORS: CsvSeparator[] = [';', ',', '\t'];

/** What the upload was read as; stored on the Import and shown in the wizard and the report. */
export type CsvDetection = {
  encoding: CsvEncoding;
  separator: CsvSeparator;
  /** Data rows (records after the header, empty lines not counted). */
  rows: number;
  /** The header names German columns (Vorname, Nachname, Anrede, E-Mail-Adresse, ...). */
  germanHeader: boolean;
  /** Numbers are read as 1.234,56 (a ';' file or a German header: the locales where Excel writes ';'). */
  decimalComma: boolean;
};

/** The WHATWG name TextDecoder knows the encoding by. */
export const decoderLabel = (e: CsvEncoding) => (e === 'utf-8-bom' ? 'utf-8' : e);

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

/**
 * The encoding from the byte-order mark, or from the pattern of NUL bytes of UTF-16 text
 * without one (ASCII characters leave every other byte 0). Null: no BOM, 8-bit text.
 * Spreadsheets and other binaries are refused with what to do instead.
 */
export function encodingFromHead(head: Uint8Array): CsvEncoding | null {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return 'utf-8-bom';
  if (startsWith(head, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(head, [0xfe, 0xff])) return 'utf-16be';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new DomainError('VALIDATION', 'This is an Excel workbook, not a CSV file. In Excel choose "Save as" > "CSV UTF-8" (or "CSV (Trennzeichen-getrennt)") and upload that file.').withText('imports.excel');
  }
  const n = Math.min(head.length, 4096) & ~1;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (pairs > 0 && oddNul > pairs * 0.3 && evenNul === 0) return 'utf-16le';
  if (pairs > 0 && evenNul > pairs * 0.3 && oddNul === 0) return 'utf-16be';
  // Text has few control bytes besides tab, CR and LF (a stray NUL is replaced in the cell);
  // random or compressed bytes have about one in ten.
  let controls = 0;
  for (let i = 0; i < Math.min(head.length, 4096); i++) if (head[i]! < 0x20 && head[i] !== 0x09 && head[i] !== 0x0a && head[i] !== 0x0d) controls++;
  if (controls > Math.min(head.length, 4096) * 0.05) throw new DomainError('VALIDATION', 'This is not a text file. Upload a CSV file (in Excel: "Save as" > "CSV UTF-8").').withText('imports.notText');
  return null;
}

/**
 * Encoding of bytes that carry no BOM: UTF-8 if they decode strictly as UTF-8, else
 * Windows-1252 (every byte decodes; it is what Excel on German Windows writes). A whole-file
 * decision: the import checks every byte before choosing (import-file.ts).
 */
export function detectEncoding(bytes: Uint8Array): CsvEncoding {
  const bom = encodingFromHead(bytes);
  if (bom) return bom;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/**
 * RFC 4180 record scanner: tracks quotes (a doubled quote inside quotes is a quote;
 * separators and line breaks inside quotes belong to the field), counts records and, for
 * the first `keep`, the separators outside quotes. Fed text in pieces of any size.
 */
export class CsvScanner {
  records = 0;
  /** Per record of the first `keep`: how often each candidate separator occurs outside quotes. */
  readonly counts: Record<CsvSeparator, number>[] = [];
  private line = 1;
  private quoteLine = 0;
  private state: 'start' | 'plain' | 'quoted' | 'quote' = 'start';
  private content = false;
  private current: Record<CsvSeparator, number> = { ';': 0, ',': 0, '\t': 0 };

  constructor(private readonly separator: CsvSeparator | null, private readonly keep = 50) {}

  private isSep(c: string) {
    return this.separator ? c === this.separator : c === ';' || c === ',' || c === '\t';
  }

  private endRecord() {
    if (this.content) {
      if (this.records < this.keep) this.counts.push(this.current);
      this.records++;
    }
    this.current = { ';': 0, ',': 0, '\t': 0 };
    this.content = false;
    this.state = 'start';
  }

  feed(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (c === '\n') this.line++;
      if (this.state === 'quoted') {
        if (c === '"') this.state = 'quote';
        continue;
      }
      if (this.state === 'quote' && c === '"') { this.state = 'quoted'; continue; }
      // After a closing quote, or in a plain field: a separator ends the field, a line
      // break the record; anything else is text (a stray quote too, like csv-parse's relax_quotes).
      if (c === '\n') { this.endRecord(); continue; }
      if (c === '\r') continue;
      this.content = true;
      if (this.isSep(c)) {
        if (this.records < this.keep) this.current[c as CsvSeparator]++;
        this.state = 'start';
      } else if (this.state === 'start') {
        this.state = c === '"' ? 'quoted' : 'plain';
        this.quoteLine = this.line;
      } else this.state = 'plain';
    }
  }

  /** Ends the text; a quote still open is an error naming the line where it opened (unless `cut`: a head). */
  end(cut = false): number {
    if (this.state === 'quoted' && !cut) {
      throw new DomainError('VALIDATION', `The file is not a readable CSV: the quoted field that starts on line ${this.quoteLine} is never closed (a missing ").`).withText('imports.unclosedQuote', { line: this.quoteLine });
    }
    this.endRecord();
    return this.records;
  }
}

/**
 * The separator: the candidate found in the header that occurs the same number of times in
 * most of the first records (outside quotes), the most frequent on a tie. A file of one
 * column has none: ','.
 */
export function detectSeparator(text: string): CsvSeparator {
  const scan = new CsvScanner(null, 50);
  scan.feed(text);
  scan.end(true);
  const [header, ...rows] = scan.counts;
  if (!header) return ',';
  let best: { sep: CsvSeparator; score: number; n: number } | null = null;
  for (const sep of CSV_SEPARATORS) {
    const n = header[sep];
    if (n === 0) continue;
    const score = rows.length === 0 ? 1 : rows.filter((r) => r[sep] === n).length / rows.length;
    if (!best || score > best.score || (score === best.score && n > best.n)) best = { sep, score, n };
  }
  return best?.sep ?? ',';
}

/** A header name as compared: lower case, without spaces, '-', '_' and '.'. */
export const headerKey = (name: string) => name.toLowerCase().normalize('NFC').replace(/[\s._-]/g, '');

const GERMAN_HEADERS = new Set([
  'vorname', 'nachname', 'anrede', 'emailadresse', 'mailadresse', 'straße', 'strasse', 'hausnummer', 'plz',
  'postleitzahl', 'ort', 'stadt', 'geburtsdatum', 'geburtstag', 'firma', 'titel', 'telefon', 'land', 'anmeldedatum',
]);

export function isGermanHeader(columns: string[]): boolean {
  return columns.some((c) => GERMAN_HEADERS.has(headerKey(c)));
}

const ENCODING_NAMES: Record<CsvEncoding, string> = {
  'utf-8': 'UTF-8', 'utf-8-bom': 'UTF-8 (with BOM)', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE', 'windows-1252': 'Windows-1252',
};
const SEPARATOR_NAMES: Record<CsvSeparator, string> = { ';': "';'", ',': "','", '\t': 'tab' };

/** "Windows-1252, separator ';', 1,204 rows, header row German" */
export function describeDetection(d: CsvDetection): string {
  const parts = [ENCODING_NAMES[d.encoding], `separator ${SEPARATOR_NAMES[d.separator]}`, `${d.rows.toLocaleString('en')} ${d.rows === 1 ? 'row' : 'rows'}`];
  if (d.germanHeader) parts.push('header row German');
  if (d.decimalComma) parts.push('numbers as 1.234,56');
  return parts.join(', ');
}

const SEPARATOR_CODES: Record<CsvSeparator, string> = { ';': 'semicolon', ',': 'comma', '\t': 'tab' };

/**
 * describeDetection() as a code for the web's catalogue (coreTexts.import.detected): encoding
 * is the name above, separator semicolon/comma/tab, germanHeader and decimalComma yes/no.
 */
export function describeDetectionText(d: CsvDetection): CoreText {
  return {
    code: 'import.detected',
    params: {
      encoding: ENCODING_NAMES[d.encoding], separator: SEPARATOR_CODES[d.separator], rows: d.rows,
      germanHeader: d.germanHeader ? 'yes' : 'no', decimalComma: d.decimalComma ? 'yes' : 'no',
    },
  };
}

/**
 * What the refusal report says was detected, as the values of its last columns (the same on
 * every row, so the file stays plain CSV a spreadsheet or a script reads): the encoding as
 * named above in lower case, the separator as a word, and the decimal mark numbers were read with.
 */
export function detectionReportColumns(d: CsvDetection): { encoding: CsvEncoding; separator: string; decimal_mark: 'comma' | 'point' } {
  return { encoding: d.encoding, separator: SEPARATOR_CODES[d.separator], decimal_mark: d.decimalComma ? 'comma' : 'point' };
}
