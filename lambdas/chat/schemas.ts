import { z } from 'zod';
import { text } from '../core/http/schemas';
import { normaliseTerm } from './moderation/normalise';
import { MAX_BAN_SECONDS, MIN_BAN_SECONDS } from './domain/bans';
import { MAX_BLOCKED_TERMS, MAX_SLOW_MODE_SECONDS, MAX_TERM_LENGTH } from './domain/settings';

/** zod schemas of the chat routes: requests validated at the edge, responses for the OpenAPI document. */

/** IVS Chat user ids are at most 128 characters; ours are Cognito subs. */
const userId = z.string().min(1).max(128);

// Typed text like any other: matching already ignores invisible characters in messages, so a term
// never needs one, and a term carrying a bidi override would only mislead the seller reading the list.
const blockedTerm = text({ min: 1, max: MAX_TERM_LENGTH })
  // A term of only spaces, punctuation or invisible characters would match nothing once normalised.
  .refine((term) => normaliseTerm(term) !== '', 'A blocked term needs at least one letter, digit or ideograph');

export const chatSettingsBody = z.object({
  blockedTerms: z.array(blockedTerm).max(MAX_BLOCKED_TERMS),
  slowModeSeconds: z.number().int().min(0).max(MAX_SLOW_MODE_SECONDS),
  maskContacts: z.boolean(),
});

export const chatSettings = z
  .object({
    blockedTerms: z.array(z.string()),
    slowModeSeconds: z.number().int(),
    maskContacts: z.boolean(),
    /** null while the seller has never saved settings (the defaults apply). */
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'ChatSettings' });

export const createBanBody = z.object({
  userId,
  /** Absent: a permanent ban. */
  durationSeconds: z.number().int().min(MIN_BAN_SECONDS).max(MAX_BAN_SECONDS).optional(),
  reason: text({ max: 200 }).optional(),
});

export const banParams = z.object({ userId });

export const chatBan = z
  .object({
    userId: z.string(),
    until: z.string().nullable(),
    reason: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'ChatBan' });
/** What creating a ban answers (docs/api.md: `{ userId, until | null, reason }`). */
export const createdChatBan = chatBan.omit({ createdAt: true }).meta({ id: 'CreatedChatBan' });

/** The client names the room by its seller; capabilities are never taken from the request. */
export const chatTokenBody = z.object({ sellerId: z.string().min(1).max(128) });

export const chatToken = z
  .object({
    token: z.string(),
    sessionExpirationTime: z.string(),
    tokenExpirationTime: z.string(),
  })
  .meta({ id: 'ChatToken' });
