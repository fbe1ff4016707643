import { AccessDeniedException, ChannelNotBroadcasting, IvsClient, PutMetadataCommand, ResourceNotFoundException, ThrottlingException } from '@aws-sdk/client-ivs';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelKey, currentPinKey, productKey, type ChannelItem, type ProductItem } from '../../../lambdas/catalog/model';
import { createPinRoute, deletePinRoute } from '../../../lambdas/catalog/routes';
import { newShardItem } from '../../../lambdas/catalog/stock-shards';
import { PUT_METADATA_ATTEMPTS } from '../../../lambdas/catalog/store/ivs';
import { captureOutput, httpEvent, invoke } from './support';

const { handler } = await import('../../../lambdas/catalog/handlers/create-pin');
const { handler: deletePin } = await import('../../../lambdas/catalog/handlers/delete-pin');

const ddb = mockClient(DynamoDBDocumentClient);
const ivs = mockClient(IvsClient);

const productId = '01JABCDEFGHJKMNPQRSTVWXYZ1';
const channelArn = 'arn:aws:ivs:us-east-1:123456789012:channel/abcdEFGH1234';
const product: ProductItem = { productId, sellerId: 'zhang', title: '西瓜', unit: 'jin', priceFen: 350, status: 'ACTIVE', stockShards: 1, createdAt: 'c', updatedAt: 'u' };
const channel: ChannelItem = {
  sellerId: 'zhang',
  state: 'READY',
  claimId: 'c',
  claimedAt: 'c',
  channelName: 'n',
  channelArn,
  ingestEndpoint: 'i',
  playbackUrl: 'p',
  streamKeyArn: 'k',
  chatRoomArn: 'r',
  createdAt: 'c',
  updatedAt: 'u',
};
const awsError = <T>(Type: new (options: any) => T, message = 'failed') => new Type({ message, $metadata: { httpStatusCode: 400 } });
const pin = () => invoke(handler, httpEvent(createPinRoute, { body: { productId } }));

let output: ReturnType<typeof captureOutput>;
beforeEach(() => {
  ddb.reset();
  ivs.reset();
  ddb.on(GetCommand, { Key: productKey('zhang', productId) }).resolves({ Item: product });
  ddb.on(GetCommand, { Key: channelKey('zhang') }).resolves({ Item: channel });
  ddb.on(GetCommand, { Key: currentPinKey('zhang') }).resolves({});
  ddb.on(TransactWriteCommand).resolves({});
  output = captureOutput();
});
afterEach(() => output.restore());

