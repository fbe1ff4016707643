/**
 * Catalog table items (single-table design, keys `pk`/`sk`, sparse indexes `gsi1`, `gsi2`).
 * Shared by the catalog, orders and chat capabilities; each capability owns the writes of its items.
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
  createdAt: string;
  updatedAt: string;
}
export const profileKey = (sellerId: string) => ({ pk: sellerPk(sellerId), sk: 'PROFILE' });

/**
 * pk SELLER#{sellerId}, sk PRODUCT#{productId} (productId is a ULID: a seller's products list in creation
 * order). The available units live in stock shards (see stock-shards.ts), not on this item.
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
export const productKey = (sellerId: string, productId: string) => ({ pk: sellerPk(sellerId), sk: `PRODUCT#${productId}` });

/**
 * pk SELLER#{sellerId}, sk PIN#CURRENT: the seller's current pin. A flash pin's discounted units live in
 * flash stock shards keyed by pinId (same shard count as the product's stock).
 */
export interface PinItem {
  pinId: string;
  sellerId: string;
  productId: string;
  flashPriceFen: number | null;
  flashStock: number | null;
  flashStockShards: number;
  perBuyerLimit: number | null;
  startsAt: string;
  endsAt: string;
}
export const currentPinKey = (sellerId: string) => ({ pk: sellerPk(sellerId), sk: 'PIN#CURRENT' });
