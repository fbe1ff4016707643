import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAutomaton, startAutomatonBuild } from '../../../lambdas/chat/moderation/aho-corasick';

type Occurrence = [pattern: number, start: number, end: number];

function occurrences(patterns: readonly string[], text: string, find: (onMatch: (p: number, s: number, e: number) => boolean) => boolean): Occurrence[] {
  const found: Occurrence[] = [];
  find((pattern, start, end) => (found.push([pattern, start, end]), false));
  return found;
}

/** Every occurrence of every pattern, by brute force, in the automaton's order: by end, longest first, then later patterns first. */
function bruteForce(patterns: readonly string[], text: string): Occurrence[] {
  const found: Occurrence[] = [];
  patterns.forEach((pattern, index) => {
    for (let start = text.indexOf(pattern); start !== -1; start = text.indexOf(pattern, start + 1)) found.push([index, start, start + pattern.length]);
  });
  return found.sort((x, y) => x[2] - y[2] || x[1] - y[1] || y[0] - x[0]);
}

describe('Aho–Corasick automaton', () => {
  it('finds every occurrence, overlapping and repeated patterns included, in end order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c', '瓜', '\u{1F34E}'), minLength: 1, maxLength: 5 }), { maxLength: 12 }),
        fc.string({ unit: fc.constantFrom('a', 'b', 'c', '瓜', '\u{1F34E}', 'x'), maxLength: 40 }),
        (patterns, text) => {
          const automaton = buildAutomaton(patterns);
          expect(occurrences(patterns, text, (onMatch) => automaton.find(text, onMatch))).toEqual(bruteForce(patterns, text));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('stops at the first occurrence the caller accepts', () => {
    const automaton = buildAutomaton(['he', 'she', 'hers']);
    const seen: number[] = [];
    expect(automaton.find('ushers', (pattern) => (seen.push(pattern), pattern === 1))).toBe(true);
    expect(seen).toEqual([1]);
  });

  it('builds in steps that each stop at the deadline, with the same result as one go', () => {
    const patterns = Array.from({ length: 2_000 }, (_, i) => `term${i.toString(36)}x${(i * 7919).toString(36)}`);
    const build = startAutomatonBuild(patterns);
    let steps = 1;
    let automaton = build.step(Number.NEGATIVE_INFINITY);
    while (automaton === undefined) {
      steps += 1;
      automaton = build.step(Number.NEGATIVE_INFINITY);
    }
    expect(steps).toBeGreaterThan(5);
    const text = `...${patterns[1234]}...${patterns[7]}`;
    expect(occurrences(patterns, text, (onMatch) => automaton.find(text, onMatch))).toEqual(bruteForce(patterns, text));
  });

  it('handles no patterns and empty text', () => {
    expect(buildAutomaton([]).find('anything', () => true)).toBe(false);
    expect(buildAutomaton(['a']).find('', () => true)).toBe(false);
  });

  it('estimates its bytes from its nodes: shared prefixes cost nothing twice', () => {
    const shared = buildAutomaton(['abcdefgh1', 'abcdefgh2']);
    const apart = buildAutomaton(['abcdefgh1', 'zyxwvuts2']);
    expect(shared.bytes).toBeLessThan(apart.bytes);
  });
});
