import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../../lambdas/core/http/openapi';
import { routes } from '../../../lambdas/routes';
import { repoRoot } from '../../../local/paths';

const run = promisify(execFile);
const operationKey = { GET: 'get', PUT: 'put', POST: 'post', PATCH: 'patch', DELETE: 'delete' } as const;
const document = buildOpenApiDocument(routes);

interface RedoclyProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer: string }[];
}

/** Redocly CLI's `lint` (recommended rules) on the written document; exit code 1 when it finds errors. */
async function redoclyLint(file: string): Promise<RedoclyProblem[]> {
  const cli = join(repoRoot, 'node_modules/@redocly/cli/bin/cli.js');
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  const output = await run(process.execPath, [cli, 'lint', file, '--format=json', '--max-problems=1000'], { cwd: repoRoot, env }).catch(
    (failure: { stdout?: string }) => ({ stdout: failure.stdout ?? '' }),
  );
  return (JSON.parse(output.stdout) as { problems: RedoclyProblem[] }).problems;
}

describe('the OpenAPI document', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'openapi-'));
    file = join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(document, null, 2));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is valid for swagger-parser, every $ref resolving', async () => {
    await expect(SwaggerParser.validate(file)).resolves.toMatchObject({ openapi: '3.1.0' });
  });

  it('has no Redocly lint errors; the one warning left is the missing licence of a private API', async () => {
    const problems = await redoclyLint(file);
    expect(problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    expect(problems.map((problem) => problem.ruleId)).toEqual(['info-license']);
  });

  it('has one operation per route, with its summary and every status the route answers', () => {
    for (const route of routes) {
      const operation = document.paths?.[route.path]?.[operationKey[route.method]];
      expect(operation, `${route.method} ${route.path}`).toMatchObject({ operationId: route.id, summary: route.summary });
      for (const status of Object.keys(route.responses)) expect(Object.keys(operation?.responses ?? {})).toContain(status);
    }
  });

  it('refers to schemas with a .meta id as components instead of copying them', () => {
    expect(document.paths?.['/v1/orders']?.post?.responses?.['201']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } },
    });
    expect(document.paths?.['/v1/orders']?.post?.responses?.['409']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    });
    expect(Object.keys(document.components?.schemas ?? {})).toEqual(expect.arrayContaining(['Error', 'Order', 'Product', 'CountySalesReport']));
  });

  it('publishes the CSV and HTML representations of the county sales report (a day or a month)', () => {
    expect(document.paths?.['/v1/reports/county-sales']?.get?.responses?.['200']).toMatchObject({
      content: {
        'application/json': {
          schema: { anyOf: [{ $ref: '#/components/schemas/CountySalesReport' }, { $ref: '#/components/schemas/MonthlyCountySalesReport' }] },
        },
        'text/csv': { schema: { type: 'string' } },
        'text/html': { schema: { type: 'string' } },
      },
    });
  });
});
