import { describe, expect, it } from 'vitest';
import { CLAIM_STALE_AFTER_MS, claimIsStale, readyChannel, sellerChannelName, sellerRoomName } from '../../../lambdas/catalog/domain/channel';
import { normaliseCnMobile, profileView, publicProfileView } from '../../../lambdas/catalog/domain/profile';

const IVS_NAME = /^[a-zA-Z0-9_-]{0,128}$/;

describe('channel naming and claims', () => {
  it('names are valid IVS names for any seller id', () => {
    for (const sellerId of ['zhang-1', 'a'.repeat(128), 'f3b1c2d4-1111-2222-3333-444455556666', '张三', 'a b/c']) {
      expect(sellerChannelName('prod', sellerId)).toMatch(IVS_NAME);
      expect(sellerRoomName('prod', sellerId)).toMatch(IVS_NAME);
    }
    expect(sellerChannelName('prod', 'zhang-1')).toBe('village-live-prod-seller-zhang-1');
    expect(sellerChannelName('prod', '张三')).not.toBe(sellerChannelName('prod', '李四'));
  });

  it('a claim goes stale long after the function timeout', () => {
    const claimedAt = '2026-06-01T08:00:00.000Z';
    expect(claimIsStale({ claimedAt }, new Date(Date.parse(claimedAt) + CLAIM_STALE_AFTER_MS))).toBe(false);
    expect(claimIsStale({ claimedAt }, new Date(Date.parse(claimedAt) + CLAIM_STALE_AFTER_MS + 1))).toBe(true);
  });

  it('only a complete READY channel is usable', () => {
    const base = { sellerId: 's', claimId: 'c', claimedAt: '', channelName: 'n', createdAt: '', updatedAt: '' };
    const full = { channelArn: 'a', ingestEndpoint: 'i', playbackUrl: 'p', chatRoomArn: 'r' };
    expect(readyChannel({ ...base, ...full, state: 'READY' })).toEqual(full);
    expect(readyChannel({ ...base, ...full, state: 'CREATING' })).toBeUndefined();
    expect(readyChannel({ ...base, ...full, chatRoomArn: undefined, state: 'READY' })).toBeUndefined();
  });
});

describe('profile', () => {
  it('normalises mainland mobile numbers and refuses others', () => {
    expect(normaliseCnMobile('13800138000')).toBe('13800138000');
    expect(normaliseCnMobile('+86 138-0013-8000')).toBe('13800138000');
    expect(normaliseCnMobile('8613800138000')).toBe('13800138000');
    expect(normaliseCnMobile('12800138000')).toBeUndefined();
    expect(normaliseCnMobile('1380013800')).toBeUndefined();
  });

  it('names the county, and the public view has no phone', () => {
    const item = { sellerId: 's', displayName: '张', countyCode: '371721', village: '村', phone: '13800138000', createdAt: 'c', updatedAt: 'u' };
    expect(profileView(item)).toMatchObject({ countyName: '曹县', provinceCode: '37', provinceName: '山东省', phone: '13800138000' });
    expect(publicProfileView(item)).not.toHaveProperty('phone');
  });
});
