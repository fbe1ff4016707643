import { describe, expect, it, vi } from 'vitest';
import { createModeratorCache } from '../../../lambdas/chat/moderation/moderator-cache';
import type { SlowModeClaim } from '../../../lambdas/chat/domain/slow-mode';
import { createReviewer, type ReviewerOptions } from '../../../lambdas/chat/review/reviewer';
import { DEFAULT_ROOM_SETTINGS, NO_BANS, type RoomPolicy, type RoomSettingsCache } from '../../../lambdas/chat/review/room-settings';
import type { ActiveBans } from '../../../lambdas/chat/domain/bans';

const roomArn = 'arn:aws:ivschat:us-east-1:123456789012:room/abcd1234';
const never = () => new Promise<never>(() => {});
const event = (content: unknown, userId = 'buyer-1') => ({
  Content: content,
  MessageId: 'msg1',
  RoomArn: roomArn,
  Attributes: {},
  Sender: { UserId: userId, Attributes: {}, Ip: '1.2.3.4' },
});

function policy(overrides: Partial<RoomPolicy['settings']> = {}, sellerId = 'zhang', bans: ActiveBans = NO_BANS): RoomPolicy {
  return { sellerId, settings: { ...DEFAULT_ROOM_SETTINGS, version: JSON.stringify(overrides), ...overrides }, bans };
}

/** Moderation runs synchronously here: background builds never run, the scan matcher decides. */
const moderators = () => createModeratorCache({ queue: { add: () => undefined, pending: 0 } });

function reviewer(options: { room?: RoomPolicy; get?: RoomSettingsCache['get']; claim?: ReviewerOptions['claimSlowMode']; deadlineMs?: number; now?: number } = {}) {
  const room = options.room ?? policy();
  const claims: SlowModeClaim[] = [];
  const onSlowModeFailure = vi.fn();
  const onDeadline = vi.fn();
  const review = createReviewer({
    settings: { peek: () => room, get: options.get ?? (async () => room) },
    claimSlowMode: options.claim ?? (async (_room, _user, claim) => (claims.push(claim), 'claimed')),
    moderatorFor: moderators().get,
    clock: () => options.now ?? 1_000_000,
    deadlineMs: options.deadlineMs ?? 150,
    callTimeoutMs: 20,
    onSlowModeFailure,
    onDeadline,
  });
  return { review, claims, onSlowModeFailure, onDeadline };
}

