import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger, traceLambdaHandler } from '../../core/observability';
import { announcer } from '../../live/adapters/announcer';
import * as channels from '../store/channels';
import * as countyChannels from '../store/county-channels';
import * as ivs from '../store/ivs';
import * as liveStatuses from '../store/live-status';
import * as profiles from '../store/profiles';
import { reconcileLiveStatus, type LiveStatusDeps } from '../use-cases/live-status';

const deps: LiveStatusDeps = { liveStatuses, channels, countyChannels, profiles, ivs, announcer };

/**
 * Scheduled (every few minutes): IVS events are best-effort and a lost Stream End would leave a seller
 * "live" for ever, so every broadcaster currently shown live is checked against GetStream.
 */
export const handler = middy(async () => {
  const outcomes = await reconcileLiveStatus(deps);
  logger.info('Live status reconciled', outcomes);
  return outcomes;
}).use(injectLambdaContext(logger, { resetKeys: true })).use(traceLambdaHandler());
