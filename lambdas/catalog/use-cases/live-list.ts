import { findCounty } from '../../core/counties';
import { notFound } from '../../core/errors';
import { liveSellerView } from '../domain/live-list';
import type { CountyChannels, LiveStatuses, Pins } from './ports';

export interface LiveListDeps {
  liveStatuses: Pick<LiveStatuses, 'listLive'>;
  pins: Pick<Pins, 'currentPins'>;
}

/** One page of the sellers live now, each with its current pin. */
export async function liveSellers({ liveStatuses, pins }: LiveListDeps, options: Parameters<LiveStatuses['listLive']>[0], now = new Date()) {
  const page = await liveStatuses.listLive(options);
  const pinned = await pins.currentPins(page.items.flatMap((status) => (status.sellerId ? [status.sellerId] : [])));
  return {
    items: page.items.map((status) => liveSellerView(status, status.sellerId ? pinned.get(status.sellerId) : undefined, now)),
    nextCursor: page.nextCursor,
  };
}

export interface CountyChannelDeps {
  countyChannels: Pick<CountyChannels, 'countyChannel'>;
  liveStatuses: Pick<LiveStatuses, 'getLiveStatus'>;
}

/** A county's own channel (run by the county, not a seller), and whether it is live. */
export async function countyChannelView({ countyChannels, liveStatuses }: CountyChannelDeps, countyCode: string) {
  const channel = await countyChannels.countyChannel(countyCode);
  if (!channel) throw notFound('County channel');
  const status = await liveStatuses.getLiveStatus({ kind: 'county', countyCode: channel.countyCode });
  const live = status?.live === true;
  return {
    countyCode: channel.countyCode,
    countyName: findCounty(channel.countyCode)?.countyName ?? null,
    playbackUrl: channel.playbackUrl,
    chatRoomArn: channel.chatRoomArn,
    live,
    startedAt: live ? (status?.startedAt ?? null) : null,
  };
}
