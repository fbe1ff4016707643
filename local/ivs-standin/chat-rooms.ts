import type { FallbackResult } from '@aws-sdk/client-ivschat';
import type { AccountScope } from './account-scope';
import { formatArn } from './arns';
import { chatErrors } from './errors';
import { resourceId } from './ids';
import type { RoomRecord } from './model';
import type { ResourceStore } from './resource-store';

export const ROOM_DEFAULTS = { maximumMessageRatePerSecond: 10, maximumMessageLength: 500 } as const;

export interface ReviewHandlerInput {
  /** A Lambda function ARN; an empty string removes the handler. */
  uri?: string;
  fallbackResult?: FallbackResult;
}

export interface RoomInput {
  name?: string;
  maximumMessageRatePerSecond?: number;
  maximumMessageLength?: number;
  messageReviewHandler?: ReviewHandlerInput;
  loggingConfigurationIdentifiers?: string[];
}

export interface RoomFilter {
  name?: string;
  messageReviewHandlerUri?: string;
}

/** IVS Chat rooms: configuration only; who is connected and what was said lives in ChatSessions. */
export class ChatRooms {
  constructor(
    private readonly scope: AccountScope,
    private readonly store: ResourceStore,
  ) {}

  create(input: RoomInput & { tags?: Record<string, string> }): RoomRecord {
    const id = resourceId();
    const now = new Date().toISOString();
    const { region, accountId } = this.scope;
    const room: RoomRecord = {
      arn: formatArn({ service: 'ivschat', region, accountId, resourceType: 'room', resourceId: id }),
      id,
      name: input.name ?? '',
      createTime: now,
      updateTime: now,
      maximumMessageRatePerSecond: input.maximumMessageRatePerSecond ?? ROOM_DEFAULTS.maximumMessageRatePerSecond,
      maximumMessageLength: input.maximumMessageLength ?? ROOM_DEFAULTS.maximumMessageLength,
      tags: input.tags ?? {},
      loggingConfigurationIdentifiers: input.loggingConfigurationIdentifiers ?? [],
    };
    const handler = reviewHandler(input.messageReviewHandler);
    if (handler) room.messageReviewHandler = handler;
    this.store.rooms.set(room.arn, room);
    this.store.persist();
    return room;
  }

  get(arn: string): RoomRecord {
    const room = this.store.rooms.get(arn);
    if (!room) throw chatErrors.notFound(arn);
    return room;
  }

  update(arn: string, patch: RoomInput): RoomRecord {
    const room = this.get(arn);
    if (patch.name !== undefined) room.name = patch.name;
    if (patch.maximumMessageRatePerSecond !== undefined) room.maximumMessageRatePerSecond = patch.maximumMessageRatePerSecond;
    if (patch.maximumMessageLength !== undefined) room.maximumMessageLength = patch.maximumMessageLength;
    if (patch.loggingConfigurationIdentifiers !== undefined) {
      room.loggingConfigurationIdentifiers = patch.loggingConfigurationIdentifiers;
    }
    if (patch.messageReviewHandler !== undefined) {
      const handler = reviewHandler(patch.messageReviewHandler);
      if (handler) room.messageReviewHandler = handler;
      else delete room.messageReviewHandler;
    }
    room.updateTime = new Date().toISOString();
    this.store.persist();
    return room;
  }

  delete(arn: string): void {
    this.get(arn);
    this.store.rooms.delete(arn);
    this.store.persist();
  }

  list(filter: RoomFilter): RoomRecord[] {
    return [...this.store.rooms.values()].filter(
      (room) =>
        (filter.name === undefined || room.name === filter.name) &&
        (filter.messageReviewHandlerUri === undefined || room.messageReviewHandler?.uri === filter.messageReviewHandlerUri),
    );
  }

  findByName(name: string): RoomRecord | undefined {
    return [...this.store.rooms.values()].find((room) => room.name === name);
  }

  findByTag(key: string, value: string): RoomRecord | undefined {
    return [...this.store.rooms.values()].find((room) => room.tags[key] === value);
  }
}

function reviewHandler(input: ReviewHandlerInput | undefined): RoomRecord['messageReviewHandler'] {
  if (!input?.uri) return undefined;
  return { uri: input.uri, fallbackResult: input.fallbackResult ?? 'ALLOW' };
}
