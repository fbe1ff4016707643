import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument } from '../lambdas/core/http/openapi';
import { routes } from '../lambdas/routes';
import { repoRoot } from '../local/paths';

const document = buildOpenApiDocument(routes);
const target = join(repoRoot, 'openapi.json');
writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
console.log(`wrote ${target} (${routes.length} operations)`);
