import { describe, expect, it } from 'vitest';
import { committeeOf } from '../../../../lambdas/core/villages/committee';
import { findVillage, villagesOfCounty } from '../../../../lambdas/core/villages/lookup';

describe('committee from the name', () => {
  it("classifies every one of Cao County's (371721) 807 entries: 784 village committees, 23 residents' committees", async () => {
    const villages = await villagesOfCounty('371721');
    expect(villages).toHaveLength(807);
    const counts = { village: 0, residents: 0 };
    for (const v of villages) counts[v.committee] += 1;
    expect(counts).toEqual({ village: 784, residents: 23 });
    // The 23: the street offices' 居民委员会 and three 社区 in 庄寨镇, one spelt 社区居委员会.
    const residents = villages.filter((v) => v.committee === 'residents').map((v) => v.villageName);
    expect(residents.every((name) => /(居民委员会|居委会|居委员会)$/.test(name))).toBe(true);
    expect(residents).toContain('丁寨社区居委员会');
    // Every village committee's name says so, in one of four spellings.
    const spellings = new Set(villages.filter((v) => v.committee === 'village').map((v) => /(村民委员会|村民委会|村委会)$/.exec(v.villageName)?.[1]));
    expect([...spellings].sort()).toEqual(['村委会', '村民委会', '村民委员会']);
  });

  it('finds 张庄村 of 大集镇 (Daji town) as a village committee', async () => {
    expect(await findVillage('371721121211')).toEqual({
      villageCode: '371721121211',
      villageName: '张庄村民委员会',
      townCode: '371721121',
      townName: '大集镇',
      countyCode: '371721',
      committee: 'village',
    });
  });

  it.each([
    ['张庄村', '371721121211', 'village'],
    ['张庄村民委员会', '371721121211', 'village'],
    ['邓庄村委会', '371721103287', 'village'],
    ['红旗村民委会', '371721105263', 'village'],
    ['宝日勿苏嘎查', '150423102212', 'village'],
    ['杨坝社区村民委员会', '340122100049', 'village'],
    ['胜利村委会（邵家河）', '429004110218', 'village'],
    ['南关居民委员会', '371721001001', 'residents'],
    ['庄寨社区居委会', '371721101004', 'residents'],
    ['多福巷社区', '110101001001', 'residents'],
    ['西街村居民委员会', '130523100202', 'residents'],
    ['竹荫里社区委员会', '340104001004', 'residents'],
    ['缫丝居委会（社区）', '421303002009', 'residents'],
    // No committee word: the statistical code decides (5xx: like a residents' committee; 2xx: village).
    ['六分场村生活区', '150821400506', 'residents'],
    ['第二生产队', '659001400600', 'village'],
    ['第二生产队', '659001400500', 'residents'],
  ] as const)('%s (%s) → %s', (name, code, committee) => {
    expect(committeeOf(name, code)).toBe(committee);
  });

  it('answers undefined for codes the data does not have, outside a county or malformed', async () => {
    expect(await findVillage('371721121999')).toBeUndefined();
    expect(await findVillage('991721121211')).toBeUndefined();
    expect(await findVillage('37172112121')).toBeUndefined();
    expect(await villagesOfCounty('999999')).toEqual([]);
  });
});
