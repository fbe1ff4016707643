import { describe, expect, it } from 'vitest';
import { api, tokenFor, uniqueId } from '../support/local-api';
import { CAO_COUNTY, detailPaths, expectError, newProduct, newSeller, validProduct } from './catalog-helpers';

describe('seller profile', () => {
  it('PUT creates the profile with county names from GB/T 2260, GET returns it', async () => {
    const sellerId = uniqueId('seller');
    const token = await tokenFor(sellerId, 'sellers');
    const body = { displayName: '张大爷', countyCode: CAO_COUNTY, village: '青固集村', phone: '+86 138-0013-8000' };
    const put = await api('PUT', '/v1/seller/profile', { token, body });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      sellerId,
      displayName: '张大爷',
      countyCode: '371721',
      countyName: '曹县',
      provinceCode: '37',
      provinceName: '山东省',
      village: '青固集村',
      villageCode: null,
      villageName: null,
      townCode: null,
      townName: null,
      phone: '13800138000',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const get = await api('GET', '/v1/seller/profile', { token });
    expect(get.status).toBe(200);
    expect(get.body).toEqual(put.body);
  });

  it('PUT again replaces the profile and keeps createdAt', async () => {
    const seller = await newSeller();
    const before = (await api('GET', '/v1/seller/profile', { token: seller.token })).body;
    const put = await api('PUT', '/v1/seller/profile', { token: seller.token, body: { displayName: '李大姐', countyCode: '371722', village: '李庄' } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ displayName: '李大姐', countyCode: '371722', countyName: '单县', phone: null, createdAt: before.createdAt });
  });

  it('GET before any PUT is 404', async () => {
    const seller = await newSeller({ profile: false });
    expectError(await api('GET', '/v1/seller/profile', { token: seller.token }), 404, 'NOT_FOUND');
  });

  it('rejects an unknown county code, a malformed phone and an over-long name, one detail each', async () => {
    const seller = await newSeller({ profile: false });
    const response = await api('PUT', '/v1/seller/profile', {
      token: seller.token,
      body: { displayName: '张'.repeat(61), countyCode: '999999', village: '村', phone: '12345' },
    });
    expectError(response, 400, 'VALIDATION_FAILED');
    expect(detailPaths(response).sort()).toEqual(['body.countyCode', 'body.displayName', 'body.phone']);
  });

  it('is for sellers only', async () => {
    const body = { displayName: 'x', countyCode: CAO_COUNTY, village: 'y' };
    expectError(await api('PUT', '/v1/seller/profile', { body }), 401, 'UNAUTHENTICATED');
    expectError(await api('GET', '/v1/seller/profile', { token: await tokenFor(uniqueId('buyer'), 'buyers') }), 403, 'FORBIDDEN');
  });

  it('GET /v1/sellers/{id} shows the public profile without the phone; unknown seller → 404', async () => {
    const sellerId = uniqueId('seller');
    const token = await tokenFor(sellerId, 'sellers');
    await api('PUT', '/v1/seller/profile', { token, body: { displayName: '王师傅', countyCode: CAO_COUNTY, village: '王庄', phone: '13900139000' } });
    const buyer = await tokenFor(uniqueId('buyer'), 'buyers');
    const response = await api('GET', `/v1/sellers/${sellerId}`, { token: buyer });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ sellerId, displayName: '王师傅', countyName: '曹县' });
    expect(response.body).not.toHaveProperty('phone');
    expect(response.text).not.toContain('13900139000');
    expectError(await api('GET', `/v1/sellers/${uniqueId('nobody')}`, { token: buyer }), 404, 'NOT_FOUND');
    expectError(await api('GET', `/v1/sellers/${sellerId}`), 401, 'UNAUTHENTICATED');
  });
});

