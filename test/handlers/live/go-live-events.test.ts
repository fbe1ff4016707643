import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import '../../support/function-env';
import { goLiveAnnouncer } from '../../../lambdas/live/adapters/announcer';
import { sqsFanoutQueue } from '../../../lambdas/live/adapters/fanout-queue';
import { eventBridgeGoLivePublisher } from '../../../lambdas/live/adapters/go-live-events';

const goLive = { sellerId: 'zhang', broadcastId: '01JBROADCAST', displayName: '曹县张', playbackUrl: 'https://p/x.m3u8', startedAt: '2026-06-01T08:00:00.000Z' };

describe('Seller Went Live at the publishing boundary', () => {
  const events = mockClient(EventBridgeClient);
  const sqs = mockClient(SQSClient);
  const announcer = goLiveAnnouncer(eventBridgeGoLivePublisher(new EventBridgeClient({}), 'village-live-bus'), sqsFanoutQueue(new SQSClient({}), 'https://sqs/q'));
  beforeEach(() => {
    events.reset();
    sqs.reset();
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm' });
  });

  it('publishes source village-live, detail-type "Seller Went Live", then starts the fan-out', async () => {
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e' }] });
    await announcer.announce(goLive);
    const [entry] = events.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries!;
    expect(entry).toMatchObject({ EventBusName: 'village-live-bus', Source: 'village-live', DetailType: 'Seller Went Live' });
    expect(JSON.parse(entry!.Detail!)).toEqual(goLive);
    expect(JSON.parse(sqs.commandCalls(SendMessageCommand)[0]!.args[0].input.MessageBody!)).toEqual({ ...goLive, cursor: null });
  });

  it('a refused entry throws (PutEvents answers 200 anyway), and nothing is fanned out', async () => {
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }] });
    await expect(announcer.announce(goLive)).rejects.toThrow(/InternalFailure/);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });
});
