import { AccessDeniedException, ChannelNotBroadcasting, IvsClient, PutMetadataCommand, ResourceNotFoundException, ThrottlingException } from '@aws-sdk/client-ivs';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelKey, currentPinKey, productKey, type ChannelItem, type ProductItem } from '../../../lambdas/catalog/model';
import { createPinRoute } from '../../../lambdas/catalog/routes';
import { PUT_METADATA_ATTEMPTS } from '../../../lambdas/catalog/store/ivs';
import { captureOutput, httpEvent, invoke } from './support';

const { handler } = await import('../../../lambdas/catalog/handlers/create-pin');

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