describe('POST /v1/seller/pins against IVS faults', () => {
  it('sends the metadata, then stores the pin', async () => {
    ivs.on(PutMetadataCommand).resolves({});
    const response = await pin();
    expect(response.status).toBe(201);
    expect(JSON.parse(ivs.commandCalls(PutMetadataCommand)[0]!.args[0].input.metadata!)).toMatchObject({ type: 'pin', productId, title: '西瓜' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('retries a throttled PutMetadata with backoff and succeeds', async () => {
    ivs.on(PutMetadataCommand).rejectsOnce(awsError(ThrottlingException)).rejectsOnce(awsError(ThrottlingException)).resolves({});
    const response = await pin();
    expect(response.status).toBe(201);
    expect(ivs.commandCalls(PutMetadataCommand)).toHaveLength(3);
  });

  it('throttling that outlasts the retries is 429 RATE_LIMITED, and no pin is stored', async () => {
    ivs.on(PutMetadataCommand).rejects(awsError(ThrottlingException, 'Rate exceeded'));
    const response = await pin();
    output.restore();
    expect(response.status).toBe(429);
    expect(response.body.error.code).toBe('RATE_LIMITED');
    expect(ivs.commandCalls(PutMetadataCommand)).toHaveLength(PUT_METADATA_ATTEMPTS);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(output.text()).not.toContain('西瓜'); // the payload is not logged
  });

  const faults: [string, Error, number, string][] = [
    ['ChannelNotBroadcasting', awsError(ChannelNotBroadcasting), 409, 'CHANNEL_NOT_LIVE'],
    ['ResourceNotFoundException', awsError(ResourceNotFoundException), 404, 'NOT_FOUND'],
    ['AccessDeniedException', awsError(AccessDeniedException, 'not authorized to perform ivs:PutMetadata'), 500, 'INTERNAL'],
  ];
  for (const [name, error, status, code] of faults) {
    it(`${name} → ${status} ${code}, not retried, nothing stored`, async () => {
      ivs.on(PutMetadataCommand).rejects(error);
      const response = await pin();
      expect(response.status).toBe(status);
      expect(response.body.error.code).toBe(code);
      expect(response.raw).not.toContain('ivs:PutMetadata');
      expect(ivs.commandCalls(PutMetadataCommand)).toHaveLength(1);
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    });
  }
});

describe('POST /v1/seller/pins: a flash pin sets its units aside in the transaction that stores it', () => {
  const flashPin = () => invoke(handler, httpEvent(createPinRoute, { body: { productId, flashPriceFen: 300, flashStock: 6 } }));
  const twoShards = { ...product, stockShards: 2 };
  const cancelled = (...codes: string[]) =>
    new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

  beforeEach(() => {
    ivs.on(PutMetadataCommand).resolves({});
    ddb.on(GetCommand, { Key: productKey('zhang', productId) }).resolves({ Item: twoShards });
    ddb.on(BatchGetCommand).resolves({ Responses: { 'village-live-catalog': [newShardItem(twoShards, 0, 5), newShardItem(twoShards, 1, 4)] } });
  });

  it('one transaction: the pin (conditional on the pin read), the product still ACTIVE, each shard’s quota', async () => {
    const response = await flashPin();
    expect(response.status, response.raw).toBe(201);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Put).toMatchObject({ ConditionExpression: 'attribute_not_exists(pk)', Item: { ...currentPinKey('zhang'), flashStock: 6, flashStockShards: 2 } });
    expect(items[1]!.ConditionCheck).toMatchObject({ Key: productKey('zhang', productId), ExpressionAttributeValues: { ':active': 'ACTIVE' } });
    expect(items.slice(2, -1).map((item) => [item.Update!.Key!.pk, item.Update!.ExpressionAttributeValues![':units']])).toEqual([
      [`STOCK#${productId}#0`, 3],
      [`STOCK#${productId}#1`, 3],
    ]);
    // Last: the pin log entry a replay reads (PINLOG#{sellerId}, by start time).
    expect(items.at(-1)!.Put).toMatchObject({ Item: { pk: 'PINLOG#zhang', productId, sellerId: 'zhang' } });
  });

  it('fewer unsold units than the flash stock → 409 OUT_OF_STOCK before anything is sent or stored', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { 'village-live-catalog': [newShardItem(twoShards, 0, 3), newShardItem(twoShards, 1, 2)] } });
    const response = await flashPin();
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'OUT_OF_STOCK', details: [{ productId, requested: 6, available: 5 }] });
    expect(ivs.commandCalls(PutMetadataCommand)).toHaveLength(0);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('orders that wrote the shards in between: the write is retried from a fresh read', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('None', 'None', 'ConditionalCheckFailed', 'None')).resolves({});
    expect((await flashPin()).status).toBe(201);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(2);
  });

  it('orders that sold the units in between: 409 OUT_OF_STOCK, and viewers are told the pin is void', async () => {
    let reads = 0;
    ddb.on(BatchGetCommand).callsFake(() => ({
      Responses: { 'village-live-catalog': [newShardItem(twoShards, 0, ++reads === 1 ? 5 : 1), newShardItem(twoShards, 1, 4)] },
    }));
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed', 'None'));
    const lost = await flashPin();
    expect(lost.status).toBe(409);
    expect(lost.body.error).toMatchObject({ code: 'OUT_OF_STOCK', details: [{ productId, requested: 6, available: 5 }] });
    expect(ivs.commandCalls(PutMetadataCommand).map((call) => JSON.parse(call.args[0].input.metadata!).type)).toEqual(['pin', 'unpin']);
  });
});

describe('DELETE /v1/seller/pins/current', () => {
  it('deletes the pin (conditional on the pin read) and releases its set-aside in the same transaction', async () => {
    const current = { pinId: 'PIN1', sellerId: 'zhang', productId, flashPriceFen: 300, flashStock: 6, flashStockShards: 2, perBuyerLimit: null, startsAt: 'a', endsAt: 'b' };
    ddb.on(GetCommand, { Key: currentPinKey('zhang') }).resolves({ Item: current });
    ivs.on(PutMetadataCommand).resolves({});
    const response = await invoke(deletePin, httpEvent(deletePinRoute, {}));
    expect(response.status).toBe(204);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Delete).toMatchObject({ Key: currentPinKey('zhang'), ConditionExpression: 'pinId = :current', ExpressionAttributeValues: { ':current': 'PIN1' } });
    expect(items.slice(1).map((item) => [item.Update!.Key!.pk, item.Update!.UpdateExpression])).toEqual([
      [`STOCK#${productId}#0`, expect.stringContaining('#available = #unsold')],
      [`STOCK#${productId}#1`, expect.stringContaining('#available = #unsold')],
    ]);
  });
});
