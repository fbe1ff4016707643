import { findCounty, type County } from '../../core/counties';
import type { Village } from '../../core/villages/lookup';
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
  villageCode?: string | undefined;
}

export const countyFields = (county: County | undefined, countyCode: string) => ({
  countyCode,
  countyName: county?.countyName ?? null,
  provinceCode: county?.provinceCode ?? null,
  provinceName: county?.provinceName ?? null,
});

/** Names of the profile's village (null when it has none, or the data no longer knows its code). */
export const villageFields = (item: Pick<SellerProfileItem, 'villageCode' | 'townCode'>, village: Village | undefined) => ({
  villageCode: item.villageCode ?? null,
  villageName: village?.villageName ?? null,
  townCode: item.townCode ?? null,
  townName: village?.townName ?? null,
});

/** The owner's view: everything, names from the GB/T 2260 data (`village`: item.villageCode's entry). */
export function profileView(item: SellerProfileItem, village?: Village) {
  return {
    sellerId: item.sellerId,
    displayName: item.displayName,
    ...countyFields(findCounty(item.countyCode), item.countyCode),
    village: item.village,
    ...villageFields(item, village),
    phone: item.phone ?? null,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
}

/** What anyone signed in may see: no phone number. */
export function publicProfileView(item: SellerProfileItem, village?: Village) {
  const { phone: _phone, ...view } = profileView(item, village);
  return view;
}
