import { randomUUID } from 'node:crypto';
import { stages } from '../../lib/config';
import { COUNTY_CODE_TAG } from '../../lib/county-channels';
import type { LocalExtension } from '../extension';
import type { ControlRequest, ControlResponse } from '../http-gateway';
import type { IvsExtension } from './ivs';

const envelope = (status: number, code: string, message: string): ControlResponse => ({
  status,
  body: { error: { code, message }, requestId: randomUUID() },
});

const isText = (value: unknown, max: number): value is string => typeof value === 'string' && value.length > 0 && value.length <= max;

/**
 * The chat side of the IVS stand-in, locally: `POST /_local/chat/messages` sends a message into a
 * room the way a chat client would, so IVS Chat's review call (200 ms limit, fallback and all) runs
 * the real review handler; two read-only routes show what CreateChatToken and DisconnectUser did
 * (capabilities, never the token itself). Uses the stand-in that the ivs wiring started.
 */
export function chatExtension(ivs: Pick<IvsExtension, 'standIn' | 'roomArnForSeller'>): LocalExtension {
  const roomOf = (target: { sellerId?: unknown; countyCode?: unknown }): string | undefined => {
    if (typeof target.sellerId === 'string') return ivs.roomArnForSeller(target.sellerId);
    if (typeof target.countyCode === 'string') return ivs.standIn?.roomsByTag(COUNTY_CODE_TAG, target.countyCode)[0]?.arn;
    return undefined;
  };
  const noRoom = () => envelope(404, 'NOT_FOUND', 'No chat room for that sellerId / countyCode');

  const sendMessage = async ({ body }: ControlRequest): Promise<ControlResponse> => {
    const request = (body ?? {}) as { sellerId?: unknown; countyCode?: unknown; userId?: unknown; content?: unknown };
    if (!isText(request.userId, 128) || typeof request.content !== 'string') {
      return envelope(400, 'VALIDATION_FAILED', 'Expected { sellerId | countyCode, userId, content }');
    }
    const roomArn = roomOf(request);
    const standIn = ivs.standIn;
    if (!roomArn || !standIn) return noRoom();
    const reviewed = await standIn.reviewMessage(roomArn, { userId: request.userId, content: request.content });
    return {
      status: 200,
      body: {
        reviewResult: reviewed.reviewResult,
        content: reviewed.content,
        ...(reviewed.reason === undefined ? {} : { reason: reviewed.reason }),
        decidedBy: reviewed.decidedBy,
        ...(reviewed.fallbackCause === undefined ? {} : { fallbackCause: reviewed.fallbackCause }),
      },
    };
  };

  const tokens = ({ query }: ControlRequest): ControlResponse => {
    const roomArn = roomOf(query);
    if (!roomArn || !ivs.standIn) return noRoom();
    const items = ivs.standIn
      .tokensIssued(roomArn)
      .filter((token) => query.userId === undefined || token.userId === query.userId)
      .map(({ userId, capabilities, attributes, sessionDurationInMinutes, issuedAt, sessionExpirationTime }) => ({
        userId,
        capabilities,
        attributes,
        sessionDurationInMinutes,
        issuedAt,
        sessionExpirationTime,
      }));
    return { status: 200, body: { roomArn, items } };
  };

  const disconnects = ({ query }: ControlRequest): ControlResponse => {
    const roomArn = roomOf(query);
    if (!roomArn || !ivs.standIn) return noRoom();
    return { status: 200, body: { roomArn, items: ivs.standIn.disconnects(roomArn) } };
  };

  // What SendEvent put in the room (the sales ticker's events), oldest first.
  const events = ({ query }: ControlRequest): ControlResponse => {
    const roomArn = roomOf(query);
    if (!roomArn || !ivs.standIn) return noRoom();
    const items = ivs.standIn.eventsSent(roomArn).map(({ eventName, attributes, at }) => ({ eventName, attributes, sentAt: at }));
    return { status: 200, body: { roomArn, items } };
  };

  return {
    name: 'chat',
    async start() {
      return {
        env: { CHAT_TOKEN_SESSION_MINUTES: String(stages.dev.ivs.chatTokenSessionMinutes) },
        controlRoutes: [
          { method: 'POST', path: '/_local/chat/messages', handle: sendMessage },
          { method: 'GET', path: '/_local/chat/tokens', handle: tokens },
          { method: 'GET', path: '/_local/chat/disconnects', handle: disconnects },
          { method: 'GET', path: '/_local/chat/events', handle: events },
        ],
      };
    },
  };
}
