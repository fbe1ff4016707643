import type { CountySalesReport, CountySalesRow, CountySalesTotals } from './aggregate';
import { formatShanghaiTime } from './business-day';
import type { MonthExtras, MonthlyCountySalesReport } from './month-report';

export const DEFAULT_CHART_SIZE = 15;

const COUNT_FIELDS = ['orders', 'units', 'gmvFen', 'buyers', 'sellers'] as const satisfies readonly (keyof CountySalesTotals)[];

const COLUMN_TITLES: Record<(typeof COUNT_FIELDS)[number], string> = {
  orders: '订单数',
  units: '件数',
  gmvFen: '成交额（元）',
  buyers: '买家数',
  sellers: '卖家数',
};

/**
 * A self-contained page (inline CSS and SVG, no script, nothing fetched): a bar
 * chart of the top counties by GMV, then the full table with a totals row.
 */
export function countySalesHtml(report: CountySalesReport | MonthlyCountySalesReport, options: { chartSize?: number; month?: MonthExtras } = {}): string {
  const title = 'date' in report ? `区县销售日报 ${report.date}` : `区县销售月报 ${report.month}`;
  const month = options.month;
  const topRows = report.rows.slice(0, options.chartSize ?? DEFAULT_CHART_SIZE);
  return reportPage(
    title,
    STYLE,
    `<p class="meta">时区 ${escapeHtml(report.timezone)} · 生成于 ${escapeHtml(formatShanghaiTime(report.generatedAt))} · 共 ${report.rows.length} 个区县</p>
${month ? `<section>\n<h2>每日成交额</h2>\n${dailyChart(month.dailyGmv)}\n</section>\n` : ''}<section>
<h2>成交额前 ${topRows.length} 的区县</h2>
${gmvChart(topRows)}
</section>
<section>
<h2>全部区县</h2>
${salesTable(report, month)}
</section>`,
  );
}

