import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SELLER_ID_TAG } from '../../lambdas/catalog/domain/channel';
import { countyChannelKey } from '../../lambdas/catalog/model';
import { liveStatusFunction } from '../../lambdas/catalog/routes';
import { recordingStateFunction } from '../../lambdas/live/routes';
import { chatReviewFunction } from '../../lambdas/chat/routes';
import { stages } from '../../lib/config';
import {
  CHANNEL_SETTINGS,
  COUNTY_CODE_TAG,
  countyChannelName,
  countyRoomName,
  countyTags,
  type CountyChannelRuntime,
} from '../../lib/county-channels';
import { tables } from '../../lib/topology';
import { localAccountId, localCredentials, localRegion } from '../emulators/local-aws';
import type { LocalExtension } from '../extension';
import type { ControlResponse } from '../http-gateway';
import { AwsServiceError } from '../ivs-standin/errors';
import { startIvsStandIn, type IvsRecordingStateChangeEvent, type IvsStandIn, type IvsStreamStateChangeEvent, type ReviewHandler } from '../ivs-standin';
import type { LocalFunctions } from '../functions/local-functions';
import { repoRoot } from '../paths';

const STAGE = 'local';
/** The local runtime mirrors the dev stage's IVS settings and county list. */
const ivsConfig = stages.dev.ivs;

export const localChatReviewFunctionArn = `arn:aws:lambda:${localRegion}:${localAccountId}:function:village-live-${STAGE}-chat-review`;

const EVENT_DELIVERY_ATTEMPTS = 3;

/** Stands in for the CloudFront distribution in front of the recordings bucket (replay playback URLs). */
export const LOCAL_REPLAYS_CDN_DOMAIN = 'replays.village-live.localhost';

/**
 * IVS Chat's 200 ms limit for the review function, unless `LOCAL_CHAT_REVIEW_TIMEOUT_MS` says otherwise:
 * the tests' runtime raises it, because they check what the handler decides on a machine of any speed
 * (its speed is `npm run bench:moderation`'s job, and the stand-in's own timeout has a clocked test).
 */
export function chatReviewTimeoutMs(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const configured = env.LOCAL_CHAT_REVIEW_TIMEOUT_MS;
  if (configured === undefined) return 200;
  const ms = Number(configured);
  if (!Number.isInteger(ms) || ms <= 0) throw new Error(`LOCAL_CHAT_REVIEW_TIMEOUT_MS must be a positive integer, got ${configured}`);
  return ms;
}

export interface IvsExtension extends LocalExtension {
  /** The running stand-in (after start): other wiring (e.g. chat) reaches rooms through it. */
  readonly standIn: IvsStandIn | undefined;
  /** The seller's chat room ARN, from the tag the catalog puts on it. */
  roomArnForSeller(sellerId: string): string | undefined;
}

const envelope = (status: number, code: string, message: string): ControlResponse => ({ status, body: { error: { code, message }, requestId: randomUUID() } });

/**
 * What AWS does around the catalog's IVS calls, locally: the IVS stand-in (a test double; see
 * local/README.md) with this stage's county channels and rooms, EventBridge's delivery of
 * `IVS Stream State Change` events to the live-status function, IVS Chat's calls to the message review
 * function, and the `/_local/ivs/*` control routes (docs/api.md, Local-only routes).
 */
