import { describe, expect, it, vi } from 'vitest';
import type { ChannelItem, LiveStatusItem, PinItem, SellerProfileItem } from '../../../lambdas/catalog/model';
import { ensureSellerChannel, type ChannelDeps } from '../../../lambdas/catalog/use-cases/channel';
import { liveSellers } from '../../../lambdas/catalog/use-cases/live-list';
import { publicSeller } from '../../../lambdas/catalog/use-cases/profiles';

const profile: SellerProfileItem = { sellerId: 'zhang', displayName: '张', countyCode: '371721', village: '村', createdAt: 'c', updatedAt: 'u' };

/** Fakes of the ports: the use cases are tested without AWS and without module mocks. */
function channelDeps(stage: string): ChannelDeps & { saved: ChannelItem[] } {
  const saved: ChannelItem[] = [];
  return {
    saved,
    stage,
    profiles: { getProfile: async () => profile },
    channels: {
      getChannel: async () => undefined,
      claimChannel: async (item) => (saved.push(item), true),
      takeOverClaim: async () => false,
      releaseClaim: async () => undefined,
      recordIvsChannel: async () => undefined,
      completeChannel: async (sellerId, claimId, chatRoomArn) => ({
        ...saved[0]!,
        state: 'READY',
        channelArn: 'arn:channel',
        ingestEndpoint: 'ingest',
        playbackUrl: 'https://play',
        streamKeyArn: 'arn:key',
        chatRoomArn,
      }),
      setStreamKeyArn: async () => undefined,
      sellerIdForChannel: async () => undefined,
    },
    ivs: {
      createSellerChannel: vi.fn(async () => ({ channelArn: 'arn:channel', ingestEndpoint: 'ingest', playbackUrl: 'https://play', streamKeyArn: 'arn:key', streamKey: 'sk_secret' })),
      currentStreamKey: async () => ({ arn: 'arn:key', value: 'sk_secret' }),
      rotateStreamKey: async () => ({ arn: 'arn:key2', value: 'sk_new' }),
    },
    chatRooms: { createSellerRoom: vi.fn(async () => 'arn:room') },
  };
}

describe('catalog use cases with injected ports', () => {
  it('names the channel and the chat room after the stage it is given', async () => {
    const deps = channelDeps('prod');
    const result = await ensureSellerChannel(deps, 'zhang');
    expect(result.created).toBe(true);
    expect(deps.saved[0]!.channelName).toContain('prod');
    expect(vi.mocked(deps.ivs.createSellerChannel).mock.calls[0]![0]).toContain('prod');
    expect(vi.mocked(deps.chatRooms.createSellerRoom).mock.calls[0]![0]).toContain('prod');
  });

  it('a missing seller is a 404', async () => {
    await expect(publicSeller({ profiles: { getProfile: async () => undefined, putProfile: async () => profile }, villages: { findVillage: async () => undefined } }, 'nobody')).rejects.toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('the live list asks for the pins of the listed sellers only', async () => {
    const status: LiveStatusItem = { live: true, sellerId: 'zhang', channelArn: 'arn:channel', stateVersion: 'v', streamId: 's', startedAt: 'a', updatedAt: 'u' };
    const county: LiveStatusItem = { live: true, countyCode: '371721', channelArn: 'arn:county', stateVersion: 'v', streamId: 's', startedAt: 'a', updatedAt: 'u' };
    const currentPins = vi.fn(async () => new Map<string, PinItem>());
    const page = await liveSellers({ liveStatuses: { listLive: async () => ({ items: [status, county], nextCursor: null }) }, pins: { currentPins } }, { limit: 10 });
    expect(currentPins).toHaveBeenCalledWith(['zhang']);
    expect(page.items).toHaveLength(2);
  });
});
