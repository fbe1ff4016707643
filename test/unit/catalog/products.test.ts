import { describe, expect, it } from 'vitest';
import { newProductItem, productPatchUpdate, productView, sellerListStatuses } from '../../../lambdas/catalog/domain/products';

const now = new Date('2026-06-01T08:00:00Z');
const at = now.toISOString();

describe('products', () => {
  it('a new product is ACTIVE and leaves out absent optional fields', () => {
    const item = newProductItem('zhang', 'P1', { title: '西瓜', unit: 'jin', priceFen: 350, stock: 9, stockShards: 4 }, now);
    expect(item).toEqual({ productId: 'P1', sellerId: 'zhang', title: '西瓜', unit: 'jin', priceFen: 350, status: 'ACTIVE', stockShards: 4, createdAt: at, updatedAt: at });
    expect(productView(item, 9)).toMatchObject({ description: null, category: null, stock: 9 });
  });

  it('a PATCH sets what it names, clears nulls and stamps updatedAt', () => {
    expect(productPatchUpdate({ sellerId: 'zhang', productId: 'P1' }, { title: '新', priceFen: 1, description: null, stock: 5 }, now)).toEqual({
      set: { updatedAt: at, title: '新', priceFen: 1 },
      remove: ['description'],
    });
  });

  it('status moves the product in and out of the sparse index of ACTIVE products', () => {
    expect(productPatchUpdate({ sellerId: 'zhang', productId: 'P1' }, { status: 'ACTIVE' }, now)).toEqual({
      set: { updatedAt: at, status: 'ACTIVE', gsi1pk: 'ACTIVE_PRODUCTS#zhang', gsi1sk: 'PRODUCT#P1' },
      remove: [],
    });
    expect(productPatchUpdate({ sellerId: 'zhang', productId: 'P1' }, { status: 'HIDDEN' }, now)).toEqual({
      set: { updatedAt: at, status: 'HIDDEN' },
      remove: ['gsi1pk', 'gsi1sk'],
    });
  });

  it("the seller's own list leaves archived products out unless asked for them", () => {
    expect(sellerListStatuses(undefined)).toEqual(['ACTIVE', 'HIDDEN']);
    expect(sellerListStatuses('ARCHIVED')).toEqual(['ARCHIVED']);
  });
});
