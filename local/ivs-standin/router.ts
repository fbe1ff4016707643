import { unknownOperation } from './errors';
import type { Operation } from './operation';

/** `POST /<OperationName>` operations of both services (their names do not collide). */
export type RouteTable = Record<string, Operation>;

/** Maps a request line to an operation, as the restJson1 bindings in the SDK models lay them out. */
export function routeRequest(table: RouteTable, method: string, pathname: string): Operation {
  const operation = method === 'POST' && Object.hasOwn(table, pathname.slice(1)) ? table[pathname.slice(1)] : undefined;
  if (!operation) throw unknownOperation(method, pathname);
  return operation;
}
