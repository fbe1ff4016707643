import type { ChatRooms, RoomInput } from './chat-rooms';
import type { ChatSessions } from './chat-sessions';
import { chatErrors } from './errors';
import type { ChatCapability, RoomRecord } from './model';
import { noContent, ok, type Operation } from './operation';
import { paginate } from './paging';
import { RequestReader, type StringRules } from './request-reader';

const ROOM_ARN: StringRules = {
  minLength: 1,
  maxLength: 128,
  pattern: /^arn:aws:ivschat:[a-z0-9-]+:[0-9]+:room\/[a-zA-Z0-9-]+$/,
};
const NAME: StringRules = { maxLength: 128, pattern: /^[a-zA-Z0-9-_]*$/ };
const LAMBDA_ARN: StringRules = { maxLength: 170, pattern: /^$|^arn:aws:lambda:[a-z0-9-]+:[0-9]{12}:function:.+/ };
const CAPABILITIES: readonly ChatCapability[] = ['SEND_MESSAGE', 'DISCONNECT_USER', 'DELETE_MESSAGE'];
const ATTRIBUTES_MAX_BYTES = 1024;

const read = (body: Record<string, unknown>) => new RequestReader(body, chatErrors.validation);

function readRoomSettings(input: RequestReader): RoomInput {
  const handler = input.optionalObject('messageReviewHandler');
  return {
    name: input.optionalString('name', NAME),
    maximumMessageRatePerSecond: input.optionalInteger('maximumMessageRatePerSecond', 1, 100),
    maximumMessageLength: input.optionalInteger('maximumMessageLength', 1, 500),
    loggingConfigurationIdentifiers: input.optionalStringList('loggingConfigurationIdentifiers'),
    ...(handler
      ? {
          messageReviewHandler: {
            uri: handler.optionalString('uri', LAMBDA_ARN) ?? '',
            fallbackResult: handler.optionalEnum('fallbackResult', ['ALLOW', 'DENY']),
          },
        }
      : {}),
  };
}

const roomSummary = (room: RoomRecord) => ({
  arn: room.arn,
  id: room.id,
  name: room.name,
  ...(room.messageReviewHandler ? { messageReviewHandler: room.messageReviewHandler } : {}),
  createTime: room.createTime,
  updateTime: room.updateTime,
  tags: room.tags,
  loggingConfigurationIdentifiers: room.loggingConfigurationIdentifiers,
});

/** Amazon IVS Chat operations, keyed by their restJson1 path (`POST /<OperationName>`). */
export function chatOperations(rooms: ChatRooms, sessions: ChatSessions): Record<string, Operation> {
  const roomOf = (input: RequestReader, field: string) => rooms.get(input.requiredString(field, ROOM_ARN));

  return {
    CreateRoom: ({ body }) => {
      const input = read(body);
      return ok(rooms.create({ ...readRoomSettings(input), tags: input.optionalTags() }));
    },
    GetRoom: ({ body }) => ok(roomOf(read(body), 'identifier')),
    UpdateRoom: ({ body }) => {
      const input = read(body);
      const arn = input.requiredString('identifier', ROOM_ARN);
      return ok(rooms.update(arn, readRoomSettings(input)));
    },
    DeleteRoom: ({ body }) => {
      rooms.delete(read(body).requiredString('identifier', ROOM_ARN));
      return noContent();
    },
    ListRooms: ({ body }) => {
      const input = read(body);
      const matching = rooms.list({
        name: input.optionalString('name', NAME),
        messageReviewHandlerUri: input.optionalString('messageReviewHandlerUri', LAMBDA_ARN),
      });
      const { page, nextToken } = paginate(
        matching,
        input.optionalInteger('maxResults', 1, 50) ?? 50,
        input.optionalString('nextToken'),
        () => chatErrors.validation('nextToken', 'is not valid'),
      );
      return ok({ rooms: page.map(roomSummary), ...(nextToken ? { nextToken } : {}) });
    },
    CreateChatToken: ({ body }) => {
      const input = read(body);
      const room = roomOf(input, 'roomIdentifier');
      const issued = sessions.issueToken(room.arn, {
        userId: input.requiredString('userId', { minLength: 1, maxLength: 128 }),
        capabilities: input.optionalStringList('capabilities', CAPABILITIES),
        sessionDurationInMinutes: input.optionalInteger('sessionDurationInMinutes', 1, 180),
        attributes: input.optionalStringMap('attributes', { maxTotalBytes: ATTRIBUTES_MAX_BYTES }),
      });
      return ok({
        token: issued.token,
        tokenExpirationTime: issued.tokenExpirationTime,
        sessionExpirationTime: issued.sessionExpirationTime,
      });
    },
    DisconnectUser: ({ body }) => {
      const input = read(body);
      const room = roomOf(input, 'roomIdentifier');
      sessions.disconnect(
        room.arn,
        input.requiredString('userId', { minLength: 1, maxLength: 128 }),
        input.optionalString('reason', { maxLength: 256 }),
      );
      return ok({});
    },
    DeleteMessage: ({ body }) => {
      const input = read(body);
      const room = roomOf(input, 'roomIdentifier');
      const id = sessions.deleteMessage(
        room.arn,
        input.requiredString('id', { minLength: 1, maxLength: 12, pattern: /^[a-zA-Z0-9]+$/ }),
        input.optionalString('reason', { maxLength: 256 }),
      );
      return ok({ id });
    },
    SendEvent: ({ body }) => {
      const input = read(body);
      const room = roomOf(input, 'roomIdentifier');
      const id = sessions.sendEvent(
        room.arn,
        input.requiredString('eventName', { minLength: 1, maxLength: 100 }),
        input.optionalStringMap('attributes', { maxTotalBytes: ATTRIBUTES_MAX_BYTES }) ?? {},
      );
      return ok({ id });
    },
  };
}
