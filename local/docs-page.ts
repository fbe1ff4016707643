import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { buildOpenApiDocument } from '../lambdas/core/http/openapi';
import type { AnyRoute } from '../lambdas/core/http/route';
import type { ControlRoute } from './http-gateway';

/** Redoc's self-contained browser bundle, from node_modules: the reference page loads nothing from a CDN. */
const redocBundlePath = createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js');
const redocBundleRoute = '/docs/redoc.standalone.js';

/**
 * The API reference: Redoc renders the generated document in the browser. The policy keeps the page on
 * this origin: Redoc's side menu would otherwise fetch its logo from cdn.redoc.ly (the image then hides).
 */
const contentSecurityPolicy = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; worker-src 'self' blob:";

export const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}">
<title>village-live API v1</title>
<style>body{margin:0}</style>
</head><body>
<redoc spec-url="/openapi.json"></redoc>
<script src="${redocBundleRoute}"></script>
</body></html>
`;

/** The local runtime's `/openapi.json`, `/docs` and the Redoc bundle the page loads. */
export function docsControlRoutes(routes: readonly AnyRoute[]): ControlRoute[] {
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  let redocBundle: Promise<string> | undefined;
  return [
    {
      method: 'GET',
      path: '/openapi.json',
      handle: () => ({ status: 200, body: (document ??= buildOpenApiDocument(routes)) }),
    },
    { method: 'GET', path: '/docs', handle: () => ({ status: 200, body: docsPage, contentType: 'text/html; charset=utf-8' }) },
    {
      method: 'GET',
      path: redocBundleRoute,
      handle: async () => ({
        status: 200,
        body: await (redocBundle ??= readFile(redocBundlePath, 'utf8')),
        contentType: 'text/javascript; charset=utf-8',
      }),
    },
  ];
}
