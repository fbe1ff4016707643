import { z } from 'zod';

/**
 * County channels: each county in the stage config's `ivs.countyChannels` gets one official IVS channel
 * (the county e-commerce park's own broadcast) and one IVS Chat room. CDK deploys them; the local
 * runtime creates the same ones in its IVS stand-in. Both build them from these functions, and hand
 * the functions their ARNs and playback URLs through the COUNTY_CHANNELS environment variable.
 * Pure: no CDK or SDK import.
 */
export interface CountyChannelDeclaration {
  readonly countyCode: string;
  /** ASCII suffix for resource names (IVS names allow only `[a-zA-Z0-9-_]`). */
  readonly slug: string;
}

export const COUNTY_CHANNELS_ENV = 'COUNTY_CHANNELS';
export const COUNTY_CODE_TAG = 'village-live:county-code';

/** Channel settings shared by county channels and seller channels. */
export const CHANNEL_SETTINGS = { latencyMode: 'LOW', type: 'STANDARD' } as const;

export const countyChannelName = (stage: string, county: CountyChannelDeclaration) => `village-live-${stage}-county-${county.slug}`;
export const countyRoomName = (stage: string, county: CountyChannelDeclaration) => `village-live-${stage}-county-${county.slug}-chat`;
export const countyTags = (stage: string, county: CountyChannelDeclaration): Record<string, string> => ({
  [COUNTY_CODE_TAG]: county.countyCode,
  'village-live:stage': stage,
});

const countyChannelRuntimeSchema = z.object({
  countyCode: z.string().regex(/^\d{6}$/),
  channelArn: z.string().min(1),
  playbackUrl: z.string().min(1),
  chatRoomArn: z.string().min(1),
});
export type CountyChannelRuntime = z.infer<typeof countyChannelRuntimeSchema>;

export const encodeCountyChannels = (channels: readonly CountyChannelRuntime[]) => JSON.stringify(channels);

/** Parses COUNTY_CHANNELS; a malformed value throws (functions read it at init, so a bad deploy fails fast). */
export function parseCountyChannels(json: string | undefined): CountyChannelRuntime[] {
  if (json === undefined || json.trim() === '') return [];
  return z.array(countyChannelRuntimeSchema).parse(JSON.parse(json));
}
