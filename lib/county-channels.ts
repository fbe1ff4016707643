import { z } from 'zod';

/**
 * County channels: each county in the stage config's `ivs.countyChannels` gets one official IVS channel
 * (the county e-commerce park's own broadcast) and one IVS Chat room. In AWS the county-channel
 * provisioner (lambdas/catalog/handlers/provision-county-channels.ts, a CDK custom resource) creates
 * them; the local runtime creates the same ones in its IVS stand-in. Either way their ARNs and playback
 * URLs land in the catalog table (model.ts `countyChannelKey`), never in an environment variable: 270
 * counties are ~90 KB, and a function's environment holds 4 KB. Pure: no CDK or SDK import.
 */
export interface CountyChannelDeclaration {
  readonly countyCode: string;
  /** ASCII suffix for resource names (IVS names allow only `[a-zA-Z0-9-_]`). */
  readonly slug: string;
}

export const COUNTY_CODE_TAG = 'village-live:county-code';

/** Channel settings shared by county channels and seller channels. */
export const CHANNEL_SETTINGS = { latencyMode: 'LOW', type: 'STANDARD' } as const;

/** Every county channel and room name of a stage starts with this (the provisioner lists by it). */
export const countyNamePrefix = (stage: string) => `village-live-${stage}-county-`;
export const countyChannelName = (stage: string, county: CountyChannelDeclaration) => `${countyNamePrefix(stage)}${county.slug}`;
export const countyRoomName = (stage: string, county: CountyChannelDeclaration) => `${countyNamePrefix(stage)}${county.slug}-chat`;
export const countyTags = (stage: string, county: CountyChannelDeclaration): Record<string, string> => ({
  [COUNTY_CODE_TAG]: county.countyCode,
  'village-live:stage': stage,
});

export const countyChannelRuntimeSchema = z.object({
  countyCode: z.string().regex(/^\d{6}$/),
  channelArn: z.string().min(1),
  playbackUrl: z.string().min(1),
  chatRoomArn: z.string().min(1),
});
export type CountyChannelRuntime = z.infer<typeof countyChannelRuntimeSchema>;
