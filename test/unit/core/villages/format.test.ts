import { describe, expect, it } from 'vitest';
import { decodeCounty, encodeProvince, openProvince, type CountyRecord } from '../../../../lambdas/core/villages/format';

const county: CountyRecord = {
  code: '371721',
  towns: [
    {
      code: '371721121',
      name: '大集镇',
      villages: [
        { code: '371721121001', name: '大集社区居委会' },
        { code: '371721121211', name: '张庄村民委员会' },
        { code: '371721121212', name: '丁楼村' },
        { code: '371721121213', name: '3队' },
        { code: '371721121215', name: '村' },
      ],
    },
  ],
};

describe('village data format', () => {
  it('round-trips codes (delta-encoded), names (suffixes factored out) and towns', () => {
    const text = encodeProvince('37', [county, { code: '371722', towns: [{ code: '371722000', name: '某镇', villages: [{ code: '371722000000', name: '某' }] }] }]);
    expect(text.split('\n').slice(1, 8)).toEqual(['@371721', '#121大集镇', '大集$', '210~张庄%', '丁楼=', '3队', '2~村']);
    const province = openProvince(text);
    expect(decodeCounty(province, '371721')).toEqual(county);
    expect(decodeCounty(province, '371722')?.towns[0]?.villages).toEqual([{ code: '371722000000', name: '某' }]);
    expect(decodeCounty(province, '371723')).toBeUndefined();
  });

  it('refuses names with the characters the format reserves, and unsorted codes', () => {
    const withName = (name: string): CountyRecord => ({ code: '371721', towns: [{ code: '371721121', name: '大集镇', villages: [{ code: '371721121001', name }] }] });
    expect(() => encodeProvince('37', [withName('张~庄')])).toThrow(/reserved/);
    expect(() => encodeProvince('37', [withName('张庄!')])).toThrow(/reserved/);
    const unsorted: CountyRecord = { code: '371721', towns: [{ code: '371721121', name: '大集镇', villages: [{ code: '371721121002', name: 'a' }, { code: '371721121001', name: 'b' }] }] };
    expect(() => encodeProvince('37', [unsorted])).toThrow(/not sorted/);
  });
});
