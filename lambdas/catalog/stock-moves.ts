import type { ProductStatus } from './model';
import type { ShardState } from './stock-shards';

/**
 * Every write any capability makes to an existing stock shard, as data. Each move keeps the shard's
 * invariant (`unsold = available + flashLeft`, counts ≥ 0) by construction, and the only units that
 * leave `unsold` are the ones a sale takes. `applyMove` is the rule; `moveExpression` is the same rule
 * as a DynamoDB update, and a test runs both on the emulator to show that they agree.
 *
 * Flash stock lives on the product's own shards: a pin sets units aside (`setAside`), sales at the
 * flash price take from them while the pin lasts (`sellFlash`), and when the pin is replaced or removed
 * they go back (`release`). When a pin simply runs out of time nobody is called: the set-aside lapses
 * (`flashUntil`), the units already count as the product's (`regularSellable`), and the next regular
 * sale of that shard that needs them folds them back in the same write (`sellRegularReclaiming`).
 */
export type ShardMove =
  /** A sale at the regular price out of the units not set aside. */
  | { kind: 'sellRegular'; quantity: number; priceFen: number }
  /** A sale at the regular price on a shard whose set-aside lapsed: the set-aside is folded back first. */
  | { kind: 'sellRegularReclaiming'; quantity: number; priceFen: number; lapsedPinId: string; nowMs: number }
  /** A sale at the flash price out of pin `pinId`'s live set-aside. */
  | { kind: 'sellFlash'; quantity: number; pinId: string; nowMs: number }
  /** Cancelled units back to the product. */
  | { kind: 'restoreRegular'; quantity: number }
  /** Cancelled flash units back to the set-aside of their pin, which this shard still holds. */
  | { kind: 'restoreFlash'; quantity: number; pinId: string }
  /** Sets `units` of the shard's unsold units aside for a pin (any earlier set-aside goes back first). */
  | { kind: 'setAside'; pinId: string; untilMs: number; units: number }
  /** The pin is replaced or removed: its unsold units go back to the product. */
  | { kind: 'release'; pinId: string }
  /** The product's status or price changed. */
  | { kind: 'describe'; status: ProductStatus; priceFen: number }
  /**
   * The seller set a new stock: `available` regular units, keeping a live set-aside as it is. Guarded by
   * the state that was read (`seen`; undefined when the shard item is missing).
   */
  | {
      kind: 'rewrite';
      productId: string;
      shard: number;
      seen: ShardState | undefined;
      available: number;
      keepSetAside: boolean;
      status: ProductStatus;
      priceFen: number;
    };

/** A move on shard `shard` of product `productId`. */
export interface ShardWrite {
  productId: string;
  shard: number;
  move: ShardMove;
}

export type MoveResult = { ok: true; state: ShardState } | { ok: false };

const failed: MoveResult = { ok: false };
const done = (state: ShardState): MoveResult => ({ ok: true, state });

function withoutSetAside(state: ShardState, available: number): ShardState {
  const { flashPinId: _pin, flashUntil: _until, ...rest } = state;
  return { ...rest, available, flashLeft: 0 };
}

/** The rule: the shard after `move`, or `{ ok: false }` where the write's condition would fail. */
export function applyMove(state: ShardState | undefined, move: ShardMove): MoveResult {
  if (move.kind === 'rewrite') {
    if (!sameState(state, move.seen)) return failed;
    const keepsPin = move.keepSetAside && move.seen?.flashPinId !== undefined;
    const flashLeft = keepsPin && move.seen ? move.seen.flashLeft : 0;
    const base: ShardState = {
      productId: move.productId,
      shard: move.shard,
      unsold: move.available + flashLeft,
      available: move.available,
      flashLeft,
      status: move.status,
      priceFen: move.priceFen,
    };
    return done(keepsPin ? { ...base, flashPinId: move.seen?.flashPinId, flashUntil: move.seen?.flashUntil } : base);
  }
  if (!state) return failed;
  const q = 'quantity' in move ? move.quantity : 0;
  switch (move.kind) {
    case 'sellRegular':
      if (state.status !== 'ACTIVE' || state.priceFen !== move.priceFen || state.available < q) return failed;
      return done({ ...state, unsold: state.unsold - q, available: state.available - q });
    case 'sellRegularReclaiming':
      if (state.status !== 'ACTIVE' || state.priceFen !== move.priceFen || state.flashPinId !== move.lapsedPinId) return failed;
      if ((state.flashUntil ?? 0) > move.nowMs || state.unsold < q) return failed;
      return done({ ...withoutSetAside(state, state.unsold - q), unsold: state.unsold - q });
    case 'sellFlash':
      if (state.status !== 'ACTIVE' || state.flashPinId !== move.pinId || (state.flashUntil ?? 0) <= move.nowMs || state.flashLeft < q) return failed;
      return done({ ...state, unsold: state.unsold - q, flashLeft: state.flashLeft - q });
    case 'restoreRegular':
      return done({ ...state, unsold: state.unsold + q, available: state.available + q });
    case 'restoreFlash':
      if (state.flashPinId !== move.pinId) return failed;
      return done({ ...state, unsold: state.unsold + q, flashLeft: state.flashLeft + q });
    case 'setAside':
      if (state.unsold < move.units) return failed;
      return done({ ...state, available: state.unsold - move.units, flashLeft: move.units, flashPinId: move.pinId, flashUntil: move.untilMs });
    case 'release':
      if (state.flashPinId !== undefined && state.flashPinId !== move.pinId) return failed;
      return done(withoutSetAside(state, state.unsold));
    case 'describe':
      return done({ ...state, status: move.status, priceFen: move.priceFen });
  }
}

