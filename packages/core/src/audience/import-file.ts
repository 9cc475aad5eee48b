// Reading a stored upload as text: the encoding is decided over the whole file (a file whose
// only umlaut is on line 30,000 is still Windows-1252), then one streamed pass decodes it,
// detects the separator on the first lines and counts the records. Nothing is held whole
// in memory; the bytes on disk stay as uploaded, and the run decodes them the same way.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import { parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { DomainError } from '../errors.ts';
import {
  CsvScanner, decoderLabel, detectSeparator, encodingFromHead, isGermanHeader, type CsvDetection, type CsvEncoding, type CsvSeparator,
} from './csv-detect.ts';

const HEAD_BYTES = 64 * 1024;

async function readHead(path: string, bytes: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** BOM or UTF-16 pattern from the head; else UTF-8 if every byte of the file decodes as UTF-8, else Windows-1252. */
export async function detectFileEncoding(path: string): Promise<CsvEncoding> {
  const fromHead = encodingFromHead(await readHead(path, 4096));
  if (fromHead) return fromHead;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path)) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

const ENCODING_HELP = 'Save it as "CSV UTF-8" and upload it again.';

/**
 * Bytes -> text in the detected encoding (the BOM dropped); a byte sequence that does not
 * decode fails naming the line (`fatal: false`: it becomes U+FFFD instead).
 */
export function decodeStream(encoding: CsvEncoding, fatal = true) {
  const decoder = new TextDecoder(decoderLabel(encoding), { fatal });
  let line = 1;
  const fail = (cb: TransformCallback) =>
    cb(new DomainError('VALIDATION', `The file cannot be read as ${encoding === 'utf-8-bom' ? 'UTF-8' : encoding.toUpperCase()} (near line ${line}). ${ENCODING_HELP}`));
  const out = (text: string, cb: TransformCallback) => {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) line++;
    cb(null, text);
  };
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, cb) {
      let text: string;
      try { text = decoder.decode(chunk, { stream: true }); } catch { return fail(cb); }
      out(text, cb);
    },
    flush(cb) {
      let text: string;
      try { text = decoder.decode(); } catch { return fail(cb); }
      out(text, cb);
    },
  });
}

/** Options for csv-parse that read the file as detected (shared by the preview and the run). */
export const csvParseOptions = (separator: CsvSeparator) =>
  ({ delimiter: separator, bom: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: true }) as const;

/** The header and the first rows, from the head of the decoded text. */
function previewOf(head: string, separator: CsvSeparator, complete: boolean, rows: number) {
  // Only whole lines of a cut head: the last one may be cut off.
  const text = complete ? head : head.slice(0, head.lastIndexOf('\n') + 1);
  if (!complete && !text) throw new DomainError('VALIDATION', `The first line is longer than ${HEAD_BYTES / 1024} KB: this is not a CSV file with a header row.`).withText('imports.firstLineLong', { kb: HEAD_BYTES / 1024 });
  let records: string[][];
  try {
    records = parse(text, { ...csvParseOptions(separator), to: rows + 1 }) as string[][];
  } catch (e) {
    throw new DomainError('VALIDATION', `The file is not a readable CSV: ${(e as Error).message}`);
  }
  const [columns, ...data] = records;
  if (!columns || columns.every((c) => c.trim() === '')) throw new DomainError('VALIDATION', 'The file is empty.').withText('imports.empty');
  return { columns: columns.map((c) => c.trim()), rows: data };
}

/** One pass over the file: encoding, separator, row count, header; throws a clear VALIDATION error when it cannot be read. */
export async function inspectCsvFile(path: string, previewRows = 5): Promise<{ detection: CsvDetection; columns: string[]; rows: string[][] }> {
  const encoding = await detectFileEncoding(path);
  let head = '';
  let scanner: CsvScanner | null = null;
  let separator: CsvSeparator = ',';
  const text = createReadStream(path).pipe(decodeStream(encoding));
  for await (const piece of text as AsyncIterable<string>) {
    if (scanner) { scanner.feed(piece); continue; }
    head += piece;
    if (head.length >= HEAD_BYTES) {
      separator = detectSeparator(head.slice(0, head.lastIndexOf('\n') + 1) || head);
      scanner = new CsvScanner(separator, 0);
      scanner.feed(head);
    }
  }
  const complete = !scanner;
  if (!scanner) {
    separator = detectSeparator(head);
    scanner = new CsvScanner(separator, 0);
    scanner.feed(head);
  }
  const records = scanner.end();
  const preview = previewOf(head, separator, complete, previewRows);
  const germanHeader = isGermanHeader(preview.columns);
  return {
    detection: { encoding, separator, rows: Math.max(records - 1, 0), germanHeader, decimalComma: separator === ';' || germanHeader },
    ...preview,
  };
}

/** The header and first rows of a file already inspected (the stored detection: no second whole-file pass). */
export async function previewCsvFile(path: string, detection: CsvDetection, previewRows = 5) {
  const bytes = await readHead(path, HEAD_BYTES);
  const complete = bytes.length < HEAD_BYTES;
  const decoder = new TextDecoder(decoderLabel(detection.encoding));
  // A cut head may end inside a character: decode the bytes that form whole ones.
  const head = decoder.decode(bytes, { stream: !complete });
  return previewOf(head, detection.separator, complete, previewRows);
}

const separators: CsvSeparator[] = [';', ',', '\t'];
const encodings: CsvEncoding[] = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252'];

/** A stored detection (JSON) checked field by field; null if missing or from an older shape. */
export function storedDetection(json: unknown): CsvDetection | null {
  const d = json as Partial<CsvDetection> | null;
  if (!d || typeof d !== 'object') return null;
  if (!encodings.includes(d.encoding!) || !separators.includes(d.separator!) || typeof d.rows !== 'number') return null;
  return { encoding: d.encoding!, separator: d.separator!, rows: d.rows, germanHeader: !!d.germanHeader, decimalComma: !!d.decimalComma };
}

/**
 * Records of a CSV that arrives as a stream and is not stored (the suppression list): the
 * encoding and separator come from its first 64 KB; bytes after them that are not UTF-8 in
 * a file that began as UTF-8 become U+FFFD (only the address column matters there).
 */
export async function csvRecordsOfStream(body: Readable): Promise<AsyncIterable<string[]>> {
  const it = body[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const head: Buffer[] = [];
  let size = 0;
  let ended = false;
  while (size < HEAD_BYTES) {
    const n = await it.next();
    if (n.done) { ended = true; break; }
    const chunk = typeof n.value === 'string' ? Buffer.from(n.value) : n.value;
    head.push(chunk);
    size += chunk.length;
  }
  const bytes = Buffer.concat(head);
  let encoding = encodingFromHead(bytes);
  if (!encoding) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !ended });
      encoding = 'utf-8';
    } catch {
      encoding = 'windows-1252';
    }
  }
  const text = new TextDecoder(decoderLabel(encoding)).decode(bytes, { stream: !ended });
  const separator = detectSeparator(ended ? text : text.slice(0, text.lastIndexOf('\n') + 1) || text);
  async function* all() {
    yield bytes;
    if (ended) return;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  }
  const records = parseStream(csvParseOptions(separator));
  // An upload that breaks off destroys the parser with its error, so the reader sees it.
  pipeline(Readable.from(all()), decodeStream(encoding, false), records, () => undefined);
  return records;
}
