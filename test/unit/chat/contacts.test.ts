import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findContacts, type ContactKind } from '../../../lambdas/chat/moderation/contacts';
import { CLEAN_MESSAGES, CONTACT_MESSAGES } from './fixtures';

function kinds(message: string): ContactKind[] {
  return findContacts(message).map((span) => span.kind);
}

describe('findContacts', () => {
  it.each(CLEAN_MESSAGES)('finds nothing in produce talk: %j', (message) => {
    expect(findContacts(message)).toEqual([]);
  });

  it.each(CONTACT_MESSAGES)('finds the contact in %j', (message, masked) => {
    const spans = findContacts(message);
    expect(spans.length).toBeGreaterThan(0);
    for (const { start, end } of spans) {
      expect(masked.slice(start, end)).toBe('*'.repeat(end - start));
    }
  });

  it.each<[string, ContactKind]>([
    ['13812345678', 'phone'],
    ['vx: abc123', 'handle'],
    ['QQ 12345678', 'handle'],
    ['www.taobao.com', 'url'],
    ['a@163.com', 'url'],
  ])('labels %j as a %s', (message, kind) => {
    expect(kinds(message)).toEqual([kind]);
  });

  it('merges overlapping detections into one span', () => {
    expect(findContacts('微信 13812345678')).toEqual([{ kind: 'handle', start: 0, end: 14 }]);
  });

  describe('phone numbers', () => {
    it.each([
      ['12812345678', 'second digit outside 3–9'],
      ['1381234567', 'ten digits'],
      ['138123456789', 'twelve digits in one group'],
      ['13:81:23:45:67:8', 'colons break the number'],
      ['138/1234/5678', 'slashes break the number'],
      ['138,1234,5678', 'commas break the number'],
      ['138    1234 5678', 'more than three separators break the number'],
      ['138斤1234斤5678', 'words break the number'],
      ['13.8 15.8 16.8 17', 'decimals joined by spaces'],
      ['两三八两二三四五六七八', '两 is not a phone digit'],
    ])('ignores %j (%s)', (message) => {
      expect(kinds(message)).toEqual([]);
    });

    it('includes a leading + of the country code', () => {
      expect(findContacts('call +86 13812345678')).toEqual([{ kind: 'phone', start: 5, end: 20 }]);
    });
  });

  describe('handles', () => {
    it.each([
      ['wechat pay', 'no id'],
      ['wechat payment ok', 'letters-only word after a Latin keyword'],
      ['微信支付', 'Chinese after the keyword'],
      ['qq abcdef', 'QQ ids are numbers'],
      ['qq 0123456', 'QQ numbers do not start with 0'],
      ['wx 1234', 'too short'],
      ['abcvx 123456', 'keyword inside a word'],
    ])('ignores %j (%s)', (message) => {
      expect(kinds(message)).toEqual([]);
    });
  });

  describe('links', () => {
    it.each([
      ['apples.top quality', 'an English word as a weak TLD'],
      ['3.5元', 'a price'],
      ['e.g. i.e. a.m.', 'abbreviations'],
      ['fresh.company', 'a TLD inside a longer word'],
      ['50.cm', 'not a listed TLD'],
    ])('ignores %j (%s)', (message) => {
      expect(kinds(message)).toEqual([]);
    });

    it.each([['abc.top/x'], ['a1.vip'], ['m.abc.shop'], ['163.com'], ['HTTP://X.CN']])('flags %j', (message) => {
      expect(kinds(message)).toEqual(['url']);
    });
  });

  it('returns ranges inside the message, in order and without overlap', () => {
    const alphabet = fc.constantFrom(...'0123456789 .-+幺一三八vxwqQ微信:abc@点com'.split(''), '\u200B', '１', '📞');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 80 }), (chars) => {
        const message = chars.join('');
        let previousEnd = 0;
        for (const { start, end } of findContacts(message)) {
          expect(start).toBeGreaterThanOrEqual(previousEnd);
          expect(end).toBeGreaterThan(start);
          expect(end).toBeLessThanOrEqual(message.length);
          previousEnd = end;
        }
      }),
    );
  });

  // Speed on such input is measured by `npm run bench:moderation`; here: it terminates with sane spans.
  it('handles adversarial input without runaway matching', () => {
    const inputs = ['a'.repeat(2000), 'a.'.repeat(1000), '1 '.repeat(1000), 'vx'.repeat(1000), 'www.'.repeat(500)];
    for (const input of inputs) {
      for (const span of findContacts(input)) {
        expect(span.start).toBeGreaterThanOrEqual(0);
        expect(span.end).toBeLessThanOrEqual(input.length);
      }
    }
  });
});
