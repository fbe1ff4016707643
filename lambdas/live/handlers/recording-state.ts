import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { readEnv } from '../../core/env';
import { logger, traceLambdaHandler } from '../../core/observability';
import * as channels from '../../catalog/store/channels';
import * as pins from '../../catalog/store/pins';
import * as replays from '../store/replays';
import { recordRecordingStateChange, type ReplayOutcome } from '../use-cases/replays';

const env = readEnv({ REPLAYS_CDN_DOMAIN: z.string().min(1) });

/**
 * The part of an `aws.ivs` "IVS Recording State Change" event this function relies on (AWS IVS docs,
 * "Using Amazon EventBridge with IVS": detail.recording_status, recording_s3_key_prefix,
 * recording_duration_ms, recording_session_id).
 */
const recordingStateChangeEvent = z.object({
  source: z.literal('aws.ivs'),
  'detail-type': z.literal('IVS Recording State Change'),
  time: z.iso.datetime(),
  resources: z.array(z.string()).min(1),
  detail: z.looseObject({
    recording_status: z.string(),
    recording_s3_key_prefix: z.string().min(1),
    recording_duration_ms: z.number().int().min(0),
    recording_session_id: z.string().min(1),
  }),
});

/** EventBridge target: a malformed event is logged and dropped; a failed write throws, so EventBridge retries. */
export const handler = middy(async (event: unknown): Promise<{ outcome: ReplayOutcome | 'invalid' }> => {
  const parsed = recordingStateChangeEvent.safeParse(event);
  if (!parsed.success) {
    logger.warn('Not an IVS Recording State Change event', { issues: parsed.error.issues.map((issue) => issue.path.join('.')) });
    return { outcome: 'invalid' };
  }
  const { time, resources, detail } = parsed.data;
  const outcome = await recordRecordingStateChange(
    { channels, pins, replays, cdnDomain: env.REPLAYS_CDN_DOMAIN },
    {
      time,
      channelArn: resources[0]!,
      status: detail.recording_status,
      keyPrefix: detail.recording_s3_key_prefix,
      durationMs: detail.recording_duration_ms,
      recordingSessionId: detail.recording_session_id,
    },
  );
  return { outcome };
}).use(injectLambdaContext(logger, { resetKeys: true })).use(traceLambdaHandler());
