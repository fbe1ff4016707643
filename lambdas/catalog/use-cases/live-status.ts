import { ulid } from 'ulid';
import { logger } from '../../core/observability';
import { nextBroadcast, pendingAnnouncement } from '../domain/broadcast';
import { observationFromEvent, observationFromStream, stateVersion, supersedes, type Observation } from '../domain/live-status';
import type { LiveStatusItem } from '../model';
import { errorName } from '../store/ivs-errors';
import type { Broadcaster } from '../store/live-status';
import type { Channels, CountyChannels, GoLiveAnnouncer, Ivs, LiveStatuses, Profiles } from './ports';

export interface LiveStatusDeps {
  liveStatuses: Pick<LiveStatuses, 'getLiveStatus' | 'writeLiveStatus' | 'markAnnounced' | 'listLive'>;
  channels: Pick<Channels, 'getChannel' | 'sellerIdForChannel'>;
  countyChannels: Pick<CountyChannels, 'countyChannelByArn' | 'allCountyChannels'>;
  profiles: Pick<Profiles, 'getProfile'>;
  ivs: Pick<Ivs, 'getStream'>;
  /** Publishes a seller's go-live and starts the fan-out to followers (lambdas/live). */
  announcer: GoLiveAnnouncer;
}

/** Lost races against concurrent deliveries before giving up (EventBridge then retries the event). */
const MAX_WRITE_ATTEMPTS = 5;

export interface StreamStateChange {
  time: string;
  channelArn: string;
  detail: { event_name: string; stream_id?: string | undefined };
}

export type LiveStatusOutcome = 'written' | 'stale' | 'unknown-channel' | 'ignored';

/**
 * Records a channel's live status from an `IVS Stream State Change` event. The event only says
 * "something changed": GetStream says what is true now, and that is what is written (stamped with
 * the time it was asked). When GetStream fails, the event itself is used, stamped with its own time.
 * Either way, an observation older than the stored one is dropped (see domain/live-status.ts).
 */
export async function recordStreamStateChange(deps: LiveStatusDeps, change: StreamStateChange, now = new Date()): Promise<LiveStatusOutcome> {
  const broadcaster = await broadcasterOf(deps, change.channelArn);
  if (!broadcaster) {
    logger.warn('Stream state change for a channel we do not know', { channelArn: change.channelArn });
    return 'unknown-channel';
  }
  const observation = await observe(deps, change, now);
  if (!observation) {
    logger.info('Stream state change ignored', { channelArn: change.channelArn, eventName: change.detail.event_name });
    return 'ignored';
  }
  const version = stateVersion(observation);
  const described = await describe(deps, broadcaster, observation);
  for (let attempt = 1; ; attempt += 1) {
    const stored = await deps.liveStatuses.getLiveStatus(broadcaster);
    if (stored && !supersedes(version, stored.stateVersion)) {
      logger.info('Live status', { channelArn: change.channelArn, ...broadcaster, source: observation.source, outcome: 'stale' });
      await announceIfPending(deps, broadcaster, stored);
      return 'stale';
    }
    const status: LiveStatusItem = {
      live: observation.live,
      channelArn: change.channelArn,
      stateVersion: version,
      streamId: observation.streamId,
      startedAt: observation.live ? observation.startedAt : null,
      updatedAt: now.toISOString(),
      ...described,
      ...nextBroadcast(stored, observation, () => ulid(Date.parse(observation.startedAt ?? observation.at))),
    };
    const outcome = await deps.liveStatuses.writeLiveStatus(broadcaster, status, stored?.stateVersion ?? null);
    if (outcome === 'written') {
      logger.info('Live status', { channelArn: change.channelArn, ...broadcaster, live: status.live, source: observation.source, outcome, broadcastId: status.broadcastId });
      await announceIfPending(deps, broadcaster, status);
      return outcome;
    }
    // Someone wrote between our read and our write: read again, and either we are stale or we go again.
    if (attempt >= MAX_WRITE_ATTEMPTS) throw new Error(`Live status of ${change.channelArn}: ${attempt} writes lost to concurrent ones`);
  }
}

