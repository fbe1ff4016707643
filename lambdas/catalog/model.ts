/**
 * Catalog table items (single-table design, keys `pk`/`sk`, sparse indexes `gsi1`, `gsi2`).
 * Shared by the catalog, orders and chat capabilities; each capability owns the writes of its items.
 * This file is the single reference for catalog keys: every store builds its keys from here.
 *
 * | item                 | pk                        | sk               | gsi1 (pk / sk)                         | gsi2 (pk / sk)                      |
 * | -------------------- | ------------------------- | ---------------- | -------------------------------------- | ----------------------------------- |
 * | seller profile       | SELLER#{sellerId}         | PROFILE          |                                        |                                     |
 * | product              | SELLER#{sellerId}         | PRODUCT#{ulid}   | ACTIVE_PRODUCTS#{sellerId} / PRODUCT#… (ACTIVE only) |                       |
 * | stock shard          | STOCK#{productId}#{n}     | STOCK            | (stock-shards.ts)                      |                                     |
 * | current pin          | SELLER#{sellerId}         | PIN#CURRENT      |                                        |                                     |
 * | seller channel       | SELLER#{sellerId}         | CHANNEL          |                                        |                                     |
 * | channel → seller     | CHANNEL#{channelArn}      | CHANNEL          |                                        |                                     |
 * | chat room → seller   | ROOM#{chatRoomArn}        | ROOM             |                                        |                                     |
 * | seller live status   | SELLER#{sellerId}         | LIVE             | LIVE / {startedAt}#{sellerId} (live only) | LIVE#{countyCode} / same (live only) |
 * | county live status   | COUNTY#{countyCode}       | LIVE             |                                        |                                     |
 * | pin log              | PINLOG#{sellerId}         | {startsAt}#{pinId} (TTL `expiresAt`, 400 days) |                  |                                     |
 * | chat settings        | SELLER#{sellerId}         | CHAT#SETTINGS    |                                        |                                     |
 * | chat ban             | SELLER#{sellerId}         | CHAT#BAN#{userId} (TTL `expiresAt` when timed) |                |                                     |
 * | slow-mode marker     | SLOWMODE#{chatRoomArn}#{userId} | SLOWMODE (TTL `expiresAt`) |                              |                                     |
 *
 * Account items (seller applications APPLICATION#…, on gsi1 by status; local group records USER#…) are
 * listed in lambdas/accounts/model.ts.
 */
export type ProductUnit = 'jin' | 'kg' | 'piece' | 'box' | 'bunch';
export type ProductStatus = 'ACTIVE' | 'HIDDEN' | 'ARCHIVED';

export const sellerPk = (sellerId: string) => `SELLER#${sellerId}`;

/** pk SELLER#{sellerId}, sk PROFILE. */
export interface SellerProfileItem {
  sellerId: string;
  displayName: string;
  countyCode: string;
  village: string;
  phone?: string;
  /** 12-digit GB/T 2260 code of the seller's village or community, inside countyCode. */
  villageCode?: string;
  /** Its town (9 digits), kept beside it so that reports can group by town without the lookup. */
  townCode?: string;
  createdAt: string;
  updatedAt: string;
}
export const profileKey = (sellerId: string) => ({ pk: sellerPk(sellerId), sk: 'PROFILE' });

/**
 * pk SELLER#{sellerId}, sk PRODUCT#{productId} (productId is a ULID: a seller's products list in creation
 * order). The units live in stock shards (see stock-shards.ts), not on this item; every shard carries
 * a copy of `status` and `priceFen`, written in the same transaction as this item.
 */
