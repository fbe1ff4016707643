import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { logger } from '../../core/observability';
import type { GoLive } from '../domain/notifications';

export const GO_LIVE_SOURCE = 'village-live';
export const GO_LIVE_DETAIL_TYPE = 'Seller Went Live';

export interface GoLivePublisher {
  publish(goLive: GoLive): Promise<void>;
}

/**
 * Publishes `Seller Went Live` on the region's bus, for other notification channels to subscribe to.
 * PutEvents answers 200 even when an entry failed: a failed entry throws, so the caller retries.
 */
export function eventBridgeGoLivePublisher(client: Pick<EventBridgeClient, 'send'>, eventBusName: string): GoLivePublisher {
  return {
    async publish(goLive) {
      const result = await client.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: eventBusName,
              Source: GO_LIVE_SOURCE,
              DetailType: GO_LIVE_DETAIL_TYPE,
              Time: new Date(goLive.startedAt),
              Resources: [],
              Detail: JSON.stringify({
                sellerId: goLive.sellerId,
                broadcastId: goLive.broadcastId,
                displayName: goLive.displayName,
                playbackUrl: goLive.playbackUrl,
                startedAt: goLive.startedAt,
              }),
            },
          ],
        }),
      );
      const failed = result.Entries?.find((entry) => entry.ErrorCode);
      if ((result.FailedEntryCount ?? 0) > 0 || failed) {
        throw new Error(`PutEvents refused Seller Went Live: ${failed?.ErrorCode ?? 'unknown'} ${failed?.ErrorMessage ?? ''}`.trim());
      }
    },
  };
}

/** Where no bus is deployed (the local runtime): the event is logged, not sent. */
export const loggingGoLivePublisher: GoLivePublisher = {
  async publish(goLive) {
    logger.info('Seller Went Live (no event bus here)', { sellerId: goLive.sellerId, broadcastId: goLive.broadcastId });
  },
};
