import { profileKey, sellerLiveKey } from '../../catalog/model';
import { decodeLiveStatus } from '../../catalog/store/live-status';
import { decodeProfile } from '../../catalog/store/profiles';
import { batchGet } from '../../catalog/store/table';
import type { SellerCard } from '../domain/following';

/**
 * What the following list shows of each seller: profile and live status, read in one BatchGetItem
 * round (chunks of 100 in parallel) from the catalog table. A seller without a profile is absent.
 */
export async function sellerCards(sellerIds: readonly string[]): Promise<Map<string, SellerCard>> {
  if (sellerIds.length === 0) return new Map();
  const raw = await batchGet(sellerIds.flatMap((sellerId) => [profileKey(sellerId), sellerLiveKey(sellerId)]));
  const live = new Set<string>();
  const profiles = [];
  for (const item of raw) {
    if (item.sk === 'LIVE') {
      const status = decodeLiveStatus(item);
      if (status.live && status.sellerId) live.add(status.sellerId);
    } else profiles.push(decodeProfile(item));
  }
  return new Map(profiles.map((profile) => [profile.sellerId, { displayName: profile.displayName, countyCode: profile.countyCode, live: live.has(profile.sellerId) }]));
}

/** Whether the seller has a profile (a seller one can follow). */
export async function sellerExists(sellerId: string): Promise<boolean> {
  return (await batchGet([profileKey(sellerId)])).length > 0;
}
