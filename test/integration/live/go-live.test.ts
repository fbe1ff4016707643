import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it, inject } from 'vitest';
import type { FanoutMessage } from '../../../lambdas/live/domain/fanout';
import type { GoLive } from '../../../lambdas/live/domain/notifications';
import { inboxPartition } from '../../../lambdas/live/model';
import { uniqueId } from '../../support/local-api';

// Real DynamoDB Local (the shared runtime's): the live-status writes and the notifications are DynamoDB's own.
Object.assign(process.env, inject('localRuntime').env, { POWERTOOLS_LOG_LEVEL: 'SILENT' });
const { documentClient } = await import('../../../lambdas/core/aws/dynamodb');
const liveStatuses = await import('../../../lambdas/catalog/store/live-status');
const { recordStreamStateChange } = await import('../../../lambdas/catalog/use-cases/live-status');
const follows = await import('../../../lambdas/live/store/follows');
const notifications = await import('../../../lambdas/live/store/notifications');
const pages = await import('../../../lambdas/live/store/fanout-pages');
const { liveTable } = await import('../../../lambdas/live/store/table');
const { fanOutPage } = await import('../../../lambdas/live/use-cases/fanout');
const { firstFanoutMessage } = await import('../../../lambdas/live/domain/fanout');

const FOLLOWERS = 30;
// Recent instants: notifications expire by TTL 30 days after the broadcast, and DynamoDB Local deletes expired items.
const base = Math.floor(Date.now() / 1000) * 1000 - 3 * 3600_000;
const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString().replace('.000Z', 'Z');
const atMs = (minutes: number) => new Date(base + minutes * 60_000).toISOString();

/** An in-memory queue the test drains by hand, so deliveries and redeliveries are explicit. */
function memoryQueue() {
  const messages: FanoutMessage[] = [];
  return { messages, queue: { send: async (sent: readonly FanoutMessage[]) => void messages.push(...sent) } };
}

async function inboxOf(userId: string) {
  const { Items } = await documentClient.send(
    new QueryCommand({ TableName: liveTable, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': inboxPartition(userId) }, ConsistentRead: true }),
  );
  return Items ?? [];
}

describe('go-live notifications on DynamoDB', () => {
  const sellerId = uniqueId('seller');
  const channelArn = `arn:aws:ivs:us-east-1:000000000000:channel/${uniqueId('ch').replace(/-/g, '')}`;
  const followerIds = Array.from({ length: FOLLOWERS }, (_, i) => `${uniqueId('buyer')}-${i}`);
  const announced: GoLive[] = [];
  const { messages, queue } = memoryQueue();
  const fanoutDeps = { followers: follows, notifications, pages, queue, pageSize: 4 };

  const deps = {
    liveStatuses,
    channels: { getChannel: async () => undefined, sellerIdForChannel: async () => sellerId },
    countyChannels: { countyChannelByArn: async () => undefined, allCountyChannels: async () => [] },
    profiles: { getProfile: async () => ({ sellerId, displayName: '曹县张', countyCode: '371721', village: '村', createdAt: 'c', updatedAt: 'c' }) },
    // GetStream unavailable: the events are all there is, stamped with their own times.
    ivs: {
      getStream: async () => {
        throw Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
      },
    },
    announcer: {
      announce: async (goLive: GoLive) => {
        announced.push(goLive);
        await queue.send([firstFanoutMessage(goLive)]);
      },
    },
  };
  const streamEvent = (eventName: 'Stream Start' | 'Stream End', time: string, streamId: string) =>
    recordStreamStateChange(deps, { time, channelArn, detail: { event_name: eventName, stream_id: streamId } }, new Date(time));

  /** Delivers every queued message once, in order, including the ones the deliveries send. */
  async function drain() {
    while (messages.length) await fanOutPage(fanoutDeps, messages.shift()!);
  }

  beforeAll(async () => {
    for (const followerId of followerIds) await follows.follow(followerId, sellerId, '2026-06-01T00:00:00.000Z');
  });

  it('a restart within 10 minutes notifies no one twice', async () => {
    expect(await streamEvent('Stream Start', at(0), 'st-1')).toBe('written');
    expect(await streamEvent('Stream Start', at(0), 'st-1')).toBe('stale'); // redelivered
    expect(await streamEvent('Stream End', at(30), 'st-1')).toBe('written');
    expect(await streamEvent('Stream Start', at(39), 'st-2')).toBe('written'); // reconnect, 9 minutes later
    expect(await streamEvent('Stream End', at(60), 'st-2')).toBe('written');
    await drain();
    expect(announced).toHaveLength(1);
    for (const followerId of followerIds) expect(await inboxOf(followerId)).toHaveLength(1);

    // Eleven minutes after the end: a new broadcast, one more notification each.
    expect(await streamEvent('Stream Start', at(71), 'st-3')).toBe('written');
    await drain();
    expect(announced.map((goLive) => goLive.startedAt)).toEqual([atMs(0), atMs(71)]);
    for (const followerId of followerIds) {
      const inbox = await inboxOf(followerId);
      expect(inbox).toHaveLength(2);
      expect(new Set(inbox.map((item) => item.broadcastId))).toEqual(new Set(announced.map((goLive) => goLive.broadcastId)));
    }
  });

  it('a redelivered fan-out page doubles nothing', async () => {
    const goLive: GoLive = { sellerId, broadcastId: uniqueId('B'), displayName: '曹县张', playbackUrl: 'https://p/x.m3u8', startedAt: atMs(120) };
    const delivered: FanoutMessage[] = [];
    messages.push(firstFanoutMessage(goLive));
    let crashed = false;
    while (messages.length) {
      const message = messages.shift()!;
      delivered.push(message);
      // One page's first delivery dies after its writes and its successor's send, before its done mark.
      const crashOnce = !crashed && message.cursor?.after !== undefined;
      const outcome = await fanOutPage(
        crashOnce ? { ...fanoutDeps, pages: { ...pages, markPageDone: async () => Promise.reject(new Error('crash')) } } : fanoutDeps,
        message,
      ).catch(() => 'crashed' as const);
      if (outcome === 'crashed') {
        crashed = true;
        messages.push(message); // SQS redelivers it
      }
    }
    expect(crashed).toBe(true);
    // And every page delivered once more, late, as SQS may do after a success.
    for (const message of delivered.filter((m) => m.cursor)) expect(await fanOutPage(fanoutDeps, message)).toEqual({ kind: 'already-done' });
    await drain();

    for (const followerId of followerIds) {
      const inbox = await inboxOf(followerId);
      expect(inbox.filter((item) => item.broadcastId === goLive.broadcastId)).toHaveLength(1);
    }
  });
});
