import { findCounty } from '../../core/counties';
import type { FollowItem } from '../model';

export interface SellerCard {
  displayName: string;
  countyCode: string;
  live: boolean;
}

/** A follow as the list shows it; a followed seller whose profile is gone is shown without a name, offline. */
export function followingView(follow: FollowItem, card: SellerCard | undefined) {
  const countyCode = card?.countyCode ?? '';
  return {
    sellerId: follow.sellerId,
    displayName: card?.displayName ?? '',
    countyCode,
    countyName: countyCode ? (findCounty(countyCode)?.countyName ?? null) : null,
    live: card?.live ?? false,
    followedAt: follow.followedAt,
  };
}
