import { notFound, validationFailed } from '../../core/errors';
import { profileView, publicProfileView, type ProfileInput } from '../domain/profile';
import type { SellerProfileItem } from '../model';
import type { Profiles, Villages } from './ports';

export interface ProfileDeps {
  profiles: Profiles;
  villages: Villages;
}

const villageOf = ({ villages }: ProfileDeps, item: SellerProfileItem) => (item.villageCode ? villages.findVillage(item.villageCode) : Promise.resolve(undefined));

export async function ownProfile(deps: ProfileDeps, sellerId: string) {
  const profile = await deps.profiles.getProfile(sellerId);
  if (!profile) throw notFound('Profile');
  return profileView(profile, await villageOf(deps, profile));
}

/** A villageCode must name a village or community of the data, inside the profile's county. */
export async function saveProfile(deps: ProfileDeps, { villageCode, ...input }: ProfileInput & { sellerId: string }, now = new Date()) {
  const village = villageCode === undefined ? undefined : await deps.villages.findVillage(villageCode);
  if (villageCode !== undefined && village?.countyCode !== input.countyCode) {
    const message = village ? `Not in county ${input.countyCode}` : 'Unknown village code';
    throw validationFailed('The village code is not a village of that county', [{ path: 'body.villageCode', message }]);
  }
  const saved = await deps.profiles.putProfile({ ...input, ...(village ? { villageCode: village.villageCode, townCode: village.townCode } : {}) }, now);
  return profileView(saved, village);
}

/** What buyers see of a seller. */
export async function publicSeller(deps: ProfileDeps, sellerId: string) {
  const profile = await deps.profiles.getProfile(sellerId);
  if (!profile) throw notFound('Seller');
  return publicProfileView(profile, await villageOf(deps, profile));
}
