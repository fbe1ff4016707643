import type { ChatRooms, RoomInput } from './chat-rooms';
import type { ChatSessions } from './chat-sessions';
import { chatErrors } from './errors';
import type { ChatCapability } from './model';
import { ok, type Operation } from './operation';
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

function readRoom(input: RequestReader): RoomInput {
  const handler = input.optionalObject('messageReviewHandler');
  return {
    name: input.optionalString('name', NAME),
    maximumMessageRatePerSecond: input.optionalInteger('maximumMessageRatePerSecond', 1, 100),
    maximumMessageLength: input.optionalInteger('maximumMessageLength', 1, 500),
    ...(handler
      ? {
          messageReviewHandler: {
            uri: handler.optionalString('uri', LAMBDA_ARN) ?? '',
            fallbackResult: handler.optionalEnum('fallbackResult', ['ALLOW', 'DENY']),
          },
        }
      : {}),
    tags: input.optionalTags(),
  };
}

/**
 * The Amazon IVS Chat operations the product calls, and SendEvent (for the coming sales ticker), keyed
 * by their restJson1 path (`POST /<OperationName>`).
 */
export function chatOperations(rooms: ChatRooms, sessions: ChatSessions): Record<string, Operation> {
  const roomOf = (input: RequestReader, field: string) => rooms.get(input.requiredString(field, ROOM_ARN));

  return {
    CreateRoom: ({ body }) => ok(rooms.create(readRoom(read(body)))),
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
