import {
  CreateChannelCommand,
  CreateStreamKeyCommand,
  DeleteStreamKeyCommand,
  GetStreamCommand,
  GetStreamKeyCommand,
  ListStreamKeysCommand,
  PutMetadataCommand,
} from '@aws-sdk/client-ivs';
import { z } from 'zod';
import { ivsClient, ivsMetadataClient } from '../../core/aws/ivs';
import { readEnv } from '../../core/env';
import { logger } from '../../core/observability';
import { CHANNEL_SETTINGS } from '../../../lib/county-channels';
import { SELLER_ID_TAG } from '../domain/channel';
import { callIvs, errorName, ivsFailure } from './ivs-errors';

const env = readEnv({
  /** Set when the stage records broadcasts: seller channels record to its private bucket. */
  RECORDING_CONFIGURATION_ARN: z.string().startsWith('arn:').optional(),
});

export interface CreatedChannel {
  channelArn: string;
  ingestEndpoint: string;
  playbackUrl: string;
  streamKeyArn: string;
  streamKey: string;
}

export async function createSellerChannel(name: string, sellerId: string): Promise<CreatedChannel> {
  const { channel, streamKey } = await callIvs('CreateChannel', undefined, () =>
    ivsClient.send(
      new CreateChannelCommand({
        name,
        ...CHANNEL_SETTINGS,
        tags: { [SELLER_ID_TAG]: sellerId },
        ...(env.RECORDING_CONFIGURATION_ARN ? { recordingConfigurationArn: env.RECORDING_CONFIGURATION_ARN } : {}),
      }),
    ),
  );
  if (!channel?.arn || !channel.ingestEndpoint || !channel.playbackUrl || !streamKey?.arn || !streamKey.value) {
    throw new Error('CreateChannel returned an incomplete channel');
  }
  return { channelArn: channel.arn, ingestEndpoint: channel.ingestEndpoint, playbackUrl: channel.playbackUrl, streamKeyArn: streamKey.arn, streamKey: streamKey.value };
}

/**
 * The channel's current stream key. IVS keeps one per channel; the recorded ARN may be stale after a
 * concurrent rotation, so a missing key is looked up again (and created if the channel has none).
 */
export async function currentStreamKey(channelArn: string, knownArn: string | undefined): Promise<{ arn: string; value: string }> {
  if (knownArn) {
    try {
      const { streamKey } = await ivsClient.send(new GetStreamKeyCommand({ arn: knownArn }));
      if (streamKey?.arn && streamKey.value) return { arn: streamKey.arn, value: streamKey.value };
    } catch (error) {
      if (errorName(error) !== 'ResourceNotFoundException') throw ivsFailure(error, 'GetStreamKey', channelArn);
    }
  }
  const { streamKeys } = await callIvs('ListStreamKeys', channelArn, () => ivsClient.send(new ListStreamKeysCommand({ channelArn })));
  const existing = streamKeys?.[0]?.arn;
  if (existing) return currentStreamKey(channelArn, existing);
  return createStreamKey(channelArn);
}

async function createStreamKey(channelArn: string): Promise<{ arn: string; value: string }> {
  const { streamKey } = await callIvs('CreateStreamKey', channelArn, () => ivsClient.send(new CreateStreamKeyCommand({ channelArn })));
  if (!streamKey?.arn || !streamKey.value) throw new Error('CreateStreamKey returned no key');
  return { arn: streamKey.arn, value: streamKey.value };
}

const ROTATE_ATTEMPTS = 3;

/**
 * IVS allows one stream key per channel, so rotating is delete + create. A concurrent rotation can
 * create its key between our delete and our create (ServiceQuotaExceeded): start over, and the last
 * rotation wins, as it would for one caller rotating twice.
 */
export async function rotateStreamKey(channelArn: string): Promise<{ arn: string; value: string }> {
  for (let attempt = 1; ; attempt += 1) {
    const { streamKeys } = await callIvs('ListStreamKeys', channelArn, () => ivsClient.send(new ListStreamKeysCommand({ channelArn })));
    for (const key of streamKeys ?? []) {
      try {
        await ivsClient.send(new DeleteStreamKeyCommand({ arn: key.arn }));
      } catch (error) {
        if (errorName(error) !== 'ResourceNotFoundException') throw ivsFailure(error, 'DeleteStreamKey', channelArn);
      }
    }
    try {
      const { streamKey } = await ivsClient.send(new CreateStreamKeyCommand({ channelArn }));
      if (!streamKey?.arn || !streamKey.value) throw new Error('CreateStreamKey returned no key');
      return { arn: streamKey.arn, value: streamKey.value };
    } catch (error) {
      if (errorName(error) === 'ServiceQuotaExceededException' && attempt < ROTATE_ATTEMPTS) continue;
      throw ivsFailure(error, 'CreateStreamKey', channelArn);
    }
  }
}

export const PUT_METADATA_ATTEMPTS = 4;
const PUT_METADATA_BASE_DELAY_MS = 120;

/**
 * PutMetadata, retried with jittered exponential backoff while IVS throttles it (5 calls/s per
 * channel); a throttle that outlasts the budget becomes a 429. ChannelNotBroadcasting → 409.
 */
export async function putMetadata(channelArn: string, metadata: string): Promise<void> {
  await callIvs('PutMetadata', channelArn, async () => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await ivsMetadataClient.send(new PutMetadataCommand({ channelArn, metadata }));
        return;
      } catch (error) {
        if (errorName(error) !== 'ThrottlingException' || attempt >= PUT_METADATA_ATTEMPTS) throw error;
        const delay = PUT_METADATA_BASE_DELAY_MS * 2 ** (attempt - 1) * (0.75 + Math.random() / 2);
        logger.debug('PutMetadata throttled, backing off', { channelArn, attempt, delayMs: Math.round(delay) });
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  });
}

export type StreamState = { live: true; streamId?: string | undefined; startTime?: Date | undefined } | { live: false };

/** What IVS says about the channel now; throws for anything but a clear answer. */
export async function getStream(channelArn: string): Promise<StreamState> {
  try {
    const { stream } = await ivsClient.send(new GetStreamCommand({ channelArn }));
    if (!stream || stream.state === 'OFFLINE') return { live: false };
    return { live: true, streamId: stream.streamId, startTime: stream.startTime };
  } catch (error) {
    if (errorName(error) === 'ChannelNotBroadcasting') return { live: false };
    throw error;
  }
}
