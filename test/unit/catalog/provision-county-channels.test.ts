import { describe, expect, it } from 'vitest';
import { countyNamePrefix, type CountyChannelRuntime } from '../../../lib/county-channels';
import { createPacer } from '../../../lambdas/catalog/domain/pacer';
import { provisionCountyChannels, type CountyIvs, type CountySettings, type NamedResource } from '../../../lambdas/catalog/use-cases/provision-county-channels';
import { seedCounties } from '../../support/seed-counties';

const settings: CountySettings = {
  stage: 'prod',
  recordingConfigurationArn: 'arn:aws:ivs:ap-northeast-1:1:recording-configuration/r',
  room: { maximumMessageLength: 200, maximumMessageRatePerSecond: 10, messageReviewHandler: { uri: 'arn:aws:lambda:x:1:function:review', fallbackResult: 'DENY' } },
};
const prefix = countyNamePrefix('prod');

/** IVS and the table in memory, counting every call by name. */
function fakes() {
  const channels = new Map<string, NamedResource & { playbackUrl: string }>();
  const rooms = new Map<string, NamedResource>();
  const records = new Map<string, CountyChannelRuntime>();
  const calls: Record<string, number> = {};
  const count = (name: string) => (calls[name] = (calls[name] ?? 0) + 1);
  let ids = 0;
  const ivs: CountyIvs = {
    listChannels: async (p) => (count('listChannels'), [...channels.values()].filter((c) => c.name.startsWith(p))),
    listRooms: async (p) => (count('listRooms'), [...rooms.values()].filter((r) => r.name.startsWith(p))),
    getPlaybackUrl: async (arn) => (count('getPlaybackUrl'), [...channels.values()].find((c) => c.arn === arn)!.playbackUrl),
    createChannel: async (name) => {
      count('createChannel');
      const arn = `arn:channel/${++ids}`;
      channels.set(name, { name, arn, playbackUrl: `https://play/${ids}.m3u8` });
      return { arn, playbackUrl: `https://play/${ids}.m3u8` };
    },
    updateChannel: async () => void count('updateChannel'),
    deleteChannel: async (arn) => void (count('deleteChannel'), channels.forEach((c, name) => c.arn === arn && channels.delete(name))),
    createRoom: async (name) => {
      count('createRoom');
      const arn = `arn:room/${++ids}`;
      rooms.set(name, { name, arn });
      return { arn };
    },
    updateRoom: async () => void count('updateRoom'),
    deleteRoom: async (arn) => void (count('deleteRoom'), rooms.forEach((r, name) => r.arn === arn && rooms.delete(name))),
  };
  const store = {
    listCountyChannels: async () => [...records.values()],
    putCountyChannel: async (channel: CountyChannelRuntime) => void (count('putCountyChannel'), records.set(channel.countyCode, channel)),
    deleteCountyChannel: async (code: string) => void (count('deleteCountyChannel'), records.delete(code)),
  };
  return { deps: { ivs, records: store }, channels, rooms, records, calls };
}

describe('county channel provisioning', () => {
  it('creates a channel and a room per county once, and records each in the table; running again creates nothing', async () => {
    const { deps, channels, rooms, records, calls } = fakes();
    const counties = seedCounties(270);
    expect(await provisionCountyChannels(deps, prefix, counties, settings)).toEqual({ created: 270, updated: 0, deleted: 0 });
    expect([channels.size, rooms.size, records.size]).toEqual([270, 270, 270]);
    expect(records.get('370102')).toEqual({ countyCode: '370102', channelArn: expect.stringMatching(/^arn:channel\//), playbackUrl: expect.stringMatching(/^https:/), chatRoomArn: expect.stringMatching(/^arn:room\//) });

    expect(await provisionCountyChannels(deps, prefix, counties, settings)).toEqual({ created: 0, updated: 270, deleted: 0 });
    expect(calls).toMatchObject({ createChannel: 270, createRoom: 270, updateChannel: 270, updateRoom: 270, putCountyChannel: 270 });
    expect(calls.getPlaybackUrl).toBeUndefined();
  });

  it('a run that failed after creating a channel reuses it by name on the next run (no duplicate), and reads its playback URL', async () => {
    const { deps, channels, records, calls } = fakes();
    const [county] = seedCounties(1);
    await deps.ivs.createChannel(`${prefix}${county!.slug}`, {}, settings);
    await provisionCountyChannels(deps, prefix, [county!], settings);
    expect(channels.size).toBe(1);
    expect(calls).toMatchObject({ createChannel: 1, updateChannel: 1, getPlaybackUrl: 1, createRoom: 1 });
    expect(records.get(county!.countyCode)!.channelArn).toBe([...channels.values()][0]!.arn);
  });

  it('a county removed from the stage loses its channel, room and item; delete (no county) removes them all', async () => {
    const { deps, channels, rooms, records } = fakes();
    const counties = seedCounties(3);
    await provisionCountyChannels(deps, prefix, counties, settings);
    expect(await provisionCountyChannels(deps, prefix, counties.slice(0, 2), settings)).toEqual({ created: 0, updated: 2, deleted: 1 });
    expect([channels.size, rooms.size, [...records.keys()]]).toEqual([2, 2, counties.slice(0, 2).map((c) => c.countyCode)]);
    await provisionCountyChannels(deps, prefix, [], settings);
    expect([channels.size, rooms.size, records.size]).toEqual([0, 0, 0]);
  });

  it('leaves channels outside the stage county prefix alone (seller channels, other stages)', async () => {
    const { deps, channels } = fakes();
    await deps.ivs.createChannel('village-live-prod-seller-zhang', {}, settings);
    await deps.ivs.createChannel('village-live-dev-county-c370102', {}, settings);
    await provisionCountyChannels(deps, prefix, [], settings);
    expect([...channels.keys()].sort()).toEqual(['village-live-dev-county-c370102', 'village-live-prod-seller-zhang']);
  });
});

describe('pacer', () => {
  it('spaces calls at least the interval apart (4 per second at 250 ms), without waiting before the first', async () => {
    let now = 0;
    const started: number[] = [];
    const paced = createPacer(250, { now: () => now, sleep: async (ms) => void (now += ms) });
    for (let i = 0; i < 5; i += 1) await paced(async () => void started.push(now));
    expect(started).toEqual([0, 250, 500, 750, 1000]);
  });
});
