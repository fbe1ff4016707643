import { notFound } from '../../core/errors';
import { profileView, publicProfileView } from '../domain/profile';
import type { SellerProfileItem } from '../model';
import type { Profiles } from './ports';

export interface ProfileDeps {
  profiles: Profiles;
}

export async function ownProfile({ profiles }: ProfileDeps, sellerId: string) {
  const profile = await profiles.getProfile(sellerId);
  if (!profile) throw notFound('Profile');
  return profileView(profile);
}

export async function saveProfile({ profiles }: ProfileDeps, profile: Omit<SellerProfileItem, 'createdAt' | 'updatedAt'>, now = new Date()) {
  return profileView(await profiles.putProfile(profile, now));
}

/** What buyers see of a seller. */
export async function publicSeller({ profiles }: ProfileDeps, sellerId: string) {
  const profile = await profiles.getProfile(sellerId);
  if (!profile) throw notFound('Seller');
  return publicProfileView(profile);
}
