import { describe, expect, it } from 'vitest';
import { allow, deny, readReviewEvent } from '../../../lambdas/chat/review/event';

const roomArn = 'arn:aws:ivschat:us-east-1:123456789012:room/abcd1234';

describe('readReviewEvent', () => {
  it('reads IVS Chat\'s event', () => {
    expect(
      readReviewEvent({
        Content: '还有货吗',
        MessageId: 'm1',
        RoomArn: roomArn,
        Attributes: { replyTo: 'm0' },
        Sender: { UserId: 'buyer-1', Attributes: {}, Ip: '1.2.3.4' },
      }),
    ).toEqual({ content: '还有货吗', roomArn, senderId: 'buyer-1', attributes: { replyTo: 'm0' } });
  });

  it.each([undefined, null, 42, 'text', [], {}, { Content: 5 }, { Content: null }])('no message text in %j → undefined', (event) => {
    expect(readReviewEvent(event)).toBeUndefined();
  });

  it('keeps what it can from a partial event', () => {
    expect(readReviewEvent({ Content: 'hi', RoomArn: 7, Sender: 'me', Attributes: { a: 'x', b: 2, c: null } })).toEqual({
      content: 'hi',
      attributes: { a: 'x' },
    });
    expect(readReviewEvent({ Content: 'hi', RoomArn: '', Sender: { UserId: '' } })).toEqual({ content: 'hi', attributes: {} });
  });
});

describe('responses', () => {
  it('ALLOW carries the content viewers get and the message attributes', () => {
    expect(allow('a **** b', { replyTo: 'm0' })).toEqual({ ReviewResult: 'ALLOW', Content: 'a **** b', Attributes: { replyTo: 'm0' } });
  });

  it('DENY carries the reason in Attributes.Reason', () => {
    expect(deny('spam', 'BLOCKED_TERM')).toEqual({ ReviewResult: 'DENY', Content: 'spam', Attributes: { Reason: 'BLOCKED_TERM' } });
  });
});
