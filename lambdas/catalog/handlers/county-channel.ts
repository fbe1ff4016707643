import { findCounty } from '../../core/counties';
import { notFound } from '../../core/errors';
import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { countyChannelRoute } from '../routes';
import { countyChannel } from '../store/county-channels';
import { getLiveStatus } from '../store/live-status';

export const handler = httpHandler(countyChannelRoute, async ({ params }) => {
  const channel = countyChannel(params.countyCode);
  if (!channel) throw notFound('County channel');
  const status = await getLiveStatus({ kind: 'county', countyCode: channel.countyCode });
  const live = status?.live === true;
  return ok({
    countyCode: channel.countyCode,
    countyName: findCounty(channel.countyCode)?.countyName ?? null,
    playbackUrl: channel.playbackUrl,
    chatRoomArn: channel.chatRoomArn,
    live,
    startedAt: live ? (status?.startedAt ?? null) : null,
  });
});
