import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { tables } from '../../lib/topology';
import { api, runtimeEnv, tokenFor, uniqueId, type ApiResponse } from '../support/local-api';

export const CAO_COUNTY = '371721';
export const SHAN_COUNTY = '371722';

export const expectError = (response: ApiResponse, status: number, code: string) => {
  expect(response.status, response.text).toBe(status);
  expect(response.body.error.code).toBe(code);
  expect(response.body.requestId).toEqual(expect.any(String));
};

export const detailPaths = (response: ApiResponse) => (response.body.error.details ?? []).map((detail: { path: string }) => detail.path);

export interface TestSeller {
  sellerId: string;
  token: string;
}

export async function newSeller(options: { countyCode?: string; profile?: boolean } = {}): Promise<TestSeller> {
  const sellerId = uniqueId('seller');
  const token = await tokenFor(sellerId, 'sellers');
  if (options.profile !== false) {
    const response = await api('PUT', '/v1/seller/profile', {
      token,
      body: { displayName: `农户 ${sellerId.slice(-4)}`, countyCode: options.countyCode ?? CAO_COUNTY, village: '青固集村' },
    });
    expect(response.status, response.text).toBe(200);
  }
  return { sellerId, token };
}

export const validProduct = (overrides: Record<string, unknown> = {}) => ({
  title: '曹县黄河滩西瓜',
  unit: 'jin',
  priceFen: 350,
  stock: 100,
  ...overrides,
});

export async function newProduct(seller: TestSeller, overrides: Record<string, unknown> = {}) {
  const response = await api('POST', '/v1/seller/products', { token: seller.token, body: validProduct(overrides) });
  expect(response.status, response.text).toBe(201);
  return response.body;
}

/** Direct access to the runtime's catalog table, for fixtures the API cannot create. */
export function catalogTable() {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: runtimeEnv.AWS_ENDPOINT_URL_DYNAMODB,
      region: runtimeEnv.AWS_REGION,
      credentials: { accessKeyId: runtimeEnv.AWS_ACCESS_KEY_ID!, secretAccessKey: runtimeEnv.AWS_SECRET_ACCESS_KEY! },
    }),
  );
  return { client, tableName: runtimeEnv[tables.catalog.envName]! };
}

export async function streamEvent(target: { sellerId: string } | { countyCode: string }, event: 'Stream Start' | 'Stream End', streamKey?: string) {
  return api('POST', '/_local/ivs/stream-events', { body: { ...target, event, ...(streamKey ? { streamKey } : {}) } });
}

/** Every seller in GET /v1/live (optionally one county), following cursors. */
export async function liveSellers(token: string, countyCode?: string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: '100', ...(countyCode ? { countyCode } : {}), ...(cursor ? { cursor } : {}) });
    const response: ApiResponse = await api('GET', `/v1/live?${query}`, { token });
    expect(response.status, response.text).toBe(200);
    items.push(...response.body.items);
    cursor = response.body.nextCursor;
  } while (cursor);
  return items;
}
