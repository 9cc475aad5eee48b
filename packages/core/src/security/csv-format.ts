// The two CSV dialects every export offers (issue 14: "Exports offer 'Excel (German)' as well
// as UTF-8 CSV"): subscribers, suppressions and a campaign's message log.
//   'utf8': UTF-8 CSV with ',' and ISO values, for programs.
//   'excel-de': what German Excel opens with a double click: ';' (German Excel's list
//   separator, the comma being its decimal mark), CRLF, German column names, TT.MM.JJJJ HH:MM
//   times in German local time. UTF-8 with a BOM rather than Windows-1252: Excel 2016 and later
//   read the BOM as UTF-8, and UTF-8 keeps the names Windows-1252 cannot hold (Łukasz, Şahin,
//   Dvořák), which a Windows-1252 file would turn into '?'.
import { stringify } from 'csv-stringify/sync';

export const exportFormats = ['utf8', 'excel-de'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const isExportFormat = (v: unknown): v is ExportFormat => (exportFormats as readonly unknown[]).includes(v);

// Times in the German variant are German local time, as the people opening it read them.
const berlin = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });

export type CsvDialect = {
  /** Written once before the header (the BOM of the Excel variant). */
  prefix: string;
  /** Records -> CSV text in this dialect. */
  lines: (records: unknown[][]) => string;
  /** A point in time as this dialect writes it ('' for none). */
  time: (d: Date | null | undefined) => string;
};

export function csvDialect(format: ExportFormat): CsvDialect {
  if (format === 'utf8') return { prefix: '', lines: (r) => stringify(r), time: (d) => (d ? d.toISOString() : '') };
  return {
    prefix: '\uFEFF',
    lines: (r) => stringify(r, { delimiter: ';', record_delimiter: 'windows' }),
    time: (d) => (d ? berlin.format(d).replace(',', '') : ''),
  };
}

/** The file name of an export in a format: the Excel variant says so ("subscribers-excel.csv"). */
export const exportFileName = (base: string, format: ExportFormat) => `${base}${format === 'excel-de' ? '-excel' : ''}.csv`;
