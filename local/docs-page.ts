import { buildOpenApiDocument } from '../lambdas/core/http/openapi';
import type { AnyRoute } from '../lambdas/core/http/route';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);

/** A self-contained API reference page (no scripts, nothing from a CDN), generated from the routes. */
export function renderDocsPage(routes: readonly AnyRoute[]): string {
  const document = buildOpenApiDocument(routes, { title: 'village-live API', version: '1.0.0' });
  const rows = routes
    .map((route) => {
      const who = route.auth === 'public' ? 'public' : route.auth.groups.length ? route.auth.groups.join(', ') : 'any signed-in user';
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      return `<tr id="${escapeHtml(route.id)}"><td><code>${route.method}</code></td><td><code>${escapeHtml(route.path)}</code></td><td>${escapeHtml(route.summary)}</td><td>${escapeHtml(who)}</td><td><details><summary>schema</summary><pre>${escapeHtml(JSON.stringify(operation, null, 2))}</pre></details></td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>village-live API v1</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}pre{max-width:60rem;overflow:auto;background:#f6f6f6;padding:.5rem}</style>
</head><body><h1>village-live API v1</h1>
<p>Generated from the zod schemas. Machine-readable: <a href="/openapi.json">/openapi.json</a>. Tokens for the local issuer: <code>npm run token -- --sub ID --role seller|buyer|ops</code>.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>Summary</th><th>Who</th><th>Details</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
}
