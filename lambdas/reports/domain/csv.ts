import type { CountySalesReport, CountySalesRow } from './aggregate';

// Excel only reads a CSV as UTF-8 (and shows Chinese names) when it starts with a BOM.
const BOM = '\uFEFF';
const CRLF = '\r\n';

export const CSV_COLUMNS = [
  'countyCode',
  'countyName',
  'provinceCode',
  'provinceName',
  'orders',
  'units',
  'gmvFen',
  'buyers',
  'sellers',
] as const satisfies readonly (keyof CountySalesRow)[];

export const TOTALS_LABEL = 'TOTAL';

type Cell = string | number;

/** RFC 4180 CSV: header, one line per county, then a totals line whose first cell is TOTAL. */
export function countySalesCsv(report: Pick<CountySalesReport, 'rows' | 'totals'>): string {
  const totalsRow: Record<(typeof CSV_COLUMNS)[number], Cell> = {
    countyCode: TOTALS_LABEL,
    countyName: '',
    provinceCode: '',
    provinceName: '',
    ...report.totals,
  };
  const lines = [
    CSV_COLUMNS.map(textCell),
    ...[...report.rows, totalsRow].map((row) => CSV_COLUMNS.map((column) => cell(row[column]))),
  ];
  return BOM + lines.map((cells) => cells.join(',') + CRLF).join('');
}

function cell(value: Cell): string {
  return typeof value === 'number' ? String(value) : textCell(value);
}

// Text that a spreadsheet would run as a formula gets a leading apostrophe
// (OWASP "CSV injection"). Numbers are written as numbers, never prefixed.
const FORMULA_START = /^[=+\-@\t\r]/;

function textCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
