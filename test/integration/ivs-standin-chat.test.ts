import {
  CreateChatTokenCommand,
  CreateRoomCommand,
  DisconnectUserCommand,
  IvschatClient,
  IvschatServiceException,
  ResourceNotFoundException,
  SendEventCommand,
  ValidationException,
} from '@aws-sdk/client-ivschat';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startIvsStandIn, type ChatMessageReviewEvent, type IvsStandIn } from '../../local/ivs-standin';
import { ManualClock } from '../support/manual-clock';

const REVIEW_LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:chat-review';
const FAILING_LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:failing-review';
const INVALID_LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:invalid-review';
const MISSING_LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:not-deployed';
const unknownRoomArn = 'arn:aws:ivschat:us-east-1:123456789012:room/AAAAbbbbCCCC';

/** Whether `promise` has settled once every callback already queued has run: no waiting on time. */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

/** A stand-in on a hand-stepped clock whose review handler never answers. */
async function standInWithSilentHandler(clock: ManualClock, reviewTimeoutMs?: number) {
  const silent = () => new Promise<never>(() => {});
  return startIvsStandIn({ clock, resolveReviewHandler: () => silent, ...(reviewTimeoutMs === undefined ? {} : { reviewTimeoutMs }) });
}

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe('IVS stand-in, Amazon IVS Chat', () => {
  let standIn: IvsStandIn;
  let chat: IvschatClient;
  const reviewEvents: ChatMessageReviewEvent[] = [];

  // A stand-in for the review Lambda: denies "spam", masks digits, allows the rest.
  const reviewHandler = async (event: ChatMessageReviewEvent) => {
    reviewEvents.push(event);
    if (event.Content.includes('spam')) return { ReviewResult: 'DENY', Content: event.Content, Attributes: { Reason: 'blocked term' } };
    return { ReviewResult: 'ALLOW', Content: event.Content.replace(/\d/g, '*'), Attributes: {} };
  };
  const handlers: Record<string, (event: ChatMessageReviewEvent) => Promise<unknown>> = {
    [REVIEW_LAMBDA]: reviewHandler,
    [FAILING_LAMBDA]: async () => {
      throw new Error('handler crashed');
    },
    [INVALID_LAMBDA]: async () => ({ ReviewResult: 'MAYBE', Content: 'x' }),
  };

  beforeAll(async () => {
    standIn = await startIvsStandIn({ resolveReviewHandler: (arn) => handlers[arn] });
    chat = new IvschatClient({
      endpoint: standIn.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    chat.destroy();
    await standIn.stop();
  });

  const createRoom = (name: string, uri?: string, fallbackResult: 'ALLOW' | 'DENY' = 'ALLOW') =>
    chat.send(
      new CreateRoomCommand({
        name,
        ...(uri ? { messageReviewHandler: { uri, fallbackResult } } : {}),
        tags: { sellerId: name },
      }),
    );

  it('creates a room with a review handler, limits and tags', async () => {
    const created = await chat.send(
      new CreateRoomCommand({
        name: 'seller-zhang',
        messageReviewHandler: { uri: REVIEW_LAMBDA, fallbackResult: 'DENY' },
        maximumMessageLength: 300,
        maximumMessageRatePerSecond: 5,
        tags: { sellerId: 'zhang' },
      }),
    );

    expect(created.arn).toMatch(/^arn:aws:ivschat:us-east-1:123456789012:room\/[A-Za-z0-9]{12}$/);
    expect(created.id).toBe(created.arn!.split('/')[1]);
    expect(created.createTime).toBeInstanceOf(Date);
    expect(created).toMatchObject({
      name: 'seller-zhang',
      messageReviewHandler: { uri: REVIEW_LAMBDA, fallbackResult: 'DENY' },
      maximumMessageLength: 300,
      maximumMessageRatePerSecond: 5,
      tags: { sellerId: 'zhang' },
    });
    expect(standIn.roomsByTag('sellerId', 'zhang').map((room) => room.arn)).toEqual([created.arn]);
  });

  it('defaults a room to 500 characters, 10 messages/s, no review handler', async () => {
    const room = await chat.send(new CreateRoomCommand({}));

    expect(room).toMatchObject({ maximumMessageLength: 500, maximumMessageRatePerSecond: 10 });
    expect(room.messageReviewHandler).toBeUndefined();
  });

  it('answers an unknown room with ResourceNotFoundException (resourceType ROOM) and a malformed one with ValidationException', async () => {
    const calls = [
      chat.send(new CreateChatTokenCommand({ roomIdentifier: unknownRoomArn, userId: 'u' })),
      chat.send(new DisconnectUserCommand({ roomIdentifier: unknownRoomArn, userId: 'u' })),
      chat.send(new SendEventCommand({ roomIdentifier: unknownRoomArn, eventName: 'sale' })),
    ];

    for (const error of await Promise.all(calls.map(rejectionOf))) {
      expect(error).toBeInstanceOf(ResourceNotFoundException);
      expect(error).toBeInstanceOf(IvschatServiceException);
      expect(error.name).toBe('ResourceNotFoundException');
      expect((error as ResourceNotFoundException).resourceType).toBe('ROOM');
    }
    const malformed = await rejectionOf(chat.send(new DisconnectUserCommand({ roomIdentifier: 'room-1', userId: 'u' })));
    expect(malformed).toBeInstanceOf(ValidationException);
    expect((malformed as ValidationException).fieldList?.[0]?.name).toBe('roomIdentifier');
  });

  it('issues chat tokens and records them with their capabilities, attributes and expiry', async () => {
    const room = await createRoom('tokens');
    const before = Date.now();

    const buyer = await chat.send(
      new CreateChatTokenCommand({
        roomIdentifier: room.arn,
        userId: 'buyer-1',
        capabilities: ['SEND_MESSAGE'],
        attributes: { displayName: 'Li' },
      }),
    );
    const seller = await chat.send(
      new CreateChatTokenCommand({
        roomIdentifier: room.arn,
        userId: 'seller-1',
        capabilities: ['SEND_MESSAGE', 'DELETE_MESSAGE', 'DISCONNECT_USER'],
        sessionDurationInMinutes: 180,
      }),
    );

    expect(buyer.token).toBeTruthy();
    expect(buyer.tokenExpirationTime!.getTime() - before).toBeGreaterThanOrEqual(59_000);
    expect(buyer.sessionExpirationTime!.getTime() - before).toBeGreaterThanOrEqual(59 * 60_000);
    expect(seller.sessionExpirationTime!.getTime() - before).toBeGreaterThanOrEqual(179 * 60_000);
    expect(standIn.tokensIssued(room.arn!)).toEqual([
      expect.objectContaining({
        userId: 'buyer-1',
        capabilities: ['SEND_MESSAGE'],
        attributes: { displayName: 'Li' },
        sessionDurationInMinutes: 60,
        token: buyer.token,
      }),
      expect.objectContaining({
        userId: 'seller-1',
        capabilities: ['SEND_MESSAGE', 'DELETE_MESSAGE', 'DISCONNECT_USER'],
        sessionDurationInMinutes: 180,
        token: seller.token,
      }),
    ]);
  });

  it('rejects an unknown capability or an out-of-range session with ValidationException', async () => {
    const room = await createRoom('bad-tokens');

    const capability = await rejectionOf(
      chat.send(
        new CreateChatTokenCommand({ roomIdentifier: room.arn, userId: 'u', capabilities: ['BAN_USER' as 'SEND_MESSAGE'] }),
      ),
    );
    const duration = await rejectionOf(
      chat.send(new CreateChatTokenCommand({ roomIdentifier: room.arn, userId: 'u', sessionDurationInMinutes: 181 })),
    );

    expect(capability).toBeInstanceOf(ValidationException);
    expect(duration).toBeInstanceOf(ValidationException);
    expect(standIn.tokensIssued(room.arn!)).toEqual([]);
  });

  it('records DisconnectUser and SendEvent', async () => {
    const room = await createRoom('moderated');

    await chat.send(new DisconnectUserCommand({ roomIdentifier: room.arn, userId: 'troll', reason: 'banned' }));
    const sent = await chat.send(
      new SendEventCommand({ roomIdentifier: room.arn, eventName: 'pin', attributes: { productId: 'p-1' } }),
    );

    expect(standIn.disconnects(room.arn!)).toEqual([
      { roomArn: room.arn, userId: 'troll', reason: 'banned', at: expect.any(String) },
    ]);
    expect(standIn.eventsSent(room.arn!)).toEqual([
      { roomArn: room.arn, eventName: 'pin', attributes: { productId: 'p-1' }, id: sent.id, at: expect.any(String) },
    ]);
  });

  describe('message review', () => {
    it('invokes the review handler with the IVS Chat event, sender attributes taken from the token', async () => {
      const room = await createRoom('review-event', REVIEW_LAMBDA);
      await chat.send(
        new CreateChatTokenCommand({ roomIdentifier: room.arn, userId: 'buyer-7', attributes: { displayName: 'Wang' } }),
      );

      const reviewed = await standIn.reviewMessage(room.arn!, {
        userId: 'buyer-7',
        content: 'hello',
        attributes: { replyTo: 'm1' },
      });

      expect(reviewEvents.at(-1)).toEqual({
        Content: 'hello',
        MessageId: reviewed.messageId,
        RoomArn: room.arn,
        Attributes: { replyTo: 'm1' },
        Sender: { UserId: 'buyer-7', Attributes: { displayName: 'Wang' }, Ip: '127.0.0.1' },
      });
    });

    it('delivers what an ALLOW returns, which may be edited content', async () => {
      const room = await createRoom('review-allow', REVIEW_LAMBDA);

      const reviewed = await standIn.reviewMessage(room.arn!, { userId: 'b', content: 'call 13800138000' });

      expect(reviewed).toMatchObject({ reviewResult: 'ALLOW', content: 'call ***********', decidedBy: 'handler' });
      expect(reviewed.reason).toBeUndefined();
    });

    it('drops a DENY, passing Attributes.Reason back as the reason', async () => {
      const room = await createRoom('review-deny', REVIEW_LAMBDA);

      const reviewed = await standIn.reviewMessage(room.arn!, { userId: 'b', content: 'buy spam now' });

      expect(reviewed).toMatchObject({ reviewResult: 'DENY', reason: 'blocked term', decidedBy: 'handler' });
    });

    it.each(['ALLOW', 'DENY'] as const)(
      'applies fallbackResult %s when the handler misses the 200 ms limit, without waiting for it',
      async (fallbackResult) => {
        const clock = new ManualClock();
        const silent = await standInWithSilentHandler(clock);
        try {
          const room = silent.ensureRoom({ name: 'silent', messageReviewHandler: { uri: REVIEW_LAMBDA, fallbackResult } });

          const review = silent.reviewMessage(room.arn, { userId: 'b', content: 'original' });
          await vi.waitFor(() => expect(clock.pendingDelays()).toEqual([200]));
          clock.advance(199);
          const settledBeforeTheLimit = await isSettled(review);
          clock.advance(1);
          const settledAtTheLimit = await isSettled(review);

          expect(settledBeforeTheLimit).toBe(false);
          // The handler still has not answered: the fallback did not wait for it.
          expect(settledAtTheLimit).toBe(true);
          expect(await review).toMatchObject({
            reviewResult: fallbackResult,
            content: 'original',
            decidedBy: 'fallback',
            fallbackCause: 'timeout',
            durationMs: 200,
          });
        } finally {
          await silent.stop();
        }
      },
    );

    it.each([
      ['throws', FAILING_LAMBDA, 'error'],
      ['answers an invalid response', INVALID_LAMBDA, 'invalid-response'],
      ['is not deployed', MISSING_LAMBDA, 'handler-not-found'],
    ] as const)('applies the fallback when the handler %s', async (_label, uri, cause) => {
      const room = await createRoom(`review-${cause}`, uri, 'DENY');

      const reviewed = await standIn.reviewMessage(room.arn!, { userId: 'b', content: 'hi' });

      expect(reviewed).toMatchObject({ reviewResult: 'DENY', decidedBy: 'fallback', fallbackCause: cause });
    });

    it('honours a custom reviewTimeoutMs', async () => {
      const clock = new ManualClock();
      const quick = await standInWithSilentHandler(clock, 50);
      try {
        const room = quick.ensureRoom({ name: 'quick', messageReviewHandler: { uri: REVIEW_LAMBDA, fallbackResult: 'DENY' } });

        const review = quick.reviewMessage(room.arn, { userId: 'b', content: 'hi' });
        await vi.waitFor(() => expect(clock.pendingDelays()).toEqual([50]));
        clock.advance(50);

        expect(await review).toMatchObject({ reviewResult: 'DENY', fallbackCause: 'timeout', durationMs: 50 });
      } finally {
        await quick.stop();
      }
    });

    it('allows a message as sent in a room without a handler, and rejects one over maximumMessageLength', async () => {
      const room = await chat.send(new CreateRoomCommand({ name: 'no-handler', maximumMessageLength: 10 }));

      const short = await standIn.reviewMessage(room.arn!, { userId: 'b', content: 'hi there' });
      const long = await standIn.reviewMessage(room.arn!, { userId: 'b', content: 'much too long for this room' });

      expect(short).toMatchObject({ reviewResult: 'ALLOW', content: 'hi there', decidedBy: 'room' });
      expect(long).toMatchObject({ reviewResult: 'DENY', decidedBy: 'room', reason: 'MessageTooLong' });
    });

    it('rejects a review in an unknown room with ResourceNotFoundException', async () => {
      const error = await rejectionOf(standIn.reviewMessage(unknownRoomArn, { userId: 'b', content: 'hi' }));

      expect(error.name).toBe('ResourceNotFoundException');
    });
  });
});
