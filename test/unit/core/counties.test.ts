import { describe, expect, it } from 'vitest';
import { findCounty, findProvince, isCountyCode } from '../../../lambdas/core/counties';

describe('findCounty', () => {
  it.each([
    ['371721', '曹县'],
    ['371722', '单县'],
    ['371702', '牡丹区'],
    ['371726', '鄄城县'],
    ['371728', '东明县'],
  ])('finds %s (%s) in 菏泽市, 山东省', (code, name) => {
    expect(findCounty(code)).toEqual({
      countyCode: code,
      countyName: name,
      cityCode: '3717',
      cityName: '菏泽市',
      provinceCode: '37',
      provinceName: '山东省',
    });
  });

  it('treats a district of a municipality as a county, without the 市辖区 placeholder city', () => {
    expect(findCounty('110105')).toEqual({
      countyCode: '110105',
      countyName: '朝阳区',
      provinceCode: '11',
      provinceName: '北京市',
    });
    expect(findCounty('310115')).toMatchObject({ countyName: '浦东新区', provinceName: '上海市' });
    expect(findCounty('500229')).toMatchObject({ countyName: '城口县', provinceName: '重庆市' });
    expect(findCounty('500229')).not.toHaveProperty('cityName');
  });

  it('finds county-level cities administered directly by a province', () => {
    expect(findCounty('419001')).toEqual({
      countyCode: '419001',
      countyName: '济源市',
      provinceCode: '41',
      provinceName: '河南省',
    });
  });

  it('finds prefecture-level cities that have no counties', () => {
    expect(findCounty('441900')).toMatchObject({ countyName: '东莞市', provinceName: '广东省' });
  });

  it.each(['', '37172', '3717210', '37172a', ' 371721', '371721 ', '370000', '371700', '999999', '000000'])(
    'returns undefined for %j',
    (code) => {
      expect(findCounty(code)).toBeUndefined();
      expect(isCountyCode(code)).toBe(false);
    },
  );

  it('returns the same object on every call (index built once)', () => {
    expect(findCounty('371721')).toBe(findCounty('371721'));
  });
});

describe('isCountyCode', () => {
  it.each(['110105', '371721', '371722', '371702', '371726', '371728'])('accepts %s', (code) => {
    expect(isCountyCode(code)).toBe(true);
  });
});

describe('findProvince', () => {
  it.each([
    ['11', '北京市'],
    ['31', '上海市'],
    ['37', '山东省'],
    ['65', '新疆维吾尔自治区'],
  ])('finds %s → %s', (code, name) => {
    expect(findProvince(code)).toEqual({ provinceCode: code, provinceName: name });
  });

  it.each(['', '3', '371', '99', 'ab', '00'])('returns undefined for %j', (code) => {
    expect(findProvince(code)).toBeUndefined();
  });
});
