import type { FallbackResult } from '@aws-sdk/client-ivschat';
import type { AccountScope } from './account-scope';
import { formatArn } from './arns';
import { chatErrors } from './errors';
import { resourceId } from './ids';
import type { RoomRecord } from './model';

export const ROOM_DEFAULTS = { maximumMessageRatePerSecond: 10, maximumMessageLength: 500 } as const;

export interface ReviewHandlerInput {
  /** A Lambda function ARN; an empty string means no handler. */
  uri?: string;
  fallbackResult?: FallbackResult;
}

export interface RoomInput {
  name?: string;
  maximumMessageRatePerSecond?: number;
  maximumMessageLength?: number;
  messageReviewHandler?: ReviewHandlerInput;
  tags?: Record<string, string>;
}

/** IVS Chat rooms, in memory: configuration only; who is connected and what was said lives in ChatSessions. */
export class ChatRooms {
  private readonly rooms = new Map<string, RoomRecord>();

  constructor(private readonly scope: AccountScope) {}

  create(input: RoomInput): RoomRecord {
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
      loggingConfigurationIdentifiers: [],
    };
    if (input.messageReviewHandler?.uri) {
      room.messageReviewHandler = { uri: input.messageReviewHandler.uri, fallbackResult: input.messageReviewHandler.fallbackResult ?? 'ALLOW' };
    }
    this.rooms.set(room.arn, room);
    return room;
  }

  get(arn: string): RoomRecord {
    const room = this.rooms.get(arn);
    if (!room) throw chatErrors.notFound(arn);
    return room;
  }

  findByName(name: string): RoomRecord | undefined {
    return [...this.rooms.values()].find((room) => room.name === name);
  }

  roomsByTag(key: string, value: string): RoomRecord[] {
    return [...this.rooms.values()].filter((room) => room.tags[key] === value);
  }
}