/**
 * A seller's live broadcast not announced yet: publish it, start the fan-out, then mark it announced.
 * A crash in between leaves it pending, and the next delivery or reconcile announces it again; the
 * fan-out's deterministic notification ids make that second announcement notify no one twice.
 */
async function announceIfPending(deps: LiveStatusDeps, broadcaster: Broadcaster, status: LiveStatusItem): Promise<void> {
  if (broadcaster.kind !== 'seller' || !pendingAnnouncement(status)) return;
  await deps.announcer.announce({
    sellerId: broadcaster.sellerId,
    broadcastId: status.broadcastId,
    displayName: status.displayName ?? '',
    playbackUrl: status.playbackUrl ?? '',
    startedAt: status.broadcastStartedAt,
  });
  await deps.liveStatuses.markAnnounced(broadcaster, status.broadcastId);
  logger.info('Go-live announced', { sellerId: broadcaster.sellerId, broadcastId: status.broadcastId });
}

async function broadcasterOf({ countyChannels, channels }: LiveStatusDeps, channelArn: string): Promise<Broadcaster | undefined> {
  const county = await countyChannels.countyChannelByArn(channelArn);
  if (county) return { kind: 'county', countyCode: county.countyCode };
  const sellerId = await channels.sellerIdForChannel(channelArn);
  return sellerId ? { kind: 'seller', sellerId } : undefined;
}

async function observe({ ivs }: LiveStatusDeps, change: StreamStateChange, now: Date): Promise<Observation | undefined> {
  try {
    const stream = await ivs.getStream(change.channelArn);
    return observationFromStream(stream.live ? stream : undefined, now);
  } catch (error) {
    logger.warn('GetStream failed; using the event as it is', { channelArn: change.channelArn, errorName: errorName(error) });
    return observationFromEvent(change);
  }
}

/** What the live list shows about a seller, copied in when the broadcast starts. */
async function describe({ profiles, channels }: LiveStatusDeps, broadcaster: Broadcaster, observation: Observation): Promise<Partial<LiveStatusItem>> {
  if (broadcaster.kind === 'county') return { countyCode: broadcaster.countyCode };
  if (!observation.live) return { sellerId: broadcaster.sellerId };
  const [profile, channel] = await Promise.all([profiles.getProfile(broadcaster.sellerId), channels.getChannel(broadcaster.sellerId)]);
  return {
    sellerId: broadcaster.sellerId,
    ...(profile ? { displayName: profile.displayName, countyCode: profile.countyCode } : {}),
    ...(channel?.playbackUrl ? { playbackUrl: channel.playbackUrl } : {}),
  };
}

const RECONCILE = 'Reconcile';

/**
 * Checks every live seller (from the live index) and every county channel against GetStream. Each
 * check goes through the same versioned write as an event, so it cannot undo a newer event; when
 * GetStream fails there is no event to fall back on, and the broadcaster is left as it is.
 */
export async function reconcileLiveStatus(deps: LiveStatusDeps, now = new Date()): Promise<Record<LiveStatusOutcome, number>> {
  const channelArns = (await deps.countyChannels.allCountyChannels()).map((county) => county.channelArn);
  let cursor: string | undefined;
  do {
    const page = await deps.liveStatuses.listLive({ limit: 100, cursor });
    channelArns.push(...page.items.map((item) => item.channelArn));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const outcomes: Record<LiveStatusOutcome, number> = { written: 0, stale: 0, 'unknown-channel': 0, ignored: 0 };
  for (const channelArn of channelArns) {
    const outcome = await recordStreamStateChange(deps, { time: now.toISOString(), channelArn, detail: { event_name: RECONCILE } }, now);
    outcomes[outcome] += 1;
  }
  return outcomes;
}
