import type { ModerationSettings, Moderator } from '../moderation/moderator';
import { isBannedAt } from '../domain/bans';
import { slowModeAllows, slowModeApplies, slowModeClaim, type SlowModeClaim, type SlowModeOutcome } from '../domain/slow-mode';
import { bounded } from './bounded';
import { moderateAttributes } from './attributes';
import { allow, deny, readReviewEvent, type ReviewRequest, type ReviewResponse } from './event';
import { DEFAULT_ROOM_SETTINGS, NO_BANS, type RoomPolicy, type RoomSettingsCache } from './room-settings';

export interface ReviewerOptions {
  readonly settings: RoomSettingsCache;
  /** The conditional write of slow mode: resolves 'claimed' or 'too-soon'; may be slow or fail. */
  readonly claimSlowMode: (roomArn: string, userId: string, claim: SlowModeClaim, signal: AbortSignal) => Promise<Exclude<SlowModeOutcome, 'unknown'>>;
  /** The moderator for a room's settings; `key` is the room's seller ('' for rooms of no seller). */
  readonly moderatorFor: (key: string, settings: ModerationSettings) => Moderator;
  /** Wall clock (epoch ms) for slow-mode timestamps and ban ends. */
  readonly clock: () => number;
  /** The answer is due this long after the handler starts, whatever is still pending (IVS allows 200 ms). */
  readonly deadlineMs: number;
  readonly callTimeoutMs: number;
  readonly onSlowModeFailure?: (cause: 'timeout' | 'error', error?: unknown) => void;
  readonly onDeadline?: () => void;
  readonly onInternalError?: (error: unknown) => void;
}

export type Reviewer = (event: unknown) => Promise<ReviewResponse>;

const NO_ROOM: RoomPolicy = { settings: DEFAULT_ROOM_SETTINGS, bans: NO_BANS };
const NO_SELLER = '';

/**
 * The message review decision: the room's settings and bans (cached), the moderator (content and the
 * kept attributes), then slow mode. Always answers before the deadline with a valid response; never rejects.
 */
export function createReviewer(options: ReviewerOptions): Reviewer {
  const { settings, moderatorFor, clock, deadlineMs, callTimeoutMs } = options;

  function moderate(policy: RoomPolicy, request: ReviewRequest): ReviewResponse {
    if (request.senderId !== undefined && isBannedAt(policy.bans, request.senderId, clock())) return deny(request.content, 'BANNED');
    const moderator = moderatorFor(policy.sellerId ?? NO_SELLER, policy.settings);
    const decision = moderator.review(request.content);
    if (decision.result === 'DENY') return deny(request.content, decision.reason);
    const attributes = moderateAttributes(moderator, request.attributes);
    if (!attributes.ok) return deny(request.content, attributes.reason);
    return allow(decision.content, attributes.attributes);
  }

  async function decide(request: ReviewRequest, deadline: number): Promise<ReviewResponse> {
    const remaining = () => deadline - performance.now();
    const policy = request.roomArn === undefined ? NO_ROOM : await settings.get(request.roomArn, remaining());
    const verdict = moderate(policy, request);
    if (verdict.ReviewResult === 'DENY') return verdict;
    const { roomArn, senderId } = request;
    if (roomArn === undefined || senderId === undefined) return verdict;
    if (!slowModeApplies(policy.settings.slowModeSeconds, senderId, policy.sellerId)) return verdict;

    const claim = slowModeClaim(clock(), policy.settings.slowModeSeconds);
    const written = await bounded((signal) => options.claimSlowMode(roomArn, senderId, claim, signal), Math.min(callTimeoutMs, remaining()));
    if (!written.ok) options.onSlowModeFailure?.(written.cause, written.error);
    return slowModeAllows(written.ok ? written.value : 'unknown') ? verdict : deny(request.content, 'SLOW_MODE');
  }

  /** With what is known now: cached (maybe stale) or default settings, and no slow-mode write. */
  function decideNow(request: ReviewRequest): ReviewResponse {
    return moderate(request.roomArn === undefined ? NO_ROOM : settings.peek(request.roomArn), request);
  }

  return async (event) => {
    const deadline = performance.now() + deadlineMs;
    let request: ReviewRequest | undefined;
    try {
      request = readReviewEvent(event);
      if (request === undefined) return deny('', 'INVALID_MESSAGE');
      if (request.content === '') return deny('', 'EMPTY_MESSAGE');
      const outcome = await bounded(() => decide(request!, deadline), deadlineMs);
      if (outcome.ok) return outcome.value;
      if (outcome.cause === 'timeout') options.onDeadline?.();
      else options.onInternalError?.(outcome.error);
      return decideNow(request);
    } catch (error) {
      options.onInternalError?.(error);
      return deny(request?.content ?? '', 'REVIEW_FAILED');
    }
  };
}
