import { globalTermMatcher } from '../moderation/moderator';
import { COMPILE_STEP_MS, createModeratorCache } from '../moderation/moderator-cache';
import { createStepQueue } from '../moderation/step-queue';
import { createReviewer } from '../review/reviewer';
import { createRoomSettingsCache } from '../review/room-settings';
import { claimSlowMode, REVIEW_CALL_TIMEOUT_MS, roomSeller, sellerRoom, warmUp } from '../store/review-store';

/**
 * The IVS Chat message review Lambda. IVS gives it 200 ms (not adjustable), then the room's fallback
 * decides. Kept deliberately small: no middy, zod, Powertools or AWS SDK on this path (each would cost
 * init time on a cold start; DynamoDB goes through review/dynamodb-lite.ts), a hand-checked event, and
 * the only network calls are the two bounded exceptions of docs/architecture.md ("The 200 ms review
 * budget"): settings on a cache miss, with the room's bans in the same read, and slow mode's
 * conditional write. A seller's changed terms are compiled in the background, never on a message's
 * time (moderation/moderator-cache.ts).
 */

/** Answer by then whatever is pending: leaves IVS's 200 ms some room for the invoke round trip. */
export const REVIEW_DEADLINE_MS = 150;
/** docs/api.md (PUT /v1/seller/chat/settings, bans): new settings and bans take effect within a few seconds. */
export const SETTINGS_TTL_MS = 5_000;
const RETRY_AFTER_FAILURE_MS = 1_000;
const LOG_EVERY_MS = 10_000;

// One line per kind of trouble per 10 s at most: an outage must not turn every chat message into a log line.
const lastLogged = new Map<string, { at: number; suppressed: number }>();
function warn(kind: string, fields: Record<string, unknown> = {}): void {
  const now = Date.now();
  const seen = lastLogged.get(kind);
  if (seen && now - seen.at < LOG_EVERY_MS) {
    seen.suppressed += 1;
    return;
  }
  const { error, ...rest } = fields;
  const errorFields = error instanceof Error ? { errorName: error.name, errorMessage: error.message } : {};
  console.warn(JSON.stringify({ level: 'WARN', message: `chat review: ${kind}`, ...rest, ...errorFields, suppressedSinceLast: seen?.suppressed ?? 0 }));
  lastLogged.set(kind, { at: now, suppressed: 0 });
}

// Provisioned instances initialise before they take traffic, so they do the first-use work here:
// compile the global terms and load fetch's HTTP stack (Node loads it on the first call, which
// alone outlasts the 50 ms lookup budget) with one lookup that also opens the connection. On-demand
// cold starts skip both to keep init short: the first message compiles the (small) global terms,
// and its lookup fails open.
if (process.env.AWS_LAMBDA_INITIALIZATION_TYPE === 'provisioned-concurrency') {
  globalTermMatcher();
  await warmUp().catch(() => undefined);
}

const moderators = createModeratorCache({
  queue: createStepQueue({ stepMs: COMPILE_STEP_MS, onError: (error) => warn('background compile failed, terms stay on the scan matcher', { error }) }),
});

const settings = createRoomSettingsCache({
  source: { roomSeller, sellerRoom },
  clock: () => Date.now(),
  ttlMs: SETTINGS_TTL_MS,
  retryMs: RETRY_AFTER_FAILURE_MS,
  callTimeoutMs: REVIEW_CALL_TIMEOUT_MS,
  onFailure: ({ what, cause, error }) => warn(`${what} ${cause}, using cached or default settings`, { error }),
});

export const handler = createReviewer({
  settings,
  claimSlowMode,
  moderatorFor: moderators.get,
  clock: () => Date.now(),
  deadlineMs: REVIEW_DEADLINE_MS,
  callTimeoutMs: REVIEW_CALL_TIMEOUT_MS,
  onSlowModeFailure: (cause, error) => warn(`slow-mode write ${cause}, message allowed`, { error }),
  onDeadline: () => warn('deadline reached, decided with cached or default settings'),
  onInternalError: (error) => warn('internal error', { error }),
});
