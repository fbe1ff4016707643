import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalise } from '../../../lambdas/chat/moderation/normalise';
import { compileTermMatcher, prepareTerms, scanTermMatcher, type TermBoundary, type TermEntry } from '../../../lambdas/chat/moderation/term-matcher';

function seller(term: string, boundary: TermBoundary = 'word-start'): TermEntry {
  return { term, source: 'seller', boundary };
}

/** The automaton's hit; the scan matcher (the stand-in while an automaton builds) must agree that there is one. */
function hit(entries: readonly TermEntry[], message: string) {
  const found = compileTermMatcher(entries).firstHit(normalise(message));
  expect(scanTermMatcher(prepareTerms(entries)).firstHit(normalise(message)) !== undefined).toBe(found !== undefined);
  return found;
}

describe('compileTermMatcher', () => {
  it('finds a term and reports its range in the original message', () => {
    const message = '老板 便 宜\u200B点 吧';
    const found = hit([seller('便宜点')], message);
    expect(found).toEqual({ term: '便宜点', source: 'seller', start: 3, end: 8 });
    expect(message.slice(found!.start, found!.end)).toBe('便 宜\u200B点');
  });

  it('normalises the terms the same way as messages', () => {
    expect(hit([seller('Ｃｈｅａｐ')], 'so c h e a p')).toMatchObject({ term: 'Ｃｈｅａｐ' });
    expect(hit([seller('加 V 信')], '加v信')).toBeDefined();
  });

  it('matches Chinese and English terms in one automaton', () => {
    const matcher = compileTermMatcher([seller('假货'), seller('fake')]);
    expect(matcher.termCount).toBe(2);
    expect(matcher.firstHit(normalise('这是假货吗'))?.term).toBe('假货');
    expect(matcher.firstHit(normalise('is it FAKE?'))?.term).toBe('fake');
    expect(matcher.firstHit(normalise('真货，好吃'))).toBeUndefined();
  });

  it('skips terms that normalise to nothing and duplicates', () => {
    const matcher = compileTermMatcher([seller('!!!'), seller('\u200B'), seller('Fake'), seller('FAKE'), seller('fake')]);
    expect(matcher.termCount).toBe(1);
  });

  it('returns nothing for an empty message or an empty dictionary', () => {
    expect(hit([seller('fake')], '')).toBeUndefined();
    expect(hit([], 'anything at all')).toBeUndefined();
  });

  describe('word boundaries on Latin edges', () => {
    it.each<[TermBoundary, string, string, boolean]>([
      ['anywhere', 'ass', 'grass', true],
      ['word-start', 'ass', 'grass fed', false],
      ['word-start', 'ass', 'you ass', true],
      ['word-start', 'ass', 'asses', true],
      ['word-start', 'ass', 'a s s', true],
      ['word-start', 'ass', 'gr\u200Bass', false],
      ['word-start', 'ass', '你是ass', true],
      ['whole-word', 'shit', 'shitake', false],
      ['whole-word', 'shit', 'oh shit!', true],
      ['whole-word', 'shit', 'SHIT', true],
      ['whole-word', 'shit', '真shit了', true],
      ['whole-word', 'scam', 'scampi', false],
      ['whole-word', 'scam', 'a scam.', true],
      ['whole-word', 'scam', 'scam2', true],
      ['whole-word', '加v', '加vip会员', false],
      ['whole-word', '加v', '加V 好友', true],
      ['whole-word', '加v', '快加v', true],
    ])('%s %j in %j → %s', (boundary, term, message, expected) => {
      expect(hit([seller(term, boundary)], message) !== undefined).toBe(expected);
    });

    it('does not apply Latin boundaries to CJK terms', () => {
      expect(hit([seller('傻', 'whole-word')], '你傻吗')).toBeDefined();
    });

    it('keeps looking past an overlapping match that fails its boundary', () => {
      const entries = [seller('ass', 'whole-word'), seller('grass', 'anywhere')];
      expect(hit(entries, 'grassland')?.term).toBe('grass');
    });
  });

  it('compiles 10,000 terms into one automaton that still finds a single term', () => {
    const entries = Array.from({ length: 10_000 }, (_, i) => seller(`blocked${i.toString(36)}word`));
    const matcher = compileTermMatcher(entries);
    expect(matcher.termCount).toBe(10_000);
    const last = `blocked${(9_999).toString(36)}word`;
    expect(matcher.firstHit(normalise(`hello ${last.toUpperCase()} there`))?.term).toBe(last);
    expect(matcher.firstHit(normalise('nothing blocked here'))).toBeUndefined();
  });

  it('the scan matcher makes the same decisions as the automaton, boundaries included', () => {
    const unit = fc.constantFrom('a', 'b', 's', ' ', '.', '瓜', '果', 'Ａ', '\u200B');
    const entry = fc.record({
      term: fc.string({ unit, minLength: 1, maxLength: 4 }),
      source: fc.constant<'seller'>('seller'),
      boundary: fc.constantFrom<TermBoundary>('anywhere', 'word-start', 'whole-word'),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), fc.string({ unit, maxLength: 30 }), (entries, message) => {
        const text = normalise(message);
        const automaton = compileTermMatcher(entries).firstHit(text);
        const scan = scanTermMatcher(prepareTerms(entries)).firstHit(text);
        expect(scan !== undefined).toBe(automaton !== undefined);
      }),
      { numRuns: 1_000 },
    );
  });
});