export function ivsExtension(): IvsExtension {
  let standIn: IvsStandIn | undefined;
  let functions: LocalFunctions | undefined;
  const deliveries = new Map<string, Promise<void>>();

  // EventBridge invokes the target asynchronously and retries failures; errors end up in the log.
  const deliverTo = async (target: { id: string; entry: string; timeoutSeconds: number }, event: IvsStreamStateChangeEvent | IvsRecordingStateChangeEvent): Promise<void> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        if (!functions) throw new Error('The ivs wiring has not started');
        await functions.invoke(target, event);
        return;
      } catch (error) {
        if (attempt >= EVENT_DELIVERY_ATTEMPTS) {
          console.error(`[ivs] ${target.id} delivery of ${event.id} failed`, error);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  };

  const deliver = (event: IvsStreamStateChangeEvent) => deliverTo(liveStatusFunction, event);
  const track = (event: IvsStreamStateChangeEvent | IvsRecordingStateChangeEvent, delivery: Promise<void>) => {
    deliveries.set(event.id, delivery.finally(() => setTimeout(() => deliveries.delete(event.id), 60_000).unref()));
  };

  const resolveReviewHandler = (lambdaArn: string): ReviewHandler | undefined => {
    if (lambdaArn !== localChatReviewFunctionArn || !existsSync(join(repoRoot, chatReviewFunction.entry))) return undefined;
    return async (event) => {
      if (!functions) throw new Error('The ivs wiring has not started');
      return functions.invoke(chatReviewFunction, event);
    };
  };

  const channelOf = (query: { sellerId?: unknown; countyCode?: unknown }): string | undefined => {
    if (!standIn) return undefined;
    if (typeof query.sellerId === 'string') return standIn.channelsByTag(SELLER_ID_TAG, query.sellerId)[0]?.arn;
    if (typeof query.countyCode === 'string') return standIn.channelsByTag(COUNTY_CODE_TAG, query.countyCode)[0]?.arn;
    return undefined;
  };

  return {
    name: 'ivs',
    get standIn() {
      return standIn;
    },
    roomArnForSeller: (sellerId) => standIn?.roomsByTag(SELLER_ID_TAG, sellerId)[0]?.arn,

    async start(context) {
      functions = context.functions;
      const counties = ivsConfig.countyChannels;
      const reviewHandler = { uri: localChatReviewFunctionArn, fallbackResult: ivsConfig.chatFallbackResult };
      standIn = await startIvsStandIn({
        region: localRegion,
        accountId: localAccountId,
        resolveReviewHandler,
        reviewTimeoutMs: chatReviewTimeoutMs(),
        onStreamStateChange: (event) => track(event, deliver(event)),
        onRecordingStateChange: (event) => track(event, deliverTo(recordingStateFunction, event)),
        declarations: {
          channels: counties.map((county) => ({ name: countyChannelName(STAGE, county), ...CHANNEL_SETTINGS, tags: countyTags(STAGE, county) })),
          rooms: counties.map((county) => ({
            name: countyRoomName(STAGE, county),
            maximumMessageLength: ivsConfig.maximumMessageLength,
            maximumMessageRatePerSecond: ivsConfig.maximumMessageRatePerSecond,
            messageReviewHandler: reviewHandler,
            tags: countyTags(STAGE, county),
          })),
        },
      });
      const running = standIn;
      const countyChannels: CountyChannelRuntime[] = counties.map((county) => {
        const channel = running.ensureChannel({ name: countyChannelName(STAGE, county) }).channel;
        const room = running.ensureRoom({ name: countyRoomName(STAGE, county) });
        return { countyCode: county.countyCode, channelArn: channel.arn, playbackUrl: channel.playbackUrl, chatRoomArn: room.arn };
      });
      // What the provisioner does in AWS (lambdas/catalog/use-cases/provision-county-channels.ts): the
      // functions find the county channels in the catalog table.
      const dynamodb = new DynamoDBClient({ endpoint: context.endpoints.dynamodb, region: localRegion, credentials: localCredentials });
      try {
        const documents = DynamoDBDocumentClient.from(dynamodb);
        for (const channel of countyChannels) {
          await documents.send(new PutCommand({ TableName: tables.catalog.localName, Item: { ...countyChannelKey(channel.countyCode), ...channel } }));
        }
      } finally {
        dynamodb.destroy();
      }
      // Like provisioned concurrency: the review function must answer within 200 ms, so no cold start.
      if (existsSync(join(repoRoot, chatReviewFunction.entry))) {
        await context.functions.provision(chatReviewFunction).catch((error: unknown) => console.error('[ivs] chat review warm-up failed', error));
      }

      const streamEvent = async ({ body }: { body: unknown }): Promise<ControlResponse> => {
        const request = (body ?? {}) as { sellerId?: unknown; countyCode?: unknown; event?: unknown; streamKey?: unknown };
        if (request.event !== 'Stream Start' && request.event !== 'Stream End') {
          return envelope(400, 'VALIDATION_FAILED', 'event must be "Stream Start" or "Stream End"');
        }
        const channelArn = channelOf(request);
        if (!channelArn) return envelope(404, 'NOT_FOUND', 'No channel for that sellerId / countyCode');
        try {
          // With a streamKey, only the channel's current key goes live (as an encoder would find).
          const streamKey = typeof request.streamKey === 'string' ? request.streamKey : undefined;
          const event = request.event === 'Stream Start' ? running.startStream(channelArn, { ...(streamKey ? { streamKey } : {}) }) : running.endStream(channelArn);
          await deliveries.get(event.id);
          return { status: 202, body: { event } };
        } catch (error) {
          if (error instanceof AwsServiceError && error.errorType === 'InvalidStreamKey') return envelope(403, 'FORBIDDEN', error.message);
          if (error instanceof AwsServiceError) return envelope(409, 'CONFLICT', `${error.errorType}: ${error.message}`);
          throw error;
        }
      };

      const recordingEvent = async ({ body }: { body: unknown }): Promise<ControlResponse> => {
        const request = (body ?? {}) as { sellerId?: unknown; countyCode?: unknown; event?: unknown };
        if (request.event !== 'Recording Start' && request.event !== 'Recording End') {
          return envelope(400, 'VALIDATION_FAILED', 'event must be "Recording Start" or "Recording End"');
        }
        const channelArn = channelOf(request);
        if (!channelArn) return envelope(404, 'NOT_FOUND', 'No channel for that sellerId / countyCode');
        try {
          const event = running.recordingEvent(channelArn, request.event);
          await deliveries.get(event.id);
          return { status: 202, body: { event } };
        } catch (error) {
          if (error instanceof AwsServiceError) return envelope(409, 'CONFLICT', `${error.errorType}: ${error.message}`);
          throw error;
        }
      };

      // A late or repeated delivery, as EventBridge may make: any event, delivered again as it is.
      const redeliver = async ({ body }: { body: unknown }): Promise<ControlResponse> => {
        const event = (body as { event?: IvsStreamStateChangeEvent } | undefined)?.event;
        if (!event || event.source !== 'aws.ivs') return envelope(400, 'VALIDATION_FAILED', 'body.event must be an aws.ivs event');
        await deliver(event);
        return { status: 202, body: { event } };
      };

      const metadata = ({ query }: { query: Record<string, string> }): ControlResponse => {
        const channelArn = channelOf(query);
        if (!channelArn) return envelope(404, 'NOT_FOUND', 'No channel for that sellerId / countyCode');
        return { status: 200, body: { channelArn, items: running.metadataFor(channelArn) } };
      };

      // What IVS holds for a seller, as a ListChannels / ListRooms by tag would show it (the stand-in has neither).
      const resources = ({ query }: { query: Record<string, string> }): ControlResponse => {
        if (typeof query.sellerId !== 'string') return envelope(400, 'VALIDATION_FAILED', 'sellerId is required');
        const arns = (records: readonly { arn: string }[]) => records.map((record) => record.arn);
        return {
          status: 200,
          body: { channels: arns(running.channelsByTag(SELLER_ID_TAG, query.sellerId)), rooms: arns(running.roomsByTag(SELLER_ID_TAG, query.sellerId)) },
        };
      };

      return {
        env: {
          AWS_ENDPOINT_URL_IVS: running.url,
          AWS_ENDPOINT_URL_IVSCHAT: running.url,
          CHAT_REVIEW_FUNCTION_ARN: localChatReviewFunctionArn,
          REPLAYS_CDN_DOMAIN: LOCAL_REPLAYS_CDN_DOMAIN,
          CHAT_FALLBACK_RESULT: ivsConfig.chatFallbackResult,
          CHAT_MAX_MESSAGE_LENGTH: String(ivsConfig.maximumMessageLength),
          CHAT_MAX_MESSAGE_RATE: String(ivsConfig.maximumMessageRatePerSecond),
        },
        controlRoutes: [
          { method: 'POST', path: '/_local/ivs/stream-events', handle: streamEvent },
          { method: 'POST', path: '/_local/ivs/stream-events/redeliver', handle: redeliver },
          { method: 'POST', path: '/_local/ivs/recording-events', handle: recordingEvent },
          { method: 'GET', path: '/_local/ivs/metadata', handle: metadata },
          { method: 'GET', path: '/_local/ivs/resources', handle: resources },
        ],
      };
    },

    async stop() {
      await Promise.allSettled(deliveries.values());
      await standIn?.stop();
      standIn = undefined;
    },
  };
}
