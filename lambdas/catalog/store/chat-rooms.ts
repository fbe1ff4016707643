import { CreateRoomCommand } from '@aws-sdk/client-ivschat';
import { z } from 'zod';
import { ivschatClient } from '../../core/aws/ivschat';
import { readEnv } from '../../core/env';
import { SELLER_ID_TAG } from '../domain/channel';
import { callIvs } from './ivs-errors';

/** The stage's chat settings (lib/config.ts `ivs`), set on the function by CDK and by the local runtime. */
const env = readEnv({
  CHAT_REVIEW_FUNCTION_ARN: z.string().regex(/^arn:aws[a-z-]*:lambda:/, 'A Lambda function ARN'),
  CHAT_FALLBACK_RESULT: z.enum(['ALLOW', 'DENY']),
  CHAT_MAX_MESSAGE_LENGTH: z.coerce.number().int().min(1).max(500),
  CHAT_MAX_MESSAGE_RATE: z.coerce.number().int().min(1).max(100),
});

/**
 * The seller's chat room: every message goes through the review Lambda (written by the chat
 * capability); when it does not answer in time, the stage's fallback result applies.
 */
export async function createSellerRoom(name: string, sellerId: string): Promise<string> {
  const room = await callIvs('CreateRoom', undefined, () =>
    ivschatClient.send(
      new CreateRoomCommand({
        name,
        maximumMessageLength: env.CHAT_MAX_MESSAGE_LENGTH,
        maximumMessageRatePerSecond: env.CHAT_MAX_MESSAGE_RATE,
        messageReviewHandler: { uri: env.CHAT_REVIEW_FUNCTION_ARN, fallbackResult: env.CHAT_FALLBACK_RESULT },
        tags: { [SELLER_ID_TAG]: sellerId },
      }),
    ),
  );
  if (!room.arn) throw new Error('CreateRoom returned no ARN');
  return room.arn;
}
