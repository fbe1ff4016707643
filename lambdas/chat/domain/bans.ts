/** A user banned from a seller's chat room; `until` null = permanent. */
export interface ChatBan {
  userId: string;
  until: string | null;
  reason: string | null;
  createdAt: string;
}

export const MIN_BAN_SECONDS = 60;
/** Two weeks. */
export const MAX_BAN_SECONDS = 1_209_600;

export interface NewBan {
  ban: ChatBan;
  /** The TTL attribute (epoch seconds) for a timed ban; permanent bans never expire. */
  expiresAt?: number;
}

export function newBan(userId: string, options: { durationSeconds?: number; reason?: string }, now: Date): NewBan {
  const ban: ChatBan = {
    userId,
    until: null,
    reason: options.reason ?? null,
    createdAt: now.toISOString(),
  };
  if (options.durationSeconds === undefined) return { ban };
  const until = new Date(now.getTime() + options.durationSeconds * 1000);
  return { ban: { ...ban, until: until.toISOString() }, expiresAt: Math.ceil(until.getTime() / 1000) };
}

/** TTL deletes expired items only eventually (up to days later), so an expired ban must read as no ban. */
export function isBanActive(ban: Pick<ChatBan, 'until'> | undefined, now: Date): boolean {
  if (!ban) return false;
  return ban.until === null || Date.parse(ban.until) > now.getTime();
}

/** The bans the review handler applies in a room: user id → when the ban ends (epoch ms), null = never. */
export type ActiveBans = ReadonlyMap<string, number | null>;

/** When a ban ends (epoch ms), null for a permanent one; an unreadable `until` is NaN, which never applies (as in isBanActive). */
export const banEndsAt = (until: string | null): number | null => (until === null ? null : Date.parse(until));

/** Whether the user's ban still holds at `nowMs`: a timed ban stops applying once `until` has passed. */
export function isBannedAt(bans: ActiveBans, userId: string, nowMs: number): boolean {
  const endsAt = bans.get(userId);
  if (endsAt === undefined) return false;
  return endsAt === null || endsAt > nowMs;
}
