import { countyChannelName, countyRoomName, countyTags, type CountyChannelDeclaration, type CountyChannelRuntime } from '../../../lib/county-channels';

/** What every county channel and room gets, from the stage (and the chat capability's review handler). */
export interface CountySettings {
  stage: string;
  recordingConfigurationArn?: string | undefined;
  room: {
    maximumMessageLength: number;
    maximumMessageRatePerSecond: number;
    messageReviewHandler: { uri: string; fallbackResult: 'ALLOW' | 'DENY' };
  };
}

export interface NamedResource {
  name: string;
  arn: string;
}

export interface CountyIvs {
  /** Channels / rooms whose name starts with the prefix. */
  listChannels(namePrefix: string): Promise<NamedResource[]>;
  listRooms(namePrefix: string): Promise<NamedResource[]>;
  getPlaybackUrl(channelArn: string): Promise<string>;
  createChannel(name: string, tags: Record<string, string>, settings: CountySettings): Promise<{ arn: string; playbackUrl: string }>;
  updateChannel(arn: string, settings: CountySettings): Promise<void>;
  deleteChannel(arn: string): Promise<void>;
  createRoom(name: string, tags: Record<string, string>, settings: CountySettings): Promise<{ arn: string }>;
  updateRoom(arn: string, settings: CountySettings): Promise<void>;
  deleteRoom(arn: string): Promise<void>;
}

export interface CountyRecords {
  listCountyChannels(): Promise<readonly CountyChannelRuntime[]>;
  putCountyChannel(channel: CountyChannelRuntime): Promise<void>;
  deleteCountyChannel(countyCode: string): Promise<void>;
}

export interface ProvisionDeps {
  ivs: CountyIvs;
  records: CountyRecords;
}

export interface ProvisionOutcome {
  created: number;
  updated: number;
  deleted: number;
}

/**
 * Makes IVS and the catalog table hold exactly the `desired` county channels and rooms, with the
 * current settings. IVS names are the identity (`countyChannelName`): a channel that exists under its
 * name is updated, never created twice, so a run that failed half-way is simply run again. Channels
 * and rooms under the stage's county prefix that no desired county names are deleted, with their item.
 * Calls are made one at a time (the IVS adapter paces them under the 5 TPS quota).
 */
export async function provisionCountyChannels(
  { ivs, records }: ProvisionDeps,
  namePrefix: string,
  desired: readonly CountyChannelDeclaration[],
  settings: CountySettings,
): Promise<ProvisionOutcome> {
  const byName = (resources: NamedResource[]) => new Map(resources.map((resource) => [resource.name, resource.arn]));
  const channels = byName(await ivs.listChannels(namePrefix));
  const rooms = byName(await ivs.listRooms(namePrefix));
  const known = new Map((await records.listCountyChannels()).map((record) => [record.countyCode, record]));
  const outcome: ProvisionOutcome = { created: 0, updated: 0, deleted: 0 };
  const wantedChannels = new Set<string>();
  const wantedRooms = new Set<string>();

  for (const county of desired) {
    const tags = countyTags(settings.stage, county);
    const channelName = countyChannelName(settings.stage, county);
    const roomName = countyRoomName(settings.stage, county);
    wantedChannels.add(channelName);
    wantedRooms.add(roomName);
    const record = known.get(county.countyCode);

    let channelArn = channels.get(channelName);
    let playbackUrl: string;
    if (channelArn) {
      await ivs.updateChannel(channelArn, settings);
      playbackUrl = record?.channelArn === channelArn ? record.playbackUrl : await ivs.getPlaybackUrl(channelArn);
    } else {
      const created = await ivs.createChannel(channelName, tags, settings);
      channelArn = created.arn;
      playbackUrl = created.playbackUrl;
    }
    let chatRoomArn = rooms.get(roomName);
    if (chatRoomArn) await ivs.updateRoom(chatRoomArn, settings);
    else chatRoomArn = (await ivs.createRoom(roomName, tags, settings)).arn;

    const next: CountyChannelRuntime = { countyCode: county.countyCode, channelArn, playbackUrl, chatRoomArn };
    if (record) outcome.updated += 1;
    else outcome.created += 1;
    if (record?.channelArn !== next.channelArn || record.playbackUrl !== next.playbackUrl || record.chatRoomArn !== next.chatRoomArn) {
      await records.putCountyChannel(next);
    }
  }

  for (const [name, arn] of channels) if (!wantedChannels.has(name)) await ivs.deleteChannel(arn);
  for (const [name, arn] of rooms) if (!wantedRooms.has(name)) await ivs.deleteRoom(arn);
  const desiredCodes = new Set(desired.map((county) => county.countyCode));
  for (const countyCode of known.keys()) {
    if (!desiredCodes.has(countyCode)) {
      await records.deleteCountyChannel(countyCode);
      outcome.deleted += 1;
    }
  }
  return outcome;
}
