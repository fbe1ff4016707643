import { z } from 'zod';
import { readEnv } from '../../core/env';
import { COUNTY_CHANNELS_ENV, parseCountyChannels, type CountyChannelRuntime } from '../../../lib/county-channels';

/** This region's county channels, from COUNTY_CHANNELS (set by CDK and by the local runtime). */
const channels = parseCountyChannels(readEnv({ [COUNTY_CHANNELS_ENV]: z.string().optional() })[COUNTY_CHANNELS_ENV]);

export const countyChannel = (countyCode: string): CountyChannelRuntime | undefined =>
  channels.find((channel) => channel.countyCode === countyCode);

export const countyChannelByArn = (channelArn: string): CountyChannelRuntime | undefined =>
  channels.find((channel) => channel.channelArn === channelArn);

export const allCountyChannels = (): readonly CountyChannelRuntime[] => channels;
