import { describe, expect, it } from 'vitest';
import { LOCAL_CLOCK_HEADER } from '../../lambdas/core/http/local-clock';
import { api, tokenFor, uniqueId } from '../support/local-api';
import { CAO_COUNTY, detailPaths, expectError, newSeller, validProduct } from './catalog-helpers';

const ZHANGZHUANG = '371721121211';

describe("the seller's village (v1.1)", () => {
  it('PUT takes a villageCode; the profile, GET and the public profile add its village and town names', async () => {
    const sellerId = uniqueId('seller');
    const token = await tokenFor(sellerId, 'sellers');
    const put = await api('PUT', '/v1/seller/profile', { token, body: { displayName: '张大姐', countyCode: CAO_COUNTY, village: '张庄', villageCode: ZHANGZHUANG } });
    expect(put.status).toBe(200);
    const names = { villageCode: ZHANGZHUANG, villageName: '张庄村民委员会', townCode: '371721121', townName: '大集镇' };
    expect(put.body).toMatchObject(names);
    expect((await api('GET', '/v1/seller/profile', { token })).body).toEqual(put.body);
    const buyer = await tokenFor(uniqueId('buyer'), 'buyers');
    expect((await api('GET', `/v1/sellers/${sellerId}`, { token: buyer })).body).toMatchObject(names);
  });

  it.each([
    ['outside the county', '371722001001'],
    ['unknown', '371721121999'],
    ['not 12 digits', '37172112121'],
  ])('a villageCode %s is 400 VALIDATION_FAILED on body.villageCode', async (_what, villageCode) => {
    const seller = await newSeller({ profile: false });
    const response = await api('PUT', '/v1/seller/profile', { token: seller.token, body: { displayName: '张大姐', countyCode: CAO_COUNTY, village: '张庄', villageCode } });
    expectError(response, 400, 'VALIDATION_FAILED');
    expect(detailPaths(response)).toEqual(['body.villageCode']);
    expectError(await api('GET', '/v1/seller/profile', { token: seller.token }), 404, 'NOT_FOUND');
  });
});

describe(`${LOCAL_CLOCK_HEADER} on profile and product writes (local runtime)`, () => {
  it('a profile written "in the past" carries that instant as createdAt and updatedAt', async () => {
    const seller = await newSeller({ profile: false });
    const at = '2025-01-15T02:30:00.000Z';
    const put = await api('PUT', '/v1/seller/profile', {
      token: seller.token,
      headers: { [LOCAL_CLOCK_HEADER]: at },
      body: { displayName: '张大姐', countyCode: CAO_COUNTY, village: '张庄' },
    });
    expect(put.body).toMatchObject({ createdAt: at, updatedAt: at });
    const later = '2025-02-01T00:00:00.000Z';
    const again = await api('PUT', '/v1/seller/profile', { token: seller.token, headers: { [LOCAL_CLOCK_HEADER]: later }, body: { displayName: '张大姐', countyCode: CAO_COUNTY, village: '张庄' } });
    expect(again.body).toMatchObject({ createdAt: at, updatedAt: later });
  });

  it('products created and changed "in the past" carry those instants', async () => {
    const seller = await newSeller();
    const at = '2025-01-16T03:00:00.000Z';
    const created = await api('POST', '/v1/seller/products', { token: seller.token, headers: { [LOCAL_CLOCK_HEADER]: at }, body: validProduct() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ createdAt: at, updatedAt: at });
    const later = '2025-01-17T03:00:00.000Z';
    const patched = await api('PATCH', `/v1/seller/products/${created.body.productId}`, { token: seller.token, headers: { [LOCAL_CLOCK_HEADER]: later }, body: { priceFen: 999 } });
    expect(patched.body).toMatchObject({ createdAt: at, updatedAt: later });
  });
});
