import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { stages } from '../../lib/config';
import { BackendFunction } from '../../lib/constructs/backend-function';

describe('BackendFunction bundling (the one test that really bundles)', () => {
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
});
