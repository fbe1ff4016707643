import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findContacts, type ContactKind } from '../../../lambdas/chat/moderation/contacts';
import { normalise } from '../../../lambdas/chat/moderation/normalise';
import { CLEAN_MESSAGES, CONTACT_MESSAGES, decimalDigits, letterLookAlikes } from './fixtures';

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
      ['13:00-18:00, 9:30', 'times'],
      ['138    1234 5678', 'more than three separators break the number'],
      ['138 abcd 1234 5678', 'more than three letters break the number'],
      ['138斤1234斤5678', 'words break the number'],
      ['138ωω1234ωω5678', 'letters outside ASCII break the number'],
      ['13.8 15.8 16.8 17', 'decimals joined by spaces'],
      ['13.8/15.8、16.8,17', 'decimals joined by any punctuation'],
      ['1, 3, 5, 7, 9, 11, 13, 15', 'small numbers counting up'],
      ['两三八两二三四五六七八', '两 is 2: 23822345678 is no mobile number'],
    ])('ignores %j (%s)', (message) => {
      expect(kinds(message)).toEqual([]);
    });

    it('includes a leading + of the country code', () => {
      expect(findContacts('call +86 13812345678')).toEqual([{ kind: 'phone', start: 5, end: 20 }]);
    });

    it.each([
      ['1三8一二34五六78', 'written and spelled digits alternating are not a list'],
      ['138.1234,5678', 'a dot before four digits is no decimal point'],
      ['我要两13812345678', 'a spelled digit right before the number'],
    ])('finds %j (%s)', (message) => {
      expect(kinds(message)).toEqual(['phone']);
    });
  });

  describe('handles', () => {
    it.each([
      ['微信，12800元', 'an amount after the keyword'],
      ['QQ 12800 元', 'an amount after the keyword'],
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

  describe('evasions, as classes', () => {
    const oneSpan = (message: string, kind: ContactKind) => {
      expect(findContacts(message)).toEqual([{ kind, start: 0, end: message.length }]);
    };
    // Characters whose folded form is only separators: every punctuation mark and symbol, emoji included.
    const separators = Array.from({ length: 0x1faff - 0x21 }, (_, i) => String.fromCodePoint(0x21 + i)).filter(
      (char) =>
        /^[\p{P}\p{S}]$/u.test(char) &&
        normalise(char).text === '' &&
        normalise(char, { keepSeparators: true }).text !== '',
    );
    const separator = fc.constantFrom(...separators);
    const gap = (max: number) => fc.array(separator, { minLength: 1, maxLength: max }).map((chars) => chars.join(''));
    const mobile = fc
      .tuple(fc.integer({ min: 3, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }))
      .map(([second, rest]) => `1${second}${rest.join('')}`);

    it('draws gaps from thousands of punctuation marks and symbols', () => {
      expect(separators.length).toBeGreaterThan(3000);
      expect(separators).toEqual(expect.arrayContaining(['、', '➡', '👉', '→', '，', '／', '…', '📞']));
    });

    it('finds a handle with any punctuation, symbol or emoji between the keyword and the id', () => {
      const handle = fc.constantFrom(
        ['微信', 'abc123'],
        ['VX', 'abc123'],
        ['wechat', 'lihua_88'],
        ['QQ', '12345678'],
        ['扣扣', '12345678'],
        ['企鹅', '88886666'],
      );
      fc.assert(
        fc.property(handle, gap(4), ([keyword, id], between) => oneSpan(`${keyword}${between}${id}`, 'handle')),
      );
    });

    it('finds a mobile number with up to three separators or letters between its digit groups', () => {
      const phoneGap = fc
        .array(fc.oneof(separator.filter((char) => !normalise(char, { keepSeparators: true }).text.includes(':')), fc.constantFrom(...'abcxyz')), {
          minLength: 1,
          maxLength: 3,
        })
        .map((chars) => chars.join(''));
      fc.assert(
        fc.property(mobile, phoneGap, phoneGap, (digits, first, second) =>
          oneSpan(`${digits.slice(0, 3)}${first}${digits.slice(3, 7)}${second}${digits.slice(7)}`, 'phone'),
        ),
      );
    });

    it('finds a mobile number whatever form each digit takes', () => {
      const otherScripts = new Map<string, string[]>();
      for (const [codePoint, value] of decimalDigits()) {
        otherScripts.set(value, [...(otherScripts.get(value) ?? []), String.fromCodePoint(codePoint)]);
      }
      const spelled: Record<string, string> = {
        0: '零〇洞⓪０', 1: '一壹幺腰么妖吆①❶１', 2: '二贰貳两兩②❷２', 3: '三叁參③❸３', 4: '四肆④❹４',
        5: '五伍⑤❺５', 6: '六陆陸⑥❻６', 7: '七柒拐⑦❼７', 8: '八捌⑧❽８', 9: '九玖勾⑨❾９',
      };
      const digitForm = (digit: string) =>
        fc.constantFrom(digit, ...[...spelled[digit]!], ...otherScripts.get(digit)!, `${digit}\uFE0F\u20E3`);
      fc.assert(
        fc.property(
          mobile.chain((digits) => fc.tuple(...[...digits].map(digitForm))),
          (forms) => oneSpan(forms.join(''), 'phone'),
        ),
      );
    });

    it('finds a keyword spelled with letters that look alike in other scripts', () => {
      const alikes = new Map<string, string[]>();
      for (const [letter, ascii] of letterLookAlikes()) alikes.set(ascii, [...(alikes.get(ascii) ?? []), letter]);
      // Small capitals look like capitals, which UTS #39 does not list as look-alikes of small letters.
      const smallCapitals = Object.fromEntries([...'abcdefghijklmnopqrstuvwyz'].map((letter, i) => [letter, [...'ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡʏᴢ'][i]!]));
      const letterForm = (letter: string) =>
        fc.constantFrom(letter, letter.toUpperCase(), ...(alikes.get(letter) ?? []), ...(smallCapitals[letter] ?? []));
      const spelled = (word: string) => fc.tuple(...[...word].map(letterForm)).map((letters) => letters.join(''));
      const handle = fc.oneof(
        fc.tuple(fc.constantFrom('wechat', 'weixin', 'vx', 'wx').chain(spelled), fc.constant(': abc123')),
        fc.tuple(spelled('qq'), fc.constant(' 12345678')),
      );
      expect(alikes.get('v')).toEqual(expect.arrayContaining(['ν', 'ѵ']));
      fc.assert(fc.property(handle, ([keyword, rest]) => oneSpan(`${keyword}${rest}`, 'handle')));
    });

    it('finds nothing in price lists, whatever punctuation joins them', () => {
      const price = fc
        .tuple(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 99 }))
        .map(([whole, cents]) => `${whole}.${cents}`);
      const listGap = fc
        .array(separator.filter((char) => !/[.:]/.test(normalise(char, { keepSeparators: true }).text)), { minLength: 1, maxLength: 3 })
        .map((chars) => chars.join(''));
      fc.assert(
        fc.property(fc.array(fc.tuple(price, listGap), { minLength: 2, maxLength: 8 }), (items) => {
          expect(findContacts(items.map(([p, g]) => `${p}${g}`).join(''))).toEqual([]);
        }),
      );
    });

    it('finds nothing in order numbers, amounts and dates', () => {
      const orderId = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 16, maxLength: 20 }).map((digits) => digits.join(''));
      const amount = fc.integer({ min: 1, max: 99_999_999 }).map((n) => `${n.toLocaleString('en-US')} 元`);
      const date = fc
        .tuple(fc.integer({ min: 2000, max: 2030 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.constantFrom('/', '-', '.', '年'))
        .map(([y, m, d, s]) => `${y}${s}${m}${s}${d}`);
      fc.assert(
        fc.property(fc.constantFrom('订单号 ', 'Order #', '单号：'), orderId, amount, date, (label, id, money, day) => {
          expect(findContacts(`${label}${id} ${money}，${day} 发货`)).toEqual([]);
        }),
      );
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
    const inputs = [
      'a'.repeat(2000), 'a.'.repeat(1000), '1 '.repeat(1000), 'vx'.repeat(1000), 'www.'.repeat(500),
      `微信${'👉'.repeat(1000)}`, '1,'.repeat(1000), '1a'.repeat(1000), 'ᴡ'.repeat(2000), 'v👉'.repeat(700), '1.1 '.repeat(500),
    ];
    for (const input of inputs) {
      for (const span of findContacts(input)) {
        expect(span.start).toBeGreaterThanOrEqual(0);
        expect(span.end).toBeLessThanOrEqual(input.length);
      }
    }
  });
});
