import { REPORT_TIMEZONE, formatShanghaiTime } from './business-day';
import { escapeHtml, formatYuan, reportPage } from './html';
import { TAOBAO_RULES, type TownStatus, type VillageStatus } from './villages';

/** GET /v1/reports/villages, exactly API.md's shape. */
export interface VillageReport {
  countyCode: string;
  countyName: string;
  month: string;
  from: string;
  to: string;
  villages: VillageStatus[];
  towns: TownStatus[];
}

/** report.json in the bucket: the report and when it was generated (for the page). */
export interface StoredVillageReport extends VillageReport {
  generatedAt: string;
}

export function villageReportView(stored: StoredVillageReport): VillageReport {
  const { countyCode, countyName, month, from, to, villages, towns } = stored;
  return { countyCode, countyName, month, from, to, villages, towns };
}

const BOM = '\uFEFF';
const CRLF = '\r\n';
const FORMULA_START = /^[=+\-@\t\r]/;
const text = (value: string) => {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

export const VILLAGE_CSV_COLUMNS = ['level', 'code', 'name', 'townCode', 'townName', 'committee', 'gmvFen', 'activeShops', 'taobaoVillages', 'qualifies'] as const;

/** One line per village (level `village`), then one per town (level `town`); UTF-8 with a BOM for Excel. */
export function villageReportCsv(report: VillageReport): string {
  const lines = [
    [...VILLAGE_CSV_COLUMNS],
    ...report.villages.map((v) => ['village', v.villageCode, text(v.villageName), v.townCode, text(v.townName), v.committee, v.gmvFen, v.activeShops, '', v.taobaoVillage]),
    ...report.towns.map((t) => ['town', t.townCode, text(t.townName), t.townCode, text(t.townName), '', t.gmvFen, t.activeShops, t.taobaoVillages, t.taobaoTown]),
  ];
  return BOM + lines.map((cells) => cells.map(String).join(',') + CRLF).join('');
}

const share = (value: number, goal: number) => Math.min(1, value / goal);

/** How close a village committee is to both thresholds (0..2); qualified villages are not "closest". */
export function closestToQualifying(villages: readonly VillageStatus[], limit = 10): VillageStatus[] {
  const score = (v: VillageStatus) => share(v.gmvFen, TAOBAO_RULES.villageGmvFen) + share(v.activeShops, TAOBAO_RULES.villageActiveShops);
  return villages
    .filter((v) => v.committee === 'village' && !v.taobaoVillage && (v.gmvFen > 0 || v.activeShops > 0))
    .sort((a, b) => score(b) - score(a) || (a.villageCode < b.villageCode ? -1 : 1))
    .slice(0, limit);
}

function progress(kind: 'gmv' | 'shops', value: number, goal: number, label: string): string {
  const percent = Math.floor(share(value, goal) * 1000) / 10;
  return `<div class="progress" data-kind="${kind}" data-value="${value}" data-goal="${goal}"><span class="bar" style="width:${percent}%"></span><span class="text">${escapeHtml(label)} · ${percent}%</span></div>`;
}

function villageCard(v: VillageStatus): string {
  const badge = v.taobaoVillage ? '<span class="badge yes">淘宝村</span>' : v.committee === 'residents' ? '<span class="badge no">居委会（不参评）</span>' : '';
  return `<li class="village" data-code="${v.villageCode}" data-taobao="${v.taobaoVillage}"><div class="name">${escapeHtml(v.villageName)} <small>${escapeHtml(v.townName)} · ${v.villageCode}</small> ${badge}</div>`
    + progress('gmv', v.gmvFen, TAOBAO_RULES.villageGmvFen, `${formatYuan(v.gmvFen)} / ¥10,000,000`)
    + progress('shops', v.activeShops, TAOBAO_RULES.villageActiveShops, `活跃网店 ${v.activeShops} / 100`)
    + `</li>`;
}

/** A self-contained page (inline CSS, no script, nothing fetched), readable on a phone. */
export function villageReportHtml(stored: StoredVillageReport): string {
  const title = `${stored.countyName} 淘宝村与淘宝镇 ${stored.month}`;
  const closest = closestToQualifying(stored.villages);
  const towns = stored.towns.map((t) => `<tr data-code="${t.townCode}" data-taobao="${t.taobaoTown}"><th scope="row">${escapeHtml(t.townName)}${t.taobaoTown ? ' <span class="badge yes">淘宝镇</span>' : ''}</th><td class="num">${t.taobaoVillages}</td><td class="num" data-value="${t.gmvFen}">${escapeHtml(formatYuan(t.gmvFen))}</td><td class="num">${t.activeShops}</td></tr>`).join('\n');
  return reportPage(
    title,
    STYLE,
    `<p class="meta">统计区间 ${stored.from} 至 ${stored.to}（${REPORT_TIMEZONE}）· 生成于 ${escapeHtml(formatShanghaiTime(stored.generatedAt))} · 淘宝村 ${stored.villages.filter((v) => v.taobaoVillage).length} 个 · 淘宝镇 ${stored.towns.filter((t) => t.taobaoTown).length} 个</p>
<section id="closest"><h2>最接近达标的村</h2>
<ul class="villages">${closest.map(villageCard).join('\n') || '<li class="empty">暂无</li>'}</ul></section>
<section><h2>乡镇</h2>
<table id="towns"><thead><tr><th scope="col">乡镇</th><th scope="col">淘宝村</th><th scope="col">成交额</th><th scope="col">活跃网店</th></tr></thead>
<tbody>
${towns}
</tbody></table></section>
<section id="all-villages"><h2>全部村（社区）</h2>
<ul class="villages">${stored.villages.map(villageCard).join('\n')}</ul></section>`,
  );
}

const STYLE = `
body { margin: 0; font-family: -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: #1f2933; background: #f7f8fa; }
main { max-width: 960px; margin: 0 auto; padding: 16px 12px; }
h1 { font-size: 1.3rem; margin: 0 0 4px; }
h2 { font-size: 1.05rem; margin: 8px 0; }
.meta { color: #52606d; margin: 0; }
section { background: #fff; border-radius: 8px; padding: 8px 12px 12px; box-shadow: 0 1px 2px rgba(0,0,0,.06); margin-top: 12px; overflow-x: auto; }
ul.villages { list-style: none; margin: 0; padding: 0; }
li.village { padding: 8px 0; border-bottom: 1px solid #e4e7eb; }
.name small { color: #7b8794; }
.progress { position: relative; background: #e4e7eb; border-radius: 4px; height: 20px; margin-top: 4px; overflow: hidden; }
.progress .bar { position: absolute; left: 0; top: 0; bottom: 0; background: #48bb78; }
.progress[data-kind="shops"] .bar { background: #4299e1; }
.progress .text { position: relative; font-size: 12px; line-height: 20px; padding-left: 6px; white-space: nowrap; }
.badge { font-size: 12px; border-radius: 4px; padding: 1px 6px; }
.badge.yes { background: #c6f6d5; color: #22543d; }
.badge.no { background: #edf2f7; color: #4a5568; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { padding: 6px 8px; border-bottom: 1px solid #e4e7eb; text-align: left; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
`;
