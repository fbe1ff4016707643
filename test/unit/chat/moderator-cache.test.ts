import { describe, expect, it } from 'vitest';
import { createModeratorCache } from '../../../lambdas/chat/moderation/moderator-cache';
import type { ModerationSettings } from '../../../lambdas/chat/moderation/moderator';
import { createStepQueue, type StepQueue } from '../../../lambdas/chat/moderation/step-queue';
import { seededRandom } from '../../../scripts/seeded-random';

function settings(version: string, blockedTerms: readonly string[] = ['便宜点'], maskContacts = true): ModerationSettings {
  return { blockedTerms, maskContacts, version };
}

/** Background steps run only when the test says so: `turn()` runs one queue turn, `drain()` all of them. */
function manualQueue(stepMs = 1_000): { queue: StepQueue; turn: () => boolean; drain: () => number } {
  const turns: (() => void)[] = [];
  const queue = createStepQueue({ stepMs, schedule: (run) => turns.push(run) });
  const turn = () => {
    const run = turns.shift();
    run?.();
    return run !== undefined;
  };
  return {
    queue,
    turn,
    drain: () => {
      let count = 0;
      while (turn()) count += 1;
      return count;
    },
  };
}

const termLists = new Map<number, string[]>();

/** The API's largest list: 1,000 terms of 50 characters (CJK and Latin), from a fixed seed. */
function largestTermList(seed: number): string[] {
  const made = termLists.get(seed);
  if (made) return [...made];
  const random = seededRandom(seed);
  const char = () => (random() < 0.5 ? String.fromCharCode(0x4e00 + Math.floor(random() * 20_000)) : String.fromCharCode(0x61 + Math.floor(random() * 26)));
  const list = Array.from({ length: 1000 }, () => Array.from({ length: 50 }, char).join(''));
  termLists.set(seed, list);
  return [...list];
}

