import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, countySalesCsv } from '../../../lambdas/reports/domain/csv';
import { aReport, aRow } from './report-fixtures';

/** A minimal RFC 4180 reader, enough to read back what countySalesCsv writes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') (field += '"'), (i += 1);
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') record.push(field), (field = '');
    else if (char === '\r' && text[i + 1] === '\n') record.push(field), records.push(record), (record = []), (field = ''), (i += 1);
    else field += char;
  }
  return records;
}

describe('countySalesCsv', () => {
  it('starts with a UTF-8 BOM, then the header', () => {
    const csv = countySalesCsv(aReport([]));

    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1).split('\r\n')[0]).toBe(
      'countyCode,countyName,provinceCode,provinceName,orders,units,gmvFen,buyers,sellers',
    );
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('ends every record with CRLF, the totals record last', () => {
    const csv = countySalesCsv(aReport([aRow()], { totals: { orders: 3, units: 7, gmvFen: 123456, buyers: 2, sellers: 1 } }));

    expect(csv).toBe(
      '\uFEFFcountyCode,countyName,provinceCode,provinceName,orders,units,gmvFen,buyers,sellers\r\n'
        + '371721,曹县,37,山东省,3,7,123456,2,1\r\n'
        + 'TOTAL,,,,3,7,123456,2,1\r\n',
    );
  });

  it('round-trips every number of the report', () => {
    const report = aReport(
      [
        aRow({ gmvFen: 999_999_999_99, orders: 1000, units: 99_000 }),
        aRow({ countyCode: '110105', countyName: '朝阳区', provinceCode: '11', provinceName: '北京市', gmvFen: 1 }),
        aRow({ countyCode: '371722', countyName: '单县', gmvFen: 0, orders: 1, units: 1, buyers: 1, sellers: 1 }),
      ],
      { totals: { orders: 1004, units: 99_008, gmvFen: 100_000_000_000, buyers: 3, sellers: 2 } },
    );

    const [header, ...records] = parseCsv(countySalesCsv(report).slice(1));
    const objects = records.map((record) => Object.fromEntries(header!.map((column, i) => [column, record[i]])));

    expect(header).toEqual([...CSV_COLUMNS]);
    expect(objects).toHaveLength(report.rows.length + 1);
    report.rows.forEach((row, i) => {
      for (const column of CSV_COLUMNS) expect(objects[i]![column]).toBe(String(row[column]));
    });
    const totals = objects.at(-1)!;
    expect(totals.countyCode).toBe('TOTAL');
    for (const field of ['orders', 'units', 'gmvFen', 'buyers', 'sellers'] as const) {
      expect(Number(totals[field])).toBe(report.totals[field]);
    }
  });

  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    const csv = countySalesCsv(aReport([aRow({ countyName: 'a,"b"\r\nc' })]));

    expect(csv).toContain('371721,"a,""b""\r\nc",37,');
    expect(parseCsv(csv.slice(1))[1]![1]).toBe('a,"b"\r\nc');
  });

  it.each(['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])(
    'neutralises a text cell starting a formula: %j',
    (name) => {
      const record = parseCsv(countySalesCsv(aReport([aRow({ countyName: name })])).slice(1))[1]!;

      expect(record[1]).toBe(`'${name}`);
    },
  );

  it('writes numbers as plain numbers, never prefixed', () => {
    const csv = countySalesCsv(aReport([aRow({ gmvFen: 0, orders: 0 })]));

    expect(csv).not.toContain("'");
  });
});
