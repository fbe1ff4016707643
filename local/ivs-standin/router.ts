import { unknownOperation } from './errors';
import type { Operation } from './operation';

export interface RoutedOperation {
  operation: Operation;
  resourceArn?: string;
}

export interface RouteTable {
  /** `POST /<OperationName>` operations of both services (their names do not collide). */
  post: Record<string, Operation>;
  tags: { listTags: Operation; tagResource: Operation; untagResource: Operation };
}

/** Maps a request line to an operation, as the restJson1 bindings in the SDK models lay them out. */
export function routeRequest(table: RouteTable, method: string, pathname: string): RoutedOperation {
  if (pathname.startsWith('/tags/')) {
    const resourceArn = decodeURIComponent(pathname.slice('/tags/'.length));
    const byMethod: Record<string, Operation> = {
      GET: table.tags.listTags,
      POST: table.tags.tagResource,
      DELETE: table.tags.untagResource,
    };
    const operation = byMethod[method];
    if (operation) return { operation, resourceArn };
  } else if (method === 'POST') {
    const operation = Object.hasOwn(table.post, pathname.slice(1)) ? table.post[pathname.slice(1)] : undefined;
    if (operation) return { operation };
  }
  throw unknownOperation(method, pathname);
}
