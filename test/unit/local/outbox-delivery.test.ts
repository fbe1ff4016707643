import { describe, expect, it } from 'vitest';
import { sendWithRetries, streamBatchDeadLetter, type BatchEntry, type SendBatch } from '../../../local/wiring/outbox-delivery';

const entries: BatchEntry[] = ['a', 'b', 'c'].map((id) => ({ Id: id, MessageBody: `{"orderId":"${id}"}` }));
const options = (maximumRetryAttempts: number) => ({ maximumRetryAttempts, pause: async () => {}, stopped: () => false });

/** A fake SendMessageBatch that answers each call with the next scripted outcome and records what it got. */
function scripted(outcomes: (string[] | 'throw')[]) {
  const calls: string[][] = [];
  const send: SendBatch = async (batch) => {
    calls.push(batch.map((entry) => entry.Id));
    const outcome = outcomes[Math.min(calls.length - 1, outcomes.length - 1)]!;
    if (outcome === 'throw') throw new Error('fauxqs unreachable');
    return { failedIds: outcome };
  };
  return { send, calls };
}

describe('local outbox delivery: bounded retries, like the Pipe (issue 11, defect 4)', () => {
  it('retries only the refused entries, and stops once everything is delivered', async () => {
    const { send, calls } = scripted([['b'], 'throw', []]);
    expect(await sendWithRetries(entries, send, options(10))).toEqual([]);
    expect(calls).toEqual([['a', 'b', 'c'], ['b'], ['b']]);
  });

  it('gives up after the first attempt plus maximumRetryAttempts, returning what never got through', async () => {
    const { send, calls } = scripted([['c']]);
    expect(await sendWithRetries(entries, send, options(3))).toEqual([entries[2]]);
    expect(calls).toHaveLength(1 + 3);
  });

  it('stops retrying when the runtime stops', async () => {
    const { send, calls } = scripted(['throw']);
    expect(await sendWithRetries(entries, send, { ...options(10), stopped: () => true })).toEqual(entries);
    expect(calls).toHaveLength(1);
  });

  it('dead-letters a description of the records (shard, sequence numbers), not the records', () => {
    const record = (sequence: string, at: string) => ({ dynamodb: { SequenceNumber: sequence, ApproximateCreationDateTime: new Date(at), NewImage: { buyerId: { S: 'secret' } } } });
    const message = streamBatchDeadLetter('arn:stream', 'shard-1', [record('100', '2026-05-01T10:00:00Z'), record('105', '2026-05-01T10:00:02Z')], new Date('2026-05-01T11:00:00Z'));
    expect(message.DDBStreamBatchInfo).toEqual({
      shardId: 'shard-1',
      startSequenceNumber: '100',
      endSequenceNumber: '105',
      approximateArrivalOfFirstRecord: '2026-05-01T10:00:00.000Z',
      approximateArrivalOfLastRecord: '2026-05-01T10:00:02.000Z',
      batchSize: 2,
      streamArn: 'arn:stream',
    });
    expect(JSON.stringify(message)).not.toContain('secret');
  });
});
