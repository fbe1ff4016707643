/**
 * Slow mode: a user may post in a room once per `slowModeSeconds`. The review handler enforces it with
 * one conditional write per message: "record this message unless the previous one is too recent".
 */
export interface SlowModeClaim {
  /** This message's time (epoch ms), recorded when the claim succeeds. */
  lastMessageAt: number;
  /** The write succeeds only if the recorded last message is at or before this (epoch ms). */
  previousAtMost: number;
  /** TTL (epoch seconds): the marker is useless once the window has passed; a minute of slack. */
  expiresAt: number;
}

export function slowModeClaim(nowMs: number, slowModeSeconds: number): SlowModeClaim {
  const windowMs = slowModeSeconds * 1000;
  return {
    lastMessageAt: nowMs,
    previousAtMost: nowMs - windowMs,
    expiresAt: Math.ceil((nowMs + windowMs) / 1000) + 60,
  };
}

/** What the conditional write said: written, refused (too soon), or no answer in time / an error. */
export type SlowModeOutcome = 'claimed' | 'too-soon' | 'unknown';

/** Only a definite "too soon" denies: a slow or failing store must not silence the room (fail open). */
export const slowModeAllows = (outcome: SlowModeOutcome) => outcome !== 'too-soon';

/** Slow mode is on, and the sender is not the room's seller (the broadcaster is never slowed down). */
export function slowModeApplies(slowModeSeconds: number, senderId: string | undefined, roomSellerId: string | undefined): boolean {
  if (slowModeSeconds <= 0 || senderId === undefined) return false;
  return roomSellerId === undefined || senderId !== roomSellerId;
}