/** A report page: self-contained (inline CSS, no script, nothing fetched: its CSP says so too), phone width. */
export function reportPage(title: string, style: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

/** Integer fen as yuan with thousands separators: 123456789 → '¥1,234,567.89'. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const cents = abs % 100;
  // Subtract first: abs / 100 can round up to the next yuan near 2^53.
  const yuan = String((abs - cents) / 100).replace(/\B(?=(\d{3})+$)/g, ',');
  return `${sign}¥${yuan}.${String(cents).padStart(2, '0')}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const CHART = { width: 760, labelWidth: 280, labelChars: 20, valueWidth: 130, barHeight: 22, gap: 8, padding: 8 };

function gmvChart(rows: readonly CountySalesRow[]): string {
  if (rows.length === 0) {
    return `<svg id="gmv-chart" role="img" aria-label="当日无销售（no sales）" width="${CHART.width}" height="40" viewBox="0 0 ${CHART.width} 40" xmlns="http://www.w3.org/2000/svg"><text x="${CHART.padding}" y="26" class="empty">当日无销售（no sales）</text></svg>`;
  }
  const maxGmv = Math.max(...rows.map((row) => row.gmvFen));
  const barSpace = CHART.width - CHART.labelWidth - CHART.valueWidth - 2 * CHART.padding;
  const height = rows.length * (CHART.barHeight + CHART.gap) + CHART.padding;
  const bars = rows.map((row, index) => {
    const y = CHART.padding + index * (CHART.barHeight + CHART.gap);
    const textY = y + CHART.barHeight / 2;
    const barWidth = maxGmv > 0 ? Math.max(1, Math.round((row.gmvFen / maxGmv) * barSpace)) : 0;
    const barX = CHART.padding + CHART.labelWidth;
    const label = countyLabel(row);
    return `<g><title>${escapeHtml(`${label}：${formatYuan(row.gmvFen)}`)}</title>`
      + `<text x="${barX - 8}" y="${textY}" class="label" text-anchor="end" dominant-baseline="middle">${escapeHtml(truncate(label, CHART.labelChars))}</text>`
      + `<rect x="${barX}" y="${y}" width="${barWidth}" height="${CHART.barHeight}" rx="3" class="bar"/>`
      + `<text x="${barX + barWidth + 6}" y="${textY}" class="value" dominant-baseline="middle">${escapeHtml(formatYuan(row.gmvFen))}</text></g>`;
  });
  const ariaLabel = `成交额前 ${rows.length} 的区县：${rows.map((row) => `${countyLabel(row)} ${formatYuan(row.gmvFen)}`).join('，')}`;
  return `<svg id="gmv-chart" role="img" aria-label="${escapeHtml(ariaLabel)}" width="${CHART.width}" height="${height}" viewBox="0 0 ${CHART.width} ${height}" xmlns="http://www.w3.org/2000/svg">\n${bars.join('\n')}\n</svg>`;
}

// The full label stays in the bar's <title> tooltip and in the table.
function truncate(text: string, maxChars: number): string {
  const chars = [...text];
  return chars.length <= maxChars ? text : `${chars.slice(0, maxChars - 1).join('')}…`;
}

function countyLabel(row: CountySalesRow): string {
  return `${row.countyName}（${row.provinceName}）`;
}

/** The month's days as vertical bars, one per day with sales. */
function dailyChart(days: MonthExtras['dailyGmv']): string {
  const width = 760;
  const height = 200;
  if (days.length === 0) return `<svg id="daily-chart" role="img" aria-label="当月无销售（no sales）" width="${width}" height="40" viewBox="0 0 ${width} 40" xmlns="http://www.w3.org/2000/svg"><text x="8" y="26" class="empty">当月无销售（no sales）</text></svg>`;
  const max = Math.max(...days.map((day) => day.gmvFen), 1);
  const slot = (width - 16) / 31;
  const bars = days.map((day) => {
    const index = Number(day.date.slice(8, 10)) - 1;
    const barHeight = Math.max(1, Math.round((day.gmvFen / max) * (height - 40)));
    const x = 8 + index * slot;
    return `<g><title>${escapeHtml(`${day.date}：${formatYuan(day.gmvFen)}`)}</title><rect x="${x.toFixed(1)}" y="${height - 20 - barHeight}" width="${(slot - 3).toFixed(1)}" height="${barHeight}" rx="2" class="bar" data-date="${day.date}" data-value="${day.gmvFen}"/><text x="${(x + slot / 2).toFixed(1)}" y="${height - 6}" class="value" text-anchor="middle">${index + 1}</text></g>`;
  });
  const label = `每日成交额：${days.map((day) => `${day.date} ${formatYuan(day.gmvFen)}`).join('，')}`;
  return `<svg id="daily-chart" role="img" aria-label="${escapeHtml(label)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">\n${bars.join('\n')}\n</svg>`;
}

/** GMV change against the previous month, as people read it: '+12.5%', '-3.0%', 'new' when there was none. */
export function monthChange(current: number, previous: number | undefined): string {
  if (!previous) return current > 0 ? '新增' : '—';
  const percent = ((current - previous) / previous) * 100;
  return `${percent >= 0 ? '+' : ''}${percent.toFixed(1)}%`;
}

function salesTable(report: CountySalesReport | MonthlyCountySalesReport, month?: MonthExtras): string {
  const previous = new Map(month?.previousGmv.map((row) => [row.countyCode, row.gmvFen]));
  const changeHead = month ? [`较上月（${month.previousMonth}）`] : [];
  const head = ['区县', '区县代码', '省份', ...COUNT_FIELDS.map((field) => COLUMN_TITLES[field]), ...changeHead]
    .map((title) => `<th scope="col">${escapeHtml(title)}</th>`)
    .join('');
  const body = report.rows.length === 0
    ? `<tr><td colspan="${3 + COUNT_FIELDS.length + changeHead.length}" class="empty">当日无销售（no sales）</td></tr>`
    : report.rows.map((row) => `<tr>`
      + `<th scope="row">${escapeHtml(row.countyName)}</th>`
      + `<td>${escapeHtml(row.countyCode)}</td>`
      + `<td>${escapeHtml(row.provinceName)}</td>`
      + countCells(row)
      + (month ? `<td class="num" data-field="change" data-previous="${previous.get(row.countyCode) ?? 0}">${escapeHtml(monthChange(row.gmvFen, previous.get(row.countyCode)))}</td>` : '')
      + `</tr>`).join('\n');
  const previousTotal = month?.previousGmv.reduce((sum, row) => sum + row.gmvFen, 0);
  const foot = `<tr><th scope="row" colspan="3">合计</th>${countCells(report.totals)}${month ? `<td class="num">${escapeHtml(monthChange(report.totals.gmvFen, previousTotal))}</td>` : ''}</tr>`;
  return `<table id="county-sales">
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
<tfoot>${foot}</tfoot>
</table>`;
}

// data-value carries the raw integer (fen for gmvFen) so a test can compare the page with the JSON.
function countCells(counts: CountySalesTotals): string {
  return COUNT_FIELDS.map((field) => {
    const value = counts[field];
    const shown = field === 'gmvFen' ? formatYuan(value) : String(value);
    return `<td class="num" data-field="${field}" data-value="${value}">${escapeHtml(shown)}</td>`;
  }).join('');
}

const STYLE = `
body { margin: 0; font-family: -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: #1f2933; background: #f7f8fa; }
main { max-width: 960px; margin: 0 auto; padding: 24px 16px; }
h1 { font-size: 1.5rem; margin: 0 0 4px; }
h2 { font-size: 1.1rem; margin: 28px 0 8px; }
.meta { color: #52606d; margin: 0; }
section { background: #fff; border-radius: 8px; padding: 8px 16px 16px; box-shadow: 0 1px 2px rgba(0,0,0,.06); margin-top: 16px; overflow-x: auto; }
svg { max-width: 100%; height: auto; }
svg .label { font-size: 13px; fill: #323f4b; }
svg .value { font-size: 12px; fill: #52606d; }
svg .bar { fill: #2f855a; }
svg .empty, td.empty { fill: #7b8794; color: #7b8794; text-align: center; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { padding: 6px 10px; border-bottom: 1px solid #e4e7eb; text-align: left; white-space: nowrap; }
thead th { background: #f0f4f8; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tfoot th, tfoot td { font-weight: 600; border-top: 2px solid #9aa5b1; }
`;
