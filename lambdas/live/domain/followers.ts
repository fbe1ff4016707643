import { createHash } from 'node:crypto';
import { FOLLOWER_SHARDS } from '../model';

/** Which follower shard a buyer lands in for every seller: stable, spread evenly by a hash of the id. */
export function followerShard(buyerId: string, shards = FOLLOWER_SHARDS): number {
  return createHash('sha256').update(buyerId).digest().readUInt32BE(0) % shards;
}
