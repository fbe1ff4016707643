/** One restJson1 operation as the HTTP layer sees it. */
export interface OperationRequest {
  body: Record<string, unknown>;
}

export interface OperationResult {
  status: number;
  body?: unknown;
}

export type Operation = (request: OperationRequest) => OperationResult | Promise<OperationResult>;

export const ok = (body: unknown = {}): OperationResult => ({ status: 200, body });
export const noContent = (): OperationResult => ({ status: 204 });
