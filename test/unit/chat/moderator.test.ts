import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileModerator,
  MAX_REVIEWED_LENGTH,
  type ModerationSettings,
} from '../../../lambdas/chat/moderation/moderator';
import { GLOBAL_TERMS } from '../../../lambdas/chat/moderation/global-terms';
import { BLOCKED_MESSAGES, CLEAN_MESSAGES, CONTACT_MESSAGES } from './fixtures';

function settings(overrides: Partial<ModerationSettings> = {}): ModerationSettings {
  return { blockedTerms: [], maskContacts: true, version: 'v1', ...overrides };
}

const masking = compileModerator(settings({ maskContacts: true }));
const denying = compileModerator(settings({ maskContacts: false }));

describe('compileModerator', () => {
  it('covers at least 60 table-driven messages in Chinese and English', () => {
    expect(CLEAN_MESSAGES.length + CONTACT_MESSAGES.length + BLOCKED_MESSAGES.length).toBeGreaterThanOrEqual(60);
  });

  describe('clean produce talk', () => {
    it.each(CLEAN_MESSAGES)('allows %j untouched', (message) => {
      for (const moderator of [masking, denying]) {
        const decision = moderator.review(message);
        expect(decision).toEqual({ result: 'ALLOW', content: message });
        expect(decision.content).toBe(message);
      }
    });
  });

  describe('contact details', () => {
    it.each(CONTACT_MESSAGES)('masks %j when the room masks contacts', (message, masked) => {
      const decision = masking.review(message);
      expect(decision).toEqual({ result: 'ALLOW', content: masked, reason: 'CONTACT_MASKED' });
      expect(decision.content).toHaveLength(message.length);
    });

    it.each(CONTACT_MESSAGES)('denies %j when the room does not mask contacts', (message) => {
      expect(denying.review(message)).toEqual({ result: 'DENY', content: message, reason: 'CONTACT_DETAILS' });
    });
  });

  describe('global blocked terms', () => {
    it.each(BLOCKED_MESSAGES)('denies %j', (message) => {
      expect(masking.review(message)).toEqual({ result: 'DENY', content: message, reason: 'BLOCKED_TERM' });
    });

    it.each(GLOBAL_TERMS.map((entry) => entry.term))('denies the listed term %j on its own', (term) => {
      expect(masking.review(`  ${term}!`)).toMatchObject({ result: 'DENY', reason: 'BLOCKED_TERM' });
    });
  });

  describe("a seller's blocked terms", () => {
    const moderator = compileModerator(settings({ blockedTerms: ['便宜点', 'Cheap', '隔壁家'] }));

    it.each(['能便宜点吗', '便 宜 点', '便\u200B宜\u200B点', 'CHEAP!!!', 'cheaper elsewhere', 'c.h.e.a.p', 'ｃｈｅａｐ', '隔壁家的更好'])(
      'denies %j',
      (message) => {
        expect(moderator.review(message)).toEqual({ result: 'DENY', content: message, reason: 'BLOCKED_TERM' });
      },
    );

    it('leaves other rooms alone', () => {
      expect(masking.review('能便宜点吗')).toEqual({ result: 'ALLOW', content: '能便宜点吗' });
    });

    it('does not match a Latin term in the middle of a word', () => {
      expect(moderator.review('not so cheap')).toMatchObject({ result: 'DENY' });
      expect(moderator.review('Bucheap Farm apples')).toEqual({ result: 'ALLOW', content: 'Bucheap Farm apples' });
    });

    it('denies a blocked term even when the message also has contact details', () => {
      expect(moderator.review('便宜点 13812345678')).toMatchObject({ result: 'DENY', reason: 'BLOCKED_TERM' });
    });

    it('ignores terms that normalise to nothing', () => {
      const blank = compileModerator(settings({ blockedTerms: ['   ', '\u200B', '!!'] }));
      expect(blank.review('hello!! ')).toEqual({ result: 'ALLOW', content: 'hello!! ' });
    });
  });

  it('exposes the settings version it was compiled for', () => {
    expect(compileModerator(settings({ version: 'seller-1#2024-11-28T08:00:00Z' })).version).toBe(
      'seller-1#2024-11-28T08:00:00Z',
    );
  });

  it('allows an empty or blank message', () => {
    expect(masking.review('')).toEqual({ result: 'ALLOW', content: '' });
    expect(masking.review(' \u200B ')).toEqual({ result: 'ALLOW', content: ' \u200B ' });
  });

  it('reviews a message of IVS maximum length', () => {
    const message = '这个苹果还有货吗'.repeat(62) + '1381234567'.slice(0, 4);
    expect(masking.review(message)).toEqual({ result: 'ALLOW', content: message });
  });

  it('denies, without reviewing, a message far beyond what IVS can send', () => {
    const message = 'a'.repeat(MAX_REVIEWED_LENGTH + 1);
    expect(masking.review(message)).toEqual({ result: 'DENY', content: message, reason: 'MESSAGE_TOO_LONG' });
  });

  it('masks several contacts in one message and leaves the rest byte-identical', () => {
    const message = '😀 电话 138-1234-5678，vx: abc123，网站 www.a.cn 谢谢';
    const decision = masking.review(message);
    expect(decision.content).toBe('😀 电话 *************，**********，网站 ******** 谢谢');
  });

  it('never throws, and an allowed message keeps its length', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (message) => {
        const decision = masking.review(message);
        if (decision.result === 'ALLOW') expect(decision.content).toHaveLength(message.length);
        else expect(decision.content).toBe(message);
      }),
    );
  });

  it('changes an allowed message only by turning characters into *', () => {
    const alphabet = fc.constantFrom(...'0123456789 .-+幺三八vxwq微信:abc点com好的苹果'.split(''), '\u200B', '１');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), (chars) => {
        const message = chars.join('');
        const { result, content } = masking.review(message);
        if (result !== 'ALLOW') return;
        for (let i = 0; i < message.length; i++) {
          if (content[i] !== message[i]) expect(content[i]).toBe('*');
        }
      }),
    );
  });
});