export interface ProductItem {
  productId: string;
  sellerId: string;
  title: string;
  description?: string;
  unit: ProductUnit;
  priceFen: number;
  category?: string;
  status: ProductStatus;
  stockShards: number;
  createdAt: string;
  updatedAt: string;
}
export const PRODUCT_SK_PREFIX = 'PRODUCT#';
export const productKey = (sellerId: string, productId: string) => ({ pk: sellerPk(sellerId), sk: `${PRODUCT_SK_PREFIX}${productId}` });
/** Sparse: only ACTIVE products carry these attributes, so the index lists exactly what buyers may see. */
export const activeProductIndexKeys = (sellerId: string, productId: string) => ({
  gsi1pk: activeProductsPartition(sellerId),
  gsi1sk: `${PRODUCT_SK_PREFIX}${productId}`,
});
export const activeProductsPartition = (sellerId: string) => `ACTIVE_PRODUCTS#${sellerId}`;

/**
 * pk SELLER#{sellerId}, sk PIN#CURRENT: the seller's current pin. A flash pin's units are set aside on
 * the product's own stock shards (stock-moves.ts), in the same transaction that writes this item;
 * `flashStockShards` is the product's shard count, so that replacing or removing the pin can release
 * them. A pin without flash pricing has `flashPriceFen`, `flashStock` null and `flashStockShards` 0.
 */
export interface PinItem {
  pinId: string;
  sellerId: string;
  productId: string;
  /** The product's title when it was pinned (for the live list; never used for pricing). */
  productTitle?: string;
  flashPriceFen: number | null;
  flashStock: number | null;
  flashStockShards: number;
  perBuyerLimit: number | null;
  startsAt: string;
  endsAt: string;
}
export const currentPinKey = (sellerId: string) => ({ pk: sellerPk(sellerId), sk: 'PIN#CURRENT' });

/**
 * pk PINLOG#{sellerId}, sk {startsAt}#{pinId}: every pin made, written in the pin's own transaction, so
 * a replay can list the pins made during its recording (a Query by time range). Its own partition (not
 * SELLER#) keeps the replay function's read grant off everything else a seller owns.
 */
export interface PinLogItem {
  pinId: string;
  sellerId: string;
  productId: string;
  productTitle?: string;
  startsAt: string;
  expiresAt: number;
}
export const PIN_LOG_RETENTION_DAYS = 400;
export const pinLogPartition = (sellerId: string) => `PINLOG#${sellerId}`;
export const pinLogKey = (sellerId: string, startsAt: string, pinId: string) => ({ pk: pinLogPartition(sellerId), sk: `${startsAt}#${pinId}` });

/**
 * pk SELLER#{sellerId}, sk CHANNEL: the seller's IVS channel and chat room. Written first as a CREATING
 * claim (a conditional put, so concurrent calls create one channel), filled in as the IVS resources
 * are created, then READY. The stream key's value is never stored: it is read from IVS when needed.
 */
export interface ChannelItem {
  sellerId: string;
  state: 'CREATING' | 'READY';
  /** Which invocation may build the channel; a stale claim (crashed creator) can be taken over. */
  claimId: string;
  claimedAt: string;
  channelName: string;
  channelArn?: string;
  ingestEndpoint?: string;
  playbackUrl?: string;
  streamKeyArn?: string;
  chatRoomArn?: string;
  createdAt: string;
  updatedAt: string;
}
export const channelKey = (sellerId: string) => ({ pk: sellerPk(sellerId), sk: 'CHANNEL' });

/** pk CHANNEL#{channelArn}, sk CHANNEL: which seller an IVS event's channel belongs to. */
export interface ChannelLookupItem {
  channelArn: string;
  sellerId: string;
}
export const channelLookupKey = (channelArn: string) => ({ pk: `CHANNEL#${channelArn}`, sk: 'CHANNEL' });

/**
 * pk COUNTY_CHANNELS, sk {countyCode}: a county's official channel and chat room, written by the
 * county-channel provisioner (a CDK custom resource) and, locally, by the IVS wiring. One partition:
 * the functions read the whole list in one Query (270 counties ≈ 80 KB).
 */
export const COUNTY_CHANNELS_PARTITION = 'COUNTY_CHANNELS';
export const countyChannelKey = (countyCode: string) => ({ pk: COUNTY_CHANNELS_PARTITION, sk: countyCode });