function sameState(actual: ShardState | undefined, seen: ShardState | undefined): boolean {
  if (!actual || !seen) return actual === seen;
  return actual.unsold === seen.unsold && actual.flashLeft === seen.flashLeft && actual.flashPinId === seen.flashPinId;
}

/** An Update's expression parts (the caller adds TableName and Key). */
export interface MoveExpression {
  UpdateExpression: string;
  ConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

const names = {
  '#productId': 'productId',
  '#shard': 'shard',
  '#unsold': 'unsold',
  '#available': 'available',
  '#flashLeft': 'flashLeft',
  '#flashPinId': 'flashPinId',
  '#flashUntil': 'flashUntil',
  '#status': 'status',
  '#priceFen': 'priceFen',
};
type Name = keyof typeof names;

function expression(update: string, condition: string, values: Record<string, unknown>): MoveExpression {
  const used = (text: string) => (Object.keys(names) as Name[]).filter((name) => new RegExp(`${name}\\b`).test(text));
  const attributeNames = Object.fromEntries([...new Set([...used(update), ...used(condition)])].map((name) => [name, names[name]]));
  return { UpdateExpression: update, ConditionExpression: condition, ExpressionAttributeNames: attributeNames, ExpressionAttributeValues: values };
}

const ORDERABLE = '#status = :active';
const DROP_SET_ASIDE = '#flashLeft = :zero REMOVE #flashPinId, #flashUntil';

/** The same rule as `applyMove`, as a conditional DynamoDB update. */
export function moveExpression(move: ShardMove): MoveExpression {
  switch (move.kind) {
    case 'sellRegular':
      return expression(
        'SET #unsold = #unsold - :q, #available = #available - :q',
        `${ORDERABLE} AND #priceFen = :price AND #available >= :q`,
        { ':q': move.quantity, ':active': 'ACTIVE', ':price': move.priceFen },
      );
    case 'sellRegularReclaiming':
      // Both right-hand sides read the shard as it was before this write.
      return expression(
        `SET #unsold = #unsold - :q, #available = #unsold - :q, ${DROP_SET_ASIDE}`,
        `${ORDERABLE} AND #priceFen = :price AND #flashPinId = :pin AND #flashUntil <= :now AND #unsold >= :q`,
        { ':q': move.quantity, ':active': 'ACTIVE', ':price': move.priceFen, ':pin': move.lapsedPinId, ':now': move.nowMs, ':zero': 0 },
      );
    case 'sellFlash':
      return expression(
        'SET #unsold = #unsold - :q, #flashLeft = #flashLeft - :q',
        `${ORDERABLE} AND #flashPinId = :pin AND #flashUntil > :now AND #flashLeft >= :q`,
        { ':q': move.quantity, ':active': 'ACTIVE', ':pin': move.pinId, ':now': move.nowMs },
      );
    case 'restoreRegular':
      return expression('ADD #unsold :q, #available :q', 'attribute_exists(pk)', { ':q': move.quantity });
    case 'restoreFlash':
      return expression('ADD #unsold :q, #flashLeft :q', '#flashPinId = :pin', { ':q': move.quantity, ':pin': move.pinId });
    case 'setAside':
      return expression(
        'SET #available = #unsold - :units, #flashLeft = :units, #flashPinId = :pin, #flashUntil = :until',
        'attribute_exists(pk) AND #unsold >= :units',
        { ':units': move.units, ':pin': move.pinId, ':until': move.untilMs },
      );
    case 'release':
      return expression(
        `SET #available = #unsold, ${DROP_SET_ASIDE}`,
        'attribute_exists(pk) AND (attribute_not_exists(#flashPinId) OR #flashPinId = :pin)',
        { ':pin': move.pinId, ':zero': 0 },
      );
    case 'describe':
      return expression('SET #status = :status, #priceFen = :price', 'attribute_exists(pk)', { ':status': move.status, ':price': move.priceFen });
    case 'rewrite':
      return rewriteExpression(move);
  }
}

function rewriteExpression(move: Extract<ShardMove, { kind: 'rewrite' }>): MoveExpression {
  const { seen } = move;
  const keepsPin = move.keepSetAside && seen?.flashPinId !== undefined;
  const flashLeft = keepsPin && seen ? seen.flashLeft : 0;
  const values: Record<string, unknown> = {
    ':productId': move.productId,
    ':shard': move.shard,
    ':unsold': move.available + flashLeft,
    ':available': move.available,
    ':flashLeft': flashLeft,
    ':status': move.status,
    ':price': move.priceFen,
  };
  const set = 'SET #productId = :productId, #shard = :shard, #unsold = :unsold, #available = :available, #flashLeft = :flashLeft, #status = :status, #priceFen = :price';
  const update = keepsPin ? set : `${set} REMOVE #flashPinId, #flashUntil`;
  if (!seen) return expression(update, 'attribute_not_exists(pk)', values);
  values[':seenUnsold'] = seen.unsold;
  values[':seenFlashLeft'] = seen.flashLeft;
  let condition = '#unsold = :seenUnsold AND #flashLeft = :seenFlashLeft AND ';
  if (seen.flashPinId === undefined) condition += 'attribute_not_exists(#flashPinId)';
  else {
    condition += '#flashPinId = :seenPin';
    values[':seenPin'] = seen.flashPinId;
  }
  return expression(update, condition, values);
}
