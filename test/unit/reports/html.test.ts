import { describe, expect, it } from 'vitest';
import { countySalesHtml, escapeHtml, formatYuan } from '../../../lambdas/reports/domain/html';
import { aReport, aRow } from './report-fixtures';

const TOTALS = { orders: 1234, units: 5678, gmvFen: 123_456_789, buyers: 321, sellers: 45 };

function manyRows(count: number) {
  return Array.from({ length: count }, (_, i) =>
    aRow({ countyCode: String(371701 + i), countyName: `县${i + 1}`, gmvFen: (count - i) * 1000 }));
}

function chartOf(html: string): string {
  return /<svg id="gmv-chart"[\s\S]*?<\/svg>/.exec(html)![0];
}

describe('countySalesHtml', () => {
  it('is a zh-CN UTF-8 page titled with the date', () => {
    const html = countySalesHtml(aReport([aRow()]));

    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toMatch(/<title>[^<]*2026-11-27[^<]*<\/title>/);
    expect(html).toMatch(/<h1>[^<]*2026-11-27[^<]*<\/h1>/);
  });

  it('shows generatedAt in Asia/Shanghai, readable, not as a UTC ISO string', () => {
    const html = countySalesHtml(aReport([aRow()])); // generatedAt 2026-11-27T17:00:00.000Z

    expect(html).toContain('生成于 2026-11-28 01:00 (北京时间)');
    expect(html).not.toContain('2026-11-27T17:00:00.000Z');
  });

  it('has no script and loads nothing from elsewhere', () => {
    const html = countySalesHtml(aReport(manyRows(20)));

    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son\w+=/i); // no event-handler attributes
    expect(html).not.toMatch(/<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)=/i);
    expect(html).toContain("default-src 'none'");
  });

  it('escapes every name, in the chart and in the table', () => {
    const html = countySalesHtml(aReport([aRow({ countyName: '<script>alert("x")</script>', provinceName: 'a&b\'<' })]));

    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('a&amp;b&#39;&lt;');
    expect(chartOf(html)).toContain('&lt;script&gt;');
  });

  it('charts the top 15 counties by GMV as inline SVG, labelled with county and province', () => {
    const html = countySalesHtml(aReport(manyRows(20)));
    const chart = chartOf(html);

    expect(chart).toMatch(/^<svg id="gmv-chart" role="img" aria-label="[^"]+"/);
    expect(chart.match(/<rect /g)).toHaveLength(15);
    expect(chart).toContain('县1（山东省）');
    expect(chart).toContain('县15（山东省）');
    expect(chart).not.toContain('县16（');
    expect(chart).toContain('¥200.00'); // 县1: 20 × 1000 fen
  });

  it('shortens long chart labels, keeping the full name in the bar tooltip', () => {
    const countyName = '积石山保安族东乡族撒拉族自治县'; // 15 characters
    const chart = chartOf(countySalesHtml(aReport([aRow({ countyName, provinceName: '新疆维吾尔自治区' })])));

    expect(chart).toContain(`<title>${countyName}（新疆维吾尔自治区）：`);
    expect(chart).toMatch(new RegExp(`class="label"[^>]*>${countyName}（新疆维…</text>`));
  });

  it('takes the chart size as an option', () => {
    expect(chartOf(countySalesHtml(aReport(manyRows(20)), { chartSize: 5 })).match(/<rect /g)).toHaveLength(5);
  });

  it('draws bars proportional to GMV', () => {
    const chart = chartOf(countySalesHtml(aReport([aRow({ gmvFen: 1000 }), aRow({ countyCode: '371722', gmvFen: 500 })])));
    const widths = [...chart.matchAll(/<rect [^>]*width="(\d+)"/g)].map((match) => Number(match[1]));

    expect(widths[0]).toBeGreaterThan(0);
    expect(widths[1]).toBe(Math.round(widths[0]! / 2));
  });

  it('lists every county in the table, not only the charted ones', () => {
    const html = countySalesHtml(aReport(manyRows(20)));
    const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)![1]!;

    expect(body.match(/<tr>/g)).toHaveLength(20);
    expect(body).toContain('县20');
  });

  it('puts the raw totals in the tfoot of #county-sales, one data-field per figure', () => {
    const html = countySalesHtml(aReport([aRow()], { totals: TOTALS }));
    const table = /<table id="county-sales">[\s\S]*?<\/table>/.exec(html)![0];
    const foot = /<tfoot>([\s\S]*?)<\/tfoot>/.exec(table)![1]!;
    const fields = Object.fromEntries(
      [...foot.matchAll(/data-field="(\w+)" data-value="(\d+)"/g)].map((match) => [match[1], Number(match[2])]),
    );

    expect(fields).toEqual(TOTALS);
    expect(foot).toContain('>1234<');
    expect(foot).toContain('¥1,234,567.89');
  });

  it('says there were no sales on an empty day, and still has the chart and zero totals', () => {
    const html = countySalesHtml(aReport([]));

    expect(html).toContain('no sales');
    expect(chartOf(html)).toContain('role="img"');
    expect(chartOf(html)).not.toContain('<rect');
    expect(html).toContain('data-field="gmvFen" data-value="0"');
  });
});

describe('formatYuan', () => {
  it.each([
    [0, '¥0.00'],
    [1, '¥0.01'],
    [99, '¥0.99'],
    [100, '¥1.00'],
    [123456, '¥1,234.56'],
    [100_000_000, '¥1,000,000.00'],
    [-250, '-¥2.50'],
    [Number.MAX_SAFE_INTEGER, '¥90,071,992,547,409.91'],
  ])('%d fen → %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
