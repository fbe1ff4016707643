import { describe, expect, it } from 'vitest';
import { closestToQualifying, villageReportCsv, villageReportHtml, type StoredVillageReport } from '../../../lambdas/reports/domain/village-report';
import type { VillageStatus } from '../../../lambdas/reports/domain/villages';

const village = (code: string, overrides: Partial<VillageStatus> = {}): VillageStatus => ({
  villageCode: code,
  villageName: `村${code.slice(-3)}`,
  townCode: code.slice(0, 9),
  townName: '大集镇',
  committee: 'village',
  gmvFen: 0,
  activeShops: 0,
  taobaoVillage: false,
  ...overrides,
});

const report = (villages: VillageStatus[]): StoredVillageReport => ({
  countyCode: '371721',
  countyName: '曹县',
  month: '2026-10',
  from: '2025-11-01',
  to: '2026-10-31',
  generatedAt: '2026-10-31T17:00:00.000Z',
  villages,
  towns: [{ townCode: '371721121', townName: '大集镇', taobaoVillages: 1, gmvFen: 0, activeShops: 0, taobaoTown: false }],
});

describe('village report', () => {
  it('the closest to qualifying are unqualified village committees, nearest both thresholds first', () => {
    const rows = [
      village('371721121211', { gmvFen: 1_000_000_000, activeShops: 100, taobaoVillage: true }),
      village('371721121212', { gmvFen: 990_000_000, activeShops: 98 }),
      village('371721121213', { gmvFen: 500_000_000, activeShops: 100 }),
      village('371721121214', { committee: 'residents', gmvFen: 999_000_000, activeShops: 99 }),
      village('371721121215'),
    ];
    expect(closestToQualifying(rows).map((v) => v.villageCode)).toEqual(['371721121212', '371721121213']);
  });

  it('csv: BOM, one line per village then per town, names made safe for spreadsheets', () => {
    const csv = villageReportCsv(report([village('371721121211', { villageName: '=cmd', gmvFen: 12 })]));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('\uFEFFlevel,code,name,townCode,townName,committee,gmvFen,activeShops,taobaoVillages,qualifies');
    expect(lines[1]).toBe("village,371721121211,'=cmd,371721121,大集镇,village,12,0,,false");
    expect(lines[2]).toBe('town,371721121,大集镇,371721121,大集镇,,0,0,1,false');
  });

  it('html: progress towards both thresholds for every village, capped at 100%, times in Shanghai, no script', () => {
    const html = villageReportHtml(report([village('371721121211', { gmvFen: 2_000_000_000, activeShops: 50, villageName: '<b>' })]));
    expect(html).toContain('style="width:100%"');
    expect(html).toContain('style="width:50%"');
    expect(html).toContain('&lt;b&gt;');
    expect(html).toContain('2026-11-01 01:00 (北京时间)');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).not.toMatch(/<script|(src|href)=/i);
  });
});
