// CSV downloads of the consoles' tables.
import { stringify } from 'csv-stringify/sync';
import type { Context } from 'hono';
import { CONSOLE_HEADERS } from './layout.js';

/** A cell a spreadsheet would run as a formula is quoted as text (OWASP's CSV injection advice). */
const spreadsheetSafe = (cell: string) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

/** `rows` under `header` as a download named `<name>-<date>.csv`. */
export function csvDownload(c: Context, name: string, header: string[], rows: string[][]) {
  const csv = stringify([header, ...rows.map((row) => row.map(spreadsheetSafe))], { eof: true });
  return c.body(csv, 200, {
    ...CONSOLE_HEADERS,
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.csv"`,
  });
}
