import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { logger, traceLambdaHandler } from '../../core/observability';
import { announcer } from '../../live/adapters/announcer';
import * as channels from '../store/channels';
import * as countyChannels from '../store/county-channels';
import * as ivs from '../store/ivs';
import * as liveStatuses from '../store/live-status';
import * as profiles from '../store/profiles';
import { recordStreamStateChange, type LiveStatusDeps, type LiveStatusOutcome } from '../use-cases/live-status';

const deps: LiveStatusDeps = { liveStatuses, channels, countyChannels, profiles, ivs, announcer };

/** The part of an `aws.ivs` "IVS Stream State Change" event this function relies on. */
const streamStateChangeEvent = z.object({
  source: z.literal('aws.ivs'),
  'detail-type': z.literal('IVS Stream State Change'),
  time: z.iso.datetime(),
  resources: z.array(z.string()).min(1),
  detail: z.looseObject({ event_name: z.string(), stream_id: z.string().optional() }),
});

/**
 * EventBridge target for IVS stream state changes. A malformed or foreign event is logged and
 * dropped (a retry would not fix it); a failure to write throws, so EventBridge retries.
 */
export const handler = middy(async (event: unknown): Promise<{ outcome: LiveStatusOutcome | 'invalid' }> => {
  const parsed = streamStateChangeEvent.safeParse(event);
  if (!parsed.success) {
    logger.warn('Not an IVS Stream State Change event', { issues: parsed.error.issues.map((issue) => issue.path.join('.')) });
    return { outcome: 'invalid' };
  }
  const { time, resources, detail } = parsed.data;
  return { outcome: await recordStreamStateChange(deps, { time, channelArn: resources[0]!, detail }) };
}).use(injectLambdaContext(logger, { resetKeys: true })).use(traceLambdaHandler());
