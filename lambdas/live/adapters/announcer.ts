import { z } from 'zod';
import { eventBridgeClient } from '../../core/aws/eventbridge';
import { sqsClient } from '../../core/aws/sqs';
import { readEnv } from '../../core/env';
import { queues } from '../../../lib/topology';
import { firstFanoutMessage } from '../domain/fanout';
import type { GoLive } from '../domain/notifications';
import { sqsFanoutQueue, type FanoutQueue } from './fanout-queue';
import { eventBridgeGoLivePublisher, loggingGoLivePublisher, type GoLivePublisher } from './go-live-events';

/** A go-live: the event on the bus, then the first fan-out message (which pages every follower shard). */
export function goLiveAnnouncer(publisher: GoLivePublisher, fanout: FanoutQueue) {
  return {
    async announce(goLive: GoLive): Promise<void> {
      await publisher.publish(goLive);
      await fanout.send([firstFanoutMessage(goLive)]);
    },
  };
}

const env = readEnv({
  [queues.liveFanout.envName]: z.string().min(1),
  // Absent where no bus is deployed (the local runtime): the event is logged instead.
  EVENT_BUS_NAME: z.string().min(1).optional(),
});

export const announcer = goLiveAnnouncer(
  env.EVENT_BUS_NAME ? eventBridgeGoLivePublisher(eventBridgeClient, env.EVENT_BUS_NAME) : loggingGoLivePublisher,
  sqsFanoutQueue(sqsClient, env[queues.liveFanout.envName]),
);
