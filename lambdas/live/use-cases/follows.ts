import { notFound } from '../../core/errors';
import { followingView } from '../domain/following';
import type * as followStore from '../store/follows';
import type * as sellerCardStore from '../store/seller-cards';

export interface FollowDeps {
  follows: Pick<typeof followStore, 'follow' | 'unfollow' | 'listFollowing'>;
  sellers: Pick<typeof sellerCardStore, 'sellerCards' | 'sellerExists'>;
}

export async function followSeller({ follows, sellers }: FollowDeps, buyerId: string, sellerId: string, now: string): Promise<void> {
  if (!(await sellers.sellerExists(sellerId))) throw notFound('Seller');
  await follows.follow(buyerId, sellerId, now);
}

export async function unfollowSeller({ follows }: FollowDeps, buyerId: string, sellerId: string): Promise<void> {
  await follows.unfollow(buyerId, sellerId);
}

export async function following({ follows, sellers }: FollowDeps, buyerId: string, page: { limit: number; cursor?: string | undefined }) {
  const result = await follows.listFollowing(buyerId, page);
  const cards = await sellers.sellerCards(result.items.map((follow) => follow.sellerId));
  return { items: result.items.map((follow) => followingView(follow, cards.get(follow.sellerId))), nextCursor: result.nextCursor };
}