describe('createModeratorCache', () => {
  it('reuses the moderator for the same version, even from reloaded settings', () => {
    const { queue } = manualQueue();
    const cache = createModeratorCache({ queue });
    const first = cache.get('zhang', settings('v1'));
    expect(cache.get('zhang', settings('v1'))).toBe(first);
    expect(cache.size).toBe(1);
  });

  it('keys by seller: a new version replaces the previous one, it does not sit next to it', () => {
    const { queue, drain } = manualQueue();
    const cache = createModeratorCache({ queue });
    cache.get('zhang', settings('v1', ['苹果']));
    drain();
    const second = cache.get('zhang', settings('v2', ['贵']));
    drain();
    expect(cache.size).toBe(1);
    expect(second.version).toBe('v2');
    expect(second.review('太贵了').result).toBe('DENY');
    expect(second.review('苹果').result).toBe('ALLOW');
  });

  it('the first message after a change is judged by the new terms, before any build step has run', () => {
    const { queue, drain } = manualQueue();
    const cache = createModeratorCache({ queue });
    cache.get('zhang', settings('v1', ['榴莲']));
    drain();

    const changed = cache.get('zhang', settings('v2', ['便宜点', 'cheap']));
    expect(queue.pending).toBe(1);
    expect(changed.review('能便 宜 点吗')).toEqual({ result: 'DENY', content: '能便 宜 点吗', reason: 'BLOCKED_TERM' });
    expect(changed.review('CHEAPER?').result).toBe('DENY');
    expect(changed.review('Bucheap Farm').result).toBe('ALLOW');
    expect(changed.review('榴莲').result).toBe('ALLOW');

    drain();
    expect(queue.pending).toBe(0);
    expect(changed.review('能便 宜 点吗').result).toBe('DENY');
    expect(changed.review('Bucheap Farm').result).toBe('ALLOW');
    expect(changed.review('榴莲').result).toBe('ALLOW');
  });

  it('builds the automaton over several short steps, one per queue turn, then swaps it in', () => {
    // A step that is always out of time still does one slice of work: the build needs several turns.
    const { queue, turn } = manualQueue(-1_000);
    const cache = createModeratorCache({ queue });
    const terms = largestTermList(1);
    const moderator = cache.get('zhang', settings('v1', terms));
    const whileBuilding = cache.calculatedSize;
    let turns = 0;
    while (turn()) turns += 1;
    expect(turns).toBeGreaterThan(5);
    expect(cache.calculatedSize).toBeLessThan(whileBuilding);
    expect(moderator.review(`hello ${terms[999]} there`).result).toBe('DENY');
  });

  it('keeps the terms as they are for a new version with the same terms (no new build)', () => {
    const { queue, drain } = manualQueue();
    const cache = createModeratorCache({ queue });
    cache.get('zhang', settings('v1', ['榴莲']));
    drain();
    const resaved = cache.get('zhang', settings('v2', ['榴莲'], false));
    expect(queue.pending).toBe(0);
    expect(resaved.version).toBe('v2');
    expect(resaved.review('榴莲').result).toBe('DENY');
    expect(resaved.review('13812345678')).toMatchObject({ result: 'DENY', reason: 'CONTACT_DETAILS' });
  });

  it('drops a build its seller has moved on from', () => {
    const { queue, turn } = manualQueue(-1_000);
    const cache = createModeratorCache({ queue });
    cache.get('zhang', settings('v1', largestTermList(2)));
    cache.get('zhang', settings('v2', ['贵']));
    expect(queue.pending).toBe(2);
    turn(); // v1's build sees it is no longer current and stops
    expect(queue.pending).toBe(1);
  });

  it('never serves another seller\'s terms, nor stale terms under a reused version string', () => {
    const { queue } = manualQueue();
    const cache = createModeratorCache({ queue });
    expect(cache.get('zhang', settings('1', ['apple'])).review('apple pie').result).toBe('DENY');
    expect(cache.get('li', settings('1', ['pear'])).review('apple pie').result).toBe('ALLOW');
    expect(cache.get('zhang', settings('1', ['pear'])).review('apple pie').result).toBe('ALLOW');
    expect(cache.get('zhang', settings('1', ['pear'], false)).review('13812345678').result).toBe('DENY');
  });

  describe('memory', () => {
    it('a seller saving 500 versions of 1,000 × 50-character terms stays within one entry\'s bound', () => {
      const { queue, drain } = manualQueue();
      const cache = createModeratorCache({ queue });
      // One entry of the API's largest list, while building (worst case), and the bound it must stay under.
      const ONE_SELLER_BOUND = 4 * 1024 * 1024;
      let largest = 0;
      for (let version = 1; version <= 500; version++) {
        cache.get('zhang', settings(`v${version}`, largestTermList(version % 7)));
        if (version % 25 === 0) drain();
        largest = Math.max(largest, cache.calculatedSize);
      }
      drain();
      expect(cache.size).toBe(1);
      expect(largest).toBeGreaterThan(1024 * 1024);
      expect(largest).toBeLessThanOrEqual(ONE_SELLER_BOUND);
      expect(queue.pending).toBe(0);
    });

    it('many sellers: the estimated bytes never pass maxBytes; the least recently used seller goes first', () => {
      const { queue, drain } = manualQueue();
      const maxBytes = 8 * 1024 * 1024;
      const cache = createModeratorCache({ queue, maxBytes });
      for (let seller = 0; seller < 20; seller++) {
        cache.get(`seller-${seller}`, settings('v1', largestTermList(seller)));
        drain();
        cache.get('seller-0', settings('v1', largestTermList(0))); // seller-0 stays in use
        expect(cache.calculatedSize).toBeLessThanOrEqual(maxBytes);
      }
      expect(cache.size).toBeLessThan(20);
      const before = cache.size;
      cache.get('seller-0', settings('v1', largestTermList(0)));
      expect(queue.pending).toBe(0); // still cached: no rebuild
      expect(cache.size).toBe(before);
    });
  });
});
