import { findCounty, type County } from '../../core/counties';
import type { SellerProfileItem } from '../model';

/** Mainland China mobile numbers, with or without the +86 / 86 prefix; stored as the 11 digits. */
const CN_MOBILE = /^(?:\+?86)?(1[3-9]\d{9})$/;

export function normaliseCnMobile(raw: string): string | undefined {
  return CN_MOBILE.exec(raw.replace(/[\s-]/g, ''))?.[1];
}

export interface ProfileInput {
  displayName: string;
  countyCode: string;
  village: string;
  phone?: string | undefined;
}

export const countyFields = (county: County | undefined, countyCode: string) => ({
  countyCode,
  countyName: county?.countyName ?? null,
  provinceCode: county?.provinceCode ?? null,
  provinceName: county?.provinceName ?? null,
});

/** The owner's view: everything, names from the GB/T 2260 data. */
export function profileView(item: SellerProfileItem) {
  return {
    sellerId: item.sellerId,
    displayName: item.displayName,
    ...countyFields(findCounty(item.countyCode), item.countyCode),
    village: item.village,
    phone: item.phone ?? null,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
}

/** What anyone signed in may see: no phone number. */
export function publicProfileView(item: SellerProfileItem) {
  const { phone: _phone, ...view } = profileView(item);
  return view;
}
