import { z } from 'zod';
import { sellerId } from '../catalog/schemas';

/** zod schemas of the live-commerce routes. */

export const sellerParams = z.object({ sellerId });

export const followedSeller = z
  .object({
    sellerId: z.string(),
    displayName: z.string(),
    countyCode: z.string(),
    countyName: z.string().nullable(),
    live: z.boolean(),
    followedAt: z.string(),
  })
  .meta({ id: 'FollowedSeller' });

export const notification = z
  .object({
    notificationId: z.string(),
    kind: z.literal('SELLER_LIVE'),
    sellerId: z.string(),
    displayName: z.string(),
    playbackUrl: z.string(),
    at: z.string(),
  })
  .meta({ id: 'Notification' });

export const replay = z
  .object({
    replayId: z.string(),
    startedAt: z.string(),
    endedAt: z.string(),
    durationSeconds: z.number().int(),
    playbackUrl: z.string(),
    pins: z.array(z.object({ atSeconds: z.number().int(), productId: z.string(), title: z.string() })),
  })
  .meta({ id: 'Replay' });
