import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type {
  ChannelRecord,
  PersistedResources,
  RecordingConfigurationRecord,
  RoomRecord,
  StreamKeyRecord,
} from './model';

/** Channels, stream keys, recording configurations and rooms, keyed by ARN; optionally kept in a JSON file. */
export class ResourceStore {
  readonly channels = new Map<string, ChannelRecord>();
  readonly streamKeys = new Map<string, StreamKeyRecord>();
  readonly recordingConfigurations = new Map<string, RecordingConfigurationRecord>();
  readonly rooms = new Map<string, RoomRecord>();

  constructor(private readonly stateFile?: string) {
    if (stateFile) this.load(stateFile);
  }

  /** Call after every change; a no-op without a state file. */
  persist(): void {
    if (!this.stateFile) return;
    const snapshot: PersistedResources = {
      version: 1,
      channels: [...this.channels.values()],
      streamKeys: [...this.streamKeys.values()],
      recordingConfigurations: [...this.recordingConfigurations.values()],
      rooms: [...this.rooms.values()],
    };
    mkdirSync(dirname(this.stateFile), { recursive: true });
    // Write-then-rename so a crash mid-write never leaves a truncated state file behind.
    const temporary = `${this.stateFile}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(snapshot, null, 2)}\n`);
    renameSync(temporary, this.stateFile);
  }

  private load(stateFile: string): void {
    let text: string;
    try {
      text = readFileSync(stateFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const snapshot = JSON.parse(text) as PersistedResources;
    if (snapshot.version !== 1) throw new Error(`Unsupported IVS stand-in state file version in ${stateFile}`);
    for (const channel of snapshot.channels) this.channels.set(channel.arn, channel);
    for (const key of snapshot.streamKeys) this.streamKeys.set(key.arn, key);
    for (const config of snapshot.recordingConfigurations) this.recordingConfigurations.set(config.arn, config);
    for (const room of snapshot.rooms) this.rooms.set(room.arn, room);
  }
}