describe('reviewer', () => {
  it('lets a clean message through untouched, with the attributes the apps use', async () => {
    const { review } = reviewer();
    expect(await review({ ...event('5斤装的苹果多少钱？3.5元一斤吗'), Attributes: { replyTo: 'AbCdEf123456', productId: '01J9ZQ4R8TPRODUCT' } })).toEqual({
      ReviewResult: 'ALLOW',
      Content: '5斤装的苹果多少钱？3.5元一斤吗',
      Attributes: { replyTo: 'AbCdEf123456', productId: '01J9ZQ4R8TPRODUCT' },
    });
  });

  describe('message attributes', () => {
    it('drops every key the apps do not use, and over-long values', async () => {
      const { review } = reviewer();
      const response = await review({
        ...event('还有货吗'),
        Attributes: { wechat: 'abc12345', link: 'https://evil.example', replyTo: 'x'.repeat(65), productId: 'p1', Reason: 'ALLOW' },
      });
      expect(response).toEqual({ ReviewResult: 'ALLOW', Content: '还有货吗', Attributes: { productId: 'p1' } });
    });

    it('a blocked term in a kept value denies the message', async () => {
      const { review } = reviewer({ room: policy({ blockedTerms: ['榴莲'] }) });
      expect(await review({ ...event('还有货吗'), Attributes: { replyTo: '榴 莲' } })).toEqual({
        ReviewResult: 'DENY',
        Content: '还有货吗',
        Attributes: { Reason: 'BLOCKED_TERM' },
      });
      expect((await review({ ...event('还有货吗'), Attributes: { productId: '加微信' } })).Attributes).toEqual({ Reason: 'BLOCKED_TERM' });
    });

    it('contact details in a kept value are masked, or deny the message, as in the content', async () => {
      const masking = reviewer({ room: policy({ maskContacts: true }) });
      const masked = await masking.review({ ...event('还有货吗'), Attributes: { replyTo: '13812345678' } });
      expect(masked).toEqual({ ReviewResult: 'ALLOW', Content: '还有货吗', Attributes: { replyTo: '***********' } });

      const denying = reviewer({ room: policy({ maskContacts: false }) });
      expect(await denying.review({ ...event('还有货吗'), Attributes: { productId: 'www.evil.com' } })).toEqual({
        ReviewResult: 'DENY',
        Content: '还有货吗',
        Attributes: { Reason: 'CONTACT_DETAILS' },
      });
    });
  });

  describe('bans', () => {
    it("denies a banned user's message (BANNED), whatever it says, and no slow-mode write is spent", async () => {
      const { review, claims } = reviewer({ room: policy({ slowModeSeconds: 30 }, 'zhang', new Map([['troll', null]])) });
      expect(await review(event('还有货吗', 'troll'))).toEqual({ ReviewResult: 'DENY', Content: '还有货吗', Attributes: { Reason: 'BANNED' } });
      expect((await review(event('还有货吗', 'buyer-1'))).ReviewResult).toBe('ALLOW');
      expect(claims).toHaveLength(1);
    });

    it('a timed ban applies until its end, then no more', async () => {
      const bans = new Map([['troll', 2_000_000]]);
      expect((await reviewer({ room: policy({}, 'zhang', bans), now: 1_999_999 }).review(event('hi', 'troll'))).Attributes).toEqual({ Reason: 'BANNED' });
      expect((await reviewer({ room: policy({}, 'zhang', bans), now: 2_000_000 }).review(event('hi', 'troll'))).ReviewResult).toBe('ALLOW');
    });

    it('applies the last known bans when the settings do not come in time', async () => {
      const { review } = reviewer({ room: policy({}, 'zhang', new Map([['troll', null]])), get: never, deadlineMs: 30 });
      expect((await review(event('hi', 'troll'))).Attributes).toEqual({ Reason: 'BANNED' });
    });
  });

  it("applies the seller's blocked terms and contact setting", async () => {
    const { review } = reviewer({ room: policy({ blockedTerms: ['榴莲'], maskContacts: false }) });
    expect(await review(event('卖 榴 莲 吗'))).toMatchObject({ ReviewResult: 'DENY', Attributes: { Reason: 'BLOCKED_TERM' } });
    expect(await review(event('打我电话 138 1234 5678'))).toMatchObject({ ReviewResult: 'DENY', Attributes: { Reason: 'CONTACT_DETAILS' } });
  });

  it('masks contact details when the seller asks for it', async () => {
    const { review } = reviewer({ room: policy({ maskContacts: true }) });
    const response = await review(event('打我电话13812345678'));
    expect(response.ReviewResult).toBe('ALLOW');
    expect(response.Content).not.toContain('13812345678');
    expect(response.Content).toHaveLength('打我电话13812345678'.length);
  });

  it.each([undefined, null, 42, 'hello', [], {}, { Content: 7 }, { Content: { text: 'x' } }])('answers a malformed event %j with a valid DENY', async (malformed) => {
    const { review } = reviewer();
    expect(await review(malformed)).toEqual({ ReviewResult: 'DENY', Content: '', Attributes: { Reason: 'INVALID_MESSAGE' } });
  });

  it('denies an empty message (IVS would refuse an ALLOW without content)', async () => {
    const { review } = reviewer();
    expect(await review(event(''))).toEqual({ ReviewResult: 'DENY', Content: '', Attributes: { Reason: 'EMPTY_MESSAGE' } });
  });

  it('reviews a message without room or sender with the default settings', async () => {
    const { review } = reviewer();
    expect(await review({ Content: 'hello' })).toEqual({ ReviewResult: 'ALLOW', Content: 'hello', Attributes: {} });
  });

  describe('slow mode', () => {
    it('is not touched while off', async () => {
      const { review, claims } = reviewer();
      await review(event('hi'));
      expect(claims).toEqual([]);
    });

    it('claims the window for each allowed message', async () => {
      const { review, claims } = reviewer({ room: policy({ slowModeSeconds: 30 }) });
      expect((await review(event('hi'))).ReviewResult).toBe('ALLOW');
      expect(claims).toEqual([{ lastMessageAt: 1_000_000, previousAtMost: 970_000, expiresAt: 1_000 + 30 + 60 }]);
    });

    it('denies a message that comes too soon', async () => {
      const { review } = reviewer({ room: policy({ slowModeSeconds: 30 }), claim: async () => 'too-soon' });
      expect(await review(event('hi again'))).toEqual({ ReviewResult: 'DENY', Content: 'hi again', Attributes: { Reason: 'SLOW_MODE' } });
    });

    it('does not spend a write on a message that is denied anyway', async () => {
      const { review, claims } = reviewer({ room: policy({ slowModeSeconds: 30, blockedTerms: ['榴莲'] }) });
      await review(event('榴莲'));
      expect(claims).toEqual([]);
    });

    it("spares the room's own seller", async () => {
      const { review, claims } = reviewer({ room: policy({ slowModeSeconds: 30 }, 'zhang') });
      expect((await review(event('大家好', 'zhang'))).ReviewResult).toBe('ALLOW');
      expect(claims).toEqual([]);
    });

    it('fails open when the write hangs or fails', async () => {
      const hanging = reviewer({ room: policy({ slowModeSeconds: 30 }), claim: never });
      expect((await hanging.review(event('hi'))).ReviewResult).toBe('ALLOW');
      expect(hanging.onSlowModeFailure).toHaveBeenCalledWith('timeout', undefined);
      const failing = reviewer({
        room: policy({ slowModeSeconds: 30 }),
        claim: async () => {
          throw new Error('ThrottlingException');
        },
      });
      expect((await failing.review(event('hi'))).ReviewResult).toBe('ALLOW');
      expect(failing.onSlowModeFailure).toHaveBeenCalledWith('error', expect.any(Error));
    });
  });

  it('answers at the deadline with what it knows when the settings never come', async () => {
    const { review, onDeadline } = reviewer({ room: policy({ blockedTerms: ['榴莲'] }), get: never, deadlineMs: 30 });
    // peek() still has the room's last known settings.
    expect(await review(event('榴莲'))).toMatchObject({ ReviewResult: 'DENY', Attributes: { Reason: 'BLOCKED_TERM' } });
    expect(onDeadline).toHaveBeenCalledOnce();
  });

  it('answers a DENY instead of throwing when moderation itself fails', async () => {
    const review = createReviewer({
      settings: { peek: () => policy(), get: async () => policy() },
      claimSlowMode: async () => 'claimed',
      moderatorFor: () => {
        throw new Error('bug');
      },
      clock: () => 0,
      deadlineMs: 150,
      callTimeoutMs: 20,
    });
    expect(await review(event('hi'))).toEqual({ ReviewResult: 'DENY', Content: 'hi', Attributes: { Reason: 'REVIEW_FAILED' } });
  });
});
