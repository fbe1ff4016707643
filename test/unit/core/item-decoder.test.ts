import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { itemDecoder, MalformedItemError } from '../../../lambdas/core/item-decoder';

const decodeThing = itemDecoder('thing', z.object({ id: z.string(), count: z.number().int() }));

describe('itemDecoder', () => {
  it('returns the typed item and drops attributes the schema does not keep', () => {
    expect(decodeThing({ pk: 'THING#1', sk: 'THING', id: '1', count: 2, gsi1pk: 'x' })).toEqual({ id: '1', count: 2 });
  });

  it('names the item type, its key and every problem when the item is malformed', () => {
    const error = (() => {
      try {
        decodeThing({ pk: 'THING#1', sk: 'THING', id: 1, count: '2' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(MalformedItemError);
    expect(error).toMatchObject({ itemType: 'thing', key: { pk: 'THING#1', sk: 'THING' } });
    expect((error as MalformedItemError).problems).toHaveLength(2);
    expect((error as Error).message).toContain('THING#1');
  });
});
