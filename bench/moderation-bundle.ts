/**
 * The review handler as Lambda gets it: bundled with esbuild the way BackendFunction bundles
 * (ESM, minified, node24, platform node, source map, AWS SDK bundled, the createRequire banner), then
 * imported in fresh `node` processes, interleaved with bare `node -e ''` starts in the same run.
 *
 * `npx tsx bench/moderation-bundle.ts` prints one JSON object; `measureHandlerBundle()` returns it, for
 * the `bundle` section of `npm run bench:moderation`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chatReviewFunction } from '../lambdas/chat/routes';
import { repoRoot } from '../lib/constructs/backend-function';

const RUNS = 21;

export interface BundleFigures {
  entry: string;
  bytes: number;
  gzipBytes: number;
  /** Where the bytes come from: the largest packages (or our own source) in the minified output. */
  largestInputs: { input: string; bytes: number }[];
  runs: number;
  /** Time to import the bundle (load + evaluate, i.e. the Lambda module init), measured inside the fresh process. */
  importMs: { p50: number; min: number; max: number };
  /** Whole process, start to exit: bare `node -e ''` and `node` importing the bundle. */
  bareNodeProcessMs: { p50: number; min: number };
  importingProcessMs: { p50: number; min: number };
  /** importingProcess − bareNodeProcess (medians): what the handler adds to a cold start. */
  initOverheadMs: number;
  /** The same import with source maps on (BackendFunction's default NODE_OPTIONS, turned off for this function). */
  importWithSourceMapsMs: { p50: number };
  /**
   * The moderation engine alone (global terms compiled, as a provisioned handler does at init), bundled and
   * imported the same way: the rest of the bundle and of the import time is the store (its SigV4-signed
   * DynamoDB client, lambdas/chat/review/dynamodb-lite.ts, which needs node:crypto).
   */
  engineOnly: { bytes: number; importMs: { p50: number; min: number } };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const round = (value: number) => Number(value.toFixed(1));

const ENGINE_ONLY = `
import { globalTermMatcher } from './lambdas/chat/moderation/moderator';
import { createModeratorCache } from './lambdas/chat/moderation/moderator-cache';
import { DEFAULT_ROOM_SETTINGS } from './lambdas/chat/review/room-settings';
const moderators = createModeratorCache();
globalTermMatcher();
export const handler = async (content) => moderators.get('', DEFAULT_ROOM_SETTINGS).review(content);
`;

async function bundle(outfile: string, entry: { file: string } | { source: string }) {
  const result = await build({
    ...('file' in entry ? { entryPoints: [entry.file] } : { stdin: { contents: entry.source, resolveDir: repoRoot, loader: 'ts' } }),
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    minify: true,
    sourcemap: true,
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    metafile: true,
    logLevel: 'error',
  });
  const inputs = new Map<string, number>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.replace(/^.*?(lambdas|lib)\//, '$1/');
      inputs.set(pkg, (inputs.get(pkg) ?? 0) + bytesInOutput);
    }
  }
  const largestInputs = [...inputs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([input, bytes]) => ({ input, bytes }));
  return { outfile, bytes: statSync(outfile).size, largestInputs };
}

/** One fresh process: wall time from spawn to exit, and (when importing) the import time it reports. */
function runNode(args: string[], env: NodeJS.ProcessEnv): { processMs: number; importMs?: number } {
  const started = performance.now();
  const child = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const processMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${child.stderr}`);
  const reported = child.stdout.trim();
  return reported ? { processMs, importMs: Number(reported) } : { processMs };
}

export async function measureHandlerBundle(runs = RUNS): Promise<BundleFigures> {
  const outdir = mkdtempSync(join(tmpdir(), 'village-live-review-bundle-'));
  try {
    const { outfile, bytes, largestInputs } = await bundle(join(outdir, 'index.mjs'), { file: join(repoRoot, chatReviewFunction.entry) });
    const engine = await bundle(join(outdir, 'engine', 'index.mjs'), { source: ENGINE_ONLY });
    const gzipBytes = gzipSync(readFileSync(outfile)).length;
    const importScript = (file: string) =>
      `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(performance.now() - t);`;
    // What the function's environment would hold; no AWS call happens at init.
    const env = { PATH: process.env.PATH, CATALOG_TABLE: 'bench-catalog', AWS_REGION: 'ap-northeast-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench' };
    const deployed = { ...env, NODE_OPTIONS: chatReviewFunction.nodeOptions };
    const withSourceMaps = { ...env, NODE_OPTIONS: '--enable-source-maps' };

    const bare: number[] = [];
    const importing: number[] = [];
    const imports: number[] = [];
    const importsWithMaps: number[] = [];
    const engineImports: number[] = [];
    const importHandler = ['--input-type=module', '-e', importScript(outfile)];
    const importEngine = ['--input-type=module', '-e', importScript(engine.outfile)];
    runNode(importHandler, deployed); // warm the file cache
    runNode(importEngine, deployed);
    for (let i = 0; i < runs; i++) {
      bare.push(runNode(['-e', ''], env).processMs);
      const run = runNode(importHandler, deployed);
      importing.push(run.processMs);
      imports.push(run.importMs!);
      importsWithMaps.push(runNode(importHandler, withSourceMaps).importMs!);
      engineImports.push(runNode(importEngine, deployed).importMs!);
    }
    return {
      entry: chatReviewFunction.entry,
      bytes,
      gzipBytes,
      largestInputs,
      runs,
      importMs: { p50: round(median(imports)), min: round(Math.min(...imports)), max: round(Math.max(...imports)) },
      bareNodeProcessMs: { p50: round(median(bare)), min: round(Math.min(...bare)) },
      importingProcessMs: { p50: round(median(importing)), min: round(Math.min(...importing)) },
      initOverheadMs: round(median(importing) - median(bare)),
      importWithSourceMapsMs: { p50: round(median(importsWithMaps)) },
      engineOnly: { bytes: engine.bytes, importMs: { p50: round(median(engineImports)), min: round(Math.min(...engineImports)) } },
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify({ benchmark: 'chat-review-bundle', node: process.version, ...(await measureHandlerBundle()) }, null, 2));
}