describe('products', () => {
  it('POST without a profile is 409 PROFILE_REQUIRED, and nothing is created', async () => {
    const seller = await newSeller({ profile: false });
    expectError(await api('POST', '/v1/seller/products', { token: seller.token, body: validProduct() }), 409, 'PROFILE_REQUIRED');
    const list = await api('GET', '/v1/seller/products', { token: seller.token });
    expect(list.body).toEqual({ items: [], nextCursor: null });
  });

  it('POST creates an ACTIVE product with its stock; GET reads it back', async () => {
    const seller = await newSeller();
    const product = await newProduct(seller, { description: '沙地西瓜，现摘现发', category: 'fruit' });
    expect(product).toEqual({
      productId: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
      sellerId: seller.sellerId,
      title: '曹县黄河滩西瓜',
      description: '沙地西瓜，现摘现发',
      unit: 'jin',
      priceFen: 350,
      stock: 100,
      stockShards: 1,
      category: 'fruit',
      status: 'ACTIVE',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const get = await api('GET', `/v1/seller/products/${product.productId}`, { token: seller.token });
    expect(get.status).toBe(200);
    expect(get.body).toEqual(product);
  });

  it('rejects each constraint class with a detail on the field', async () => {
    const seller = await newSeller();
    const cases: [Record<string, unknown>, string][] = [
      [{ title: '瓜'.repeat(81) }, 'body.title'],
      [{ title: '' }, 'body.title'],
      [{ unit: 'ton' }, 'body.unit'],
      [{ priceFen: 0 }, 'body.priceFen'],
      [{ priceFen: 3.5 }, 'body.priceFen'],
      [{ stock: 1_000_001 }, 'body.stock'],
      [{ stock: -1 }, 'body.stock'],
      [{ description: 'x'.repeat(2001) }, 'body.description'],
      [{ stockShards: 33 }, 'body.stockShards'],
    ];
    for (const [override, path] of cases) {
      const response = await api('POST', '/v1/seller/products', { token: seller.token, body: validProduct(override) });
      expectError(response, 400, 'VALIDATION_FAILED');
      expect(detailPaths(response)).toEqual([path]);
    }
    const missing = await api('POST', '/v1/seller/products', { token: seller.token, body: { title: '瓜' } });
    expect(detailPaths(missing).sort()).toEqual(['body.priceFen', 'body.stock', 'body.unit']);
  });

  it('a sharded product sums its shards, and PATCH stock sets the new total', async () => {
    const seller = await newSeller();
    const product = await newProduct(seller, { stock: 1001, stockShards: 16 });
    expect(product).toMatchObject({ stock: 1001, stockShards: 16 });
    const patched = await api('PATCH', `/v1/seller/products/${product.productId}`, { token: seller.token, body: { stock: 37 } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ stock: 37, stockShards: 16, title: product.title });
    const zero = await api('PATCH', `/v1/seller/products/${product.productId}`, { token: seller.token, body: { stock: 0 } });
    expect(zero.body.stock).toBe(0);
  });

  it('PATCH changes fields, clears a description with null, and refuses an empty patch', async () => {
    const seller = await newSeller();
    const product = await newProduct(seller, { description: '旧描述' });
    const patched = await api('PATCH', `/v1/seller/products/${product.productId}`, {
      token: seller.token,
      body: { title: '新西瓜', priceFen: 299, description: null },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ title: '新西瓜', priceFen: 299, description: null, stock: 100, createdAt: product.createdAt });
    expectError(await api('PATCH', `/v1/seller/products/${product.productId}`, { token: seller.token, body: {} }), 400, 'VALIDATION_FAILED');
    const bad = await api('PATCH', `/v1/seller/products/${product.productId}`, { token: seller.token, body: { status: 'ARCHIVED' } });
    expect(detailPaths(bad)).toEqual(['body.status']);
  });

  it("another seller's product is 404 on every seller route, and stays untouched", async () => {
    const owner = await newSeller();
    const other = await newSeller();
    const product = await newProduct(owner);
    const path = `/v1/seller/products/${product.productId}`;
    expectError(await api('GET', path, { token: other.token }), 404, 'NOT_FOUND');
    expectError(await api('PATCH', path, { token: other.token, body: { priceFen: 1 } }), 404, 'NOT_FOUND');
    expectError(await api('DELETE', path, { token: other.token }), 404, 'NOT_FOUND');
    expectError(await api('POST', '/v1/seller/pins', { token: other.token, body: { productId: product.productId } }), 404, 'NOT_FOUND');
    const unchanged = await api('GET', path, { token: owner.token });
    expect(unchanged.body).toMatchObject({ priceFen: 350, status: 'ACTIVE' });
  });

  it('a malformed product id is 400; an unknown one 404', async () => {
    const seller = await newSeller();
    const bad = await api('GET', '/v1/seller/products/not-a-ulid', { token: seller.token });
    expectError(bad, 400, 'VALIDATION_FAILED');
    expect(detailPaths(bad)).toEqual(['path.productId']);
    expectError(await api('GET', '/v1/seller/products/01J0000000000000000000000Z', { token: seller.token }), 404, 'NOT_FOUND');
  });

  it('HIDDEN products are not public; ARCHIVED ones are in no list but the archive', async () => {
    const seller = await newSeller();
    const visible = await newProduct(seller, { title: '看得见' });
    const hidden = await newProduct(seller, { title: '藏起来' });
    const archived = await newProduct(seller, { title: '下架了' });
    expect((await api('PATCH', `/v1/seller/products/${hidden.productId}`, { token: seller.token, body: { status: 'HIDDEN' } })).body.status).toBe('HIDDEN');
    expect((await api('DELETE', `/v1/seller/products/${archived.productId}`, { token: seller.token })).status).toBe(204);
    expect((await api('DELETE', `/v1/seller/products/${archived.productId}`, { token: seller.token })).status).toBe(204);

    const buyer = await tokenFor(uniqueId('buyer'), 'buyers');
    const publicList = await api('GET', `/v1/sellers/${seller.sellerId}/products`, { token: buyer });
    expect(publicList.status).toBe(200);
    expect(publicList.body.items.map((p: any) => p.productId)).toEqual([visible.productId]);
    expect(publicList.body.items[0]).not.toHaveProperty('stockShards');

    const own = await api('GET', '/v1/seller/products', { token: seller.token });
    expect(own.body.items.map((p: any) => [p.productId, p.status])).toEqual([
      [visible.productId, 'ACTIVE'],
      [hidden.productId, 'HIDDEN'],
    ]);
    const archive = await api('GET', '/v1/seller/products?status=ARCHIVED', { token: seller.token });
    expect(archive.body.items.map((p: any) => p.productId)).toEqual([archived.productId]);
    expectError(await api('PATCH', `/v1/seller/products/${archived.productId}`, { token: seller.token, body: { status: 'ACTIVE' } }), 404, 'NOT_FOUND');

    await api('PATCH', `/v1/seller/products/${hidden.productId}`, { token: seller.token, body: { status: 'ACTIVE' } });
    const again = await api('GET', `/v1/sellers/${seller.sellerId}/products`, { token: buyer });
    expect(again.body.items.map((p: any) => p.productId)).toEqual([visible.productId, hidden.productId]);
  });

  it('lists page by page in creation order, with cursors bound to the list', async () => {
    const seller = await newSeller();
    const created = [];
    for (let i = 0; i < 5; i += 1) created.push((await newProduct(seller, { title: `货品 ${i}` })).productId);
    await api('PATCH', `/v1/seller/products/${created[1]}`, { token: seller.token, body: { status: 'HIDDEN' } });

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response: any = await api('GET', `/v1/seller/products?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: seller.token });
      expect(response.status).toBe(200);
      seen.push(...response.body.items.map((p: any) => p.productId));
      cursor = response.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(created);
    expect(pages).toBe(3);

    const buyer = await tokenFor(uniqueId('buyer'), 'buyers');
    const firstPublic = await api('GET', `/v1/sellers/${seller.sellerId}/products?limit=2`, { token: buyer });
    expect(firstPublic.body.items.map((p: any) => p.productId)).toEqual([created[0], created[2]]);
    const secondPublic = await api('GET', `/v1/sellers/${seller.sellerId}/products?limit=2&cursor=${firstPublic.body.nextCursor}`, { token: buyer });
    expect(secondPublic.body.items.map((p: any) => p.productId)).toEqual([created[3], created[4]]);

    // A cursor is no key to another seller's list, nor to anything once altered.
    const ownCursor = (await api('GET', '/v1/seller/products?limit=1', { token: seller.token })).body.nextCursor;
    const other = await newSeller();
    expectError(await api('GET', `/v1/seller/products?cursor=${ownCursor}`, { token: other.token }), 400, 'VALIDATION_FAILED');
    const otherPublic = (await newSeller()).sellerId;
    expectError(await api('GET', `/v1/sellers/${otherPublic}/products?cursor=${firstPublic.body.nextCursor}`, { token: buyer }), 400, 'VALIDATION_FAILED');
    const forged = Buffer.from(JSON.stringify({ pk: `SELLER#${seller.sellerId}`, sk: 'PRODUCT#' })).toString('base64url');
    expectError(await api('GET', `/v1/seller/products?cursor=${forged}`, { token: other.token }), 400, 'VALIDATION_FAILED');
    expectError(await api('GET', '/v1/seller/products?cursor=%%%', { token: seller.token }), 400, 'VALIDATION_FAILED');
    expectError(await api('GET', '/v1/seller/products?limit=101', { token: seller.token }), 400, 'VALIDATION_FAILED');
  });

  it('product routes are for sellers', async () => {
    const buyer = await tokenFor(uniqueId('buyer'), 'buyers');
    expectError(await api('POST', '/v1/seller/products', { token: buyer, body: validProduct() }), 403, 'FORBIDDEN');
    expectError(await api('GET', '/v1/seller/products'), 401, 'UNAUTHENTICATED');
  });
});
