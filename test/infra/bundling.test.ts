import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { chatReviewFunction } from '../../lambdas/chat/routes';
import { stages } from '../../lib/config';
import { BackendFunction, repoRoot } from '../../lib/constructs/backend-function';
import { VILLAGE_DATA_DIR } from '../../lambdas/core/villages/lookup';

describe('BackendFunction bundling (the one test that synthesizes a real asset)', () => {
  it('bundles a handler with the local esbuild into a minified ESM file with a source map', () => {
    const app = new App();
    const stack = new Stack(app, 'BundlingProbe', { env: { region: 'ap-northeast-1' } });
    new BackendFunction(stack, 'Health', { entry: 'lambdas/platform/health.ts', config: stages.dev });
    const assembly = app.synth();

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler', Runtime: 'nodejs24.x' });
    const assetDirs = readdirSync(assembly.directory).filter((name) => name.startsWith('asset.'));
    expect(assetDirs).toHaveLength(1);
    const files = readdirSync(join(assembly.directory, assetDirs[0]!));
    expect(files.sort()).toEqual(['index.mjs', 'index.mjs.map']);
    const bundle = join(assembly.directory, assetDirs[0]!, 'index.mjs');
    expect(statSync(bundle).size).toBeGreaterThan(1000);
    expect(statSync(bundle).size).toBeLessThan(2_000_000);
  });

  it("copies the village data next to a bundle that reads it, and only there", () => {
    const app = new App();
    const stack = new Stack(app, 'VillageDataProbe', { env: { region: 'ap-northeast-1' } });
    new BackendFunction(stack, 'PutProfile', { entry: 'lambdas/catalog/handlers/put-profile.ts', config: stages.dev });
    new BackendFunction(stack, 'Health', { entry: 'lambdas/platform/health.ts', config: stages.dev });
    const assembly = app.synth();

    const assets = readdirSync(assembly.directory)
      .filter((name) => name.startsWith('asset.'))
      .map((name) => readdirSync(join(assembly.directory, name)).sort());
    expect(assets.map((files) => files.join(',')).sort()).toEqual(['index.mjs,index.mjs.map', `index.mjs,index.mjs.map,${VILLAGE_DATA_DIR}`]);
    const dataDir = readdirSync(assembly.directory)
      .map((name) => join(assembly.directory, name, VILLAGE_DATA_DIR))
      .find((dir) => existsSync(dir));
    expect(readdirSync(dataDir!)).toContain('37.txt');
    expect(readdirSync(dataDir!)).toHaveLength(31);
  });
});

/** The source files esbuild pulls into a function's bundle, resolved as BackendFunction resolves them. */
async function bundledInputs(entry: string): Promise<string[]> {
  const { metafile } = await build({
    entryPoints: [join(repoRoot, entry)],
    bundle: true,
    write: false,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    mainFields: ['module', 'main'],
    metafile: true,
    logLevel: 'error',
  });
  return Object.keys(metafile.inputs);
}

const tracing = /node_modules\/(@aws-lambda-powertools\/tracer|aws-xray-sdk-core)\//;

describe('what the bundles hold', () => {
  it('the chat review function stays without the tracer (its 200 ms budget starts with its init)', async () => {
    const inputs = await bundledInputs(chatReviewFunction.entry);
    expect(inputs.some((input) => input.includes('lambdas/chat/review/'))).toBe(true);
    expect(inputs.filter((input) => tracing.test(input))).toEqual([]);
  });

  it('an HTTP function carries it (the check above would see it)', async () => {
    const inputs = await bundledInputs('lambdas/platform/health.ts');
    expect(inputs.some((input) => tracing.test(input))).toBe(true);
  });
});
