import { logger } from '../../core/observability';
import { observationFromEvent, observationFromStream, stateVersion, type Observation } from '../domain/live-status';
import type { LiveStatusItem } from '../model';
import { errorName } from '../store/ivs-errors';
import type { Broadcaster } from '../store/live-status';
import type { Channels, CountyChannels, Ivs, LiveStatuses, Profiles } from './ports';

export interface LiveStatusDeps {
  liveStatuses: Pick<LiveStatuses, 'writeLiveStatus' | 'listLive'>;
  channels: Pick<Channels, 'getChannel' | 'sellerIdForChannel'>;
  countyChannels: Pick<CountyChannels, 'countyChannelByArn' | 'allCountyChannels'>;
  profiles: Pick<Profiles, 'getProfile'>;
  ivs: Pick<Ivs, 'getStream'>;
}

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
  const status: LiveStatusItem = {
    live: observation.live,
    channelArn: change.channelArn,
    stateVersion: stateVersion(observation),
    streamId: observation.streamId,
    startedAt: observation.live ? observation.startedAt : null,
    updatedAt: now.toISOString(),
    ...(await describe(deps, broadcaster, observation)),
  };
  const outcome = await deps.liveStatuses.writeLiveStatus(broadcaster, status);
  logger.info('Live status', { channelArn: change.channelArn, ...broadcaster, live: status.live, source: observation.source, outcome });
  return outcome;
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