/** pk ROOM#{chatRoomArn}, sk ROOM: which seller a chat room (e.g. a review event's RoomArn) belongs to. */
export interface ChatRoomLookupItem {
  chatRoomArn: string;
  sellerId: string;
}
export const chatRoomLookupKey = (chatRoomArn: string) => ({ pk: `ROOM#${chatRoomArn}`, sk: 'ROOM' });

/**
 * pk SELLER#{sellerId} or COUNTY#{countyCode}, sk LIVE: whether the broadcaster's channel is live, as
 * last observed. `stateVersion` orders observations (see domain/live-status.ts): a write only lands
 * when it is newer, so late or repeated IVS events cannot flip the state back. While a seller is live
 * the item carries the gsi1/gsi2 keys (sparse live indexes); offline, they are removed.
 */
export interface LiveStatusItem {
  live: boolean;
  channelArn: string;
  stateVersion: string;
  streamId: string | null;
  startedAt: string | null;
  updatedAt: string;
  sellerId?: string;
  countyCode?: string;
  displayName?: string;
  playbackUrl?: string;
  /** Broadcasts (domain/broadcast.ts): a seller's go-live is announced once per broadcast, not per stream. */
  broadcastId?: string;
  broadcastStartedAt?: string;
  lastEndedAt?: string;
  announcedBroadcastId?: string;
}
export const sellerLiveKey = (sellerId: string) => ({ pk: sellerPk(sellerId), sk: 'LIVE' });
export const countyLiveKey = (countyCode: string) => ({ pk: `COUNTY#${countyCode}`, sk: 'LIVE' });
export const LIVE_ALL_PARTITION = 'LIVE';
export const liveCountyPartition = (countyCode: string) => `LIVE#${countyCode}`;
/** Newest broadcasts first when queried backwards. */
export const liveIndexKeys = (countyCode: string, startedAt: string, sellerId: string) => ({
  gsi1pk: LIVE_ALL_PARTITION,
  gsi1sk: `${startedAt}#${sellerId}`,
  gsi2pk: liveCountyPartition(countyCode),
  gsi2sk: `${startedAt}#${sellerId}`,
});

/**
 * pk SELLER#{sellerId}, sk CHAT#SETTINGS: the seller's chat moderation settings (absent = defaults).
 * `version` changes with every write, so the review handler compiles a changed term list once.
 */
export interface ChatSettingsItem {
  sellerId: string;
  blockedTerms: string[];
  slowModeSeconds: number;
  maskContacts: boolean;
  version: string;
  updatedAt: string;
}
export const chatSettingsKey = (sellerId: string) => ({ pk: sellerPk(sellerId), sk: 'CHAT#SETTINGS' });

/**
 * pk SELLER#{sellerId}, sk CHAT#BAN#{userId}: a user banned from the seller's chat room. A timed ban
 * carries `until` and the table's TTL attribute `expiresAt` (epoch seconds); TTL deletes lazily, so
 * readers still compare `until` with the clock.
 */
export interface ChatBanItem {
  sellerId: string;
  userId: string;
  until: string | null;
  reason: string | null;
  createdAt: string;
  expiresAt?: number;
}
export const CHAT_BAN_SK_PREFIX = 'CHAT#BAN#';
export const chatBanKey = (sellerId: string, userId: string) => ({ pk: sellerPk(sellerId), sk: `${CHAT_BAN_SK_PREFIX}${userId}` });

/**
 * pk SLOWMODE#{chatRoomArn}#{userId}, sk SLOWMODE: when the user's last message in the room passed slow
 * mode (`lastMessageAt`, epoch ms). Written only by the review handler, one conditional put per message
 * while slow mode is on; expires by TTL (`expiresAt`, epoch seconds) soon after the slow-mode window.
 */
export interface SlowModeItem {
  lastMessageAt: number;
  expiresAt: number;
}
export const SLOW_MODE_PK_PREFIX = 'SLOWMODE#';
export const slowModeKey = (chatRoomArn: string, userId: string) => ({ pk: `${SLOW_MODE_PK_PREFIX}${chatRoomArn}#${userId}`, sk: 'SLOWMODE' });
