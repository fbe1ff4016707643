import { describe, expect, it } from 'vitest';
import * as villages from '../../../lambdas/core/villages/lookup';
import type { SellerProfileItem } from '../../../lambdas/catalog/model';
import { ownProfile, publicSeller, saveProfile, type ProfileDeps } from '../../../lambdas/catalog/use-cases/profiles';

function memoryProfiles() {
  const items = new Map<string, SellerProfileItem>();
  const profiles: ProfileDeps['profiles'] = {
    getProfile: async (sellerId) => items.get(sellerId),
    putProfile: async (profile, now) => {
      const item = { ...profile, createdAt: items.get(profile.sellerId)?.createdAt ?? now.toISOString(), updatedAt: now.toISOString() };
      items.set(profile.sellerId, item);
      return item;
    },
  };
  return { items, deps: { profiles, villages } satisfies ProfileDeps };
}

const base = { sellerId: 'zhang', displayName: '张大姐', countyCode: '371721', village: '张庄' };

describe('villageCode on the seller profile', () => {
  it('stores the village and its town, and answers their names', async () => {
    const { items, deps } = memoryProfiles();
    const view = await saveProfile(deps, { ...base, villageCode: '371721121211' }, new Date('2025-03-01T00:00:00Z'));
    expect(view).toMatchObject({ villageCode: '371721121211', villageName: '张庄村民委员会', townCode: '371721121', townName: '大集镇' });
    expect(items.get('zhang')).toMatchObject({ villageCode: '371721121211', townCode: '371721121' });
    expect(await ownProfile(deps, 'zhang')).toMatchObject({ villageName: '张庄村民委员会', townName: '大集镇' });
    const seen = await publicSeller(deps, 'zhang');
    expect(seen).toMatchObject({ villageCode: '371721121211', villageName: '张庄村民委员会', townCode: '371721121', townName: '大集镇' });
    expect(seen).not.toHaveProperty('phone');
  });

  it('is optional: a profile without one has null village fields, and saving without one clears it', async () => {
    const { items, deps } = memoryProfiles();
    await saveProfile(deps, { ...base, villageCode: '371721121211' });
    const view = await saveProfile(deps, base);
    expect(view).toMatchObject({ villageCode: null, villageName: null, townCode: null, townName: null });
    expect(items.get('zhang')).not.toHaveProperty('townCode');
  });

  it.each([
    ['a village of another county (单县, 371722)', '371722001001', 'Not in county 371721'],
    ['a code the data does not have', '371721121999', 'Unknown village code'],
  ])('refuses %s with 400 VALIDATION_FAILED on body.villageCode', async (_what, villageCode, message) => {
    const { items, deps } = memoryProfiles();
    await expect(saveProfile(deps, { ...base, villageCode })).rejects.toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      details: [{ path: 'body.villageCode', message }],
    });
    expect(items.size).toBe(0);
  });
});
