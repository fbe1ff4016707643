import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import { expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../../lambdas/core/http/openapi';
import { routes } from '../../../lambdas/routes';
import { repoRoot } from '../../../local/paths';

const run = promisify(execFile);
const clientDir = join(repoRoot, 'test/openapi-client');

it('openapi-typescript generates client types that the calls in test/openapi-client compile against', async () => {
  const types = astToString(await openapiTS(JSON.stringify(buildOpenApiDocument(routes))));
  await mkdir(join(clientDir, 'generated'), { recursive: true });
  await writeFile(join(clientDir, 'generated/api.ts'), types);

  const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
  const result = await run(process.execPath, [tsc, '--noEmit', '-p', join(clientDir, 'tsconfig.json')], { cwd: repoRoot }).then(
    () => '',
    (failure: { stdout?: string }) => failure.stdout ?? String(failure),
  );
  expect(result).toBe('');
});
