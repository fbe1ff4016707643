let rooms = 0;

/** A fresh room ARN, so that each test starts with an empty settings cache. */
export const newRoom = () => `arn:aws:ivschat:us-east-1:123456789012:room/test${Date.now().toString(36)}${(rooms += 1)}`;

/** The event IVS Chat sends to the message review handler. */
export const reviewEvent = (roomArn: string, content: string, userId = 'buyer-1') => ({
  Content: content,
  MessageId: 'AbCdEf123456',
  RoomArn: roomArn,
  Attributes: {},
  Sender: { UserId: userId, Attributes: {}, Ip: '203.0.113.7' },
});
