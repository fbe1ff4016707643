import { describe, expect, it } from 'vitest';
import { createStepQueue } from '../../../lambdas/chat/moderation/step-queue';

function queueWithTurns(onError?: (error: unknown) => void) {
  const turns: (() => void)[] = [];
  const queue = createStepQueue({ stepMs: 2, schedule: (run) => turns.push(run), ...(onError ? { onError } : {}) });
  return { queue, turns, runTurn: () => turns.shift()!() };
}

describe('step queue', () => {
  it('runs one step per turn, taking pending jobs in turn, until each says it is done', () => {
    const { queue, turns, runTurn } = queueWithTurns();
    const ran: string[] = [];
    let a = 0;
    let b = 0;
    queue.add(() => (ran.push('a'), ++a === 3));
    queue.add(() => (ran.push('b'), ++b === 2));
    expect(turns).toHaveLength(1); // one turn scheduled, not one per job

    while (turns.length > 0) {
      runTurn();
      expect(turns.length).toBeLessThanOrEqual(1);
    }
    expect(ran).toEqual(['a', 'b', 'a', 'b', 'a']);
    expect(queue.pending).toBe(0);
  });

  it('gives each step a deadline stepMs ahead', () => {
    const { queue, runTurn } = queueWithTurns();
    let budget = 0;
    queue.add((until) => {
      budget = until - performance.now();
      return true;
    });
    runTurn();
    expect(budget).toBeGreaterThan(0);
    expect(budget).toBeLessThanOrEqual(2);
  });

  it('drops a job whose step throws, reports it, and goes on with the others', () => {
    const errors: unknown[] = [];
    const { queue, turns, runTurn } = queueWithTurns((error) => errors.push(error));
    let other = 0;
    queue.add(() => {
      throw new Error('bug');
    });
    queue.add(() => ++other === 2);
    while (turns.length > 0) runTurn();
    expect(errors).toEqual([new Error('bug')]);
    expect(other).toBe(2);
  });
});
