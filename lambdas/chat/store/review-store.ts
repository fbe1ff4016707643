import { tables } from '../../../lib/topology';
import { CHAT_BAN_SK_PREFIX, chatRoomLookupKey, chatSettingsKey, sellerPk, slowModeKey } from '../../catalog/model';
import { banEndsAt } from '../domain/bans';
import type { SlowModeClaim } from '../domain/slow-mode';
import { configFromEnvironment, createDynamoDbLite, isConditionalCheckFailed, type AttributeMap, type AttributeValue, type DynamoDbLite } from '../review/dynamodb-lite';
import type { RoomSettings, SellerRoom } from '../review/room-settings';

// The review path reads its environment by hand: zod alone would cost more init time than this module.
const table: string = process.env[tables.catalog.envName] || '';
if (!table) throw new Error(`Invalid environment: ${tables.catalog.envName} is required`);

/** Per-call limits for the review path. The caller also races every call against its own timer. */
export const REVIEW_CALL_TIMEOUT_MS = 50;
/** The init warm-up's limit: it is off any message's time, and a first fetch() is slow (see warmUp). */
const WARM_UP_TIMEOUT_MS = 2_000;

export interface ReviewStore {
  /** Which seller a room belongs to (the catalog writes this lookup with the room); undefined for other rooms. */
  roomSeller(roomArn: string, signal: AbortSignal): Promise<string | undefined>;
  /**
   * The seller's saved settings (undefined when there are none: the defaults apply) and the bans that
   * have not expired, in one Query of the seller's partition: the settings item and the CHAT#BAN#
   * items sort next to each other (CHAT#BAN#… < CHAT#SETTINGS), and nothing else sorts between them.
   */
  sellerRoom(sellerId: string, signal: AbortSignal): Promise<SellerRoom>;
  /** Slow mode's one write per message: records this message unless the user's previous one is too recent. */
  claimSlowMode(roomArn: string, userId: string, claim: SlowModeClaim, signal: AbortSignal): Promise<'claimed' | 'too-soon'>;
}

const key = (k: { pk: string; sk: string }): AttributeMap => ({ pk: { S: k.pk }, sk: { S: k.sk } });
const number = (value: number): AttributeValue => ({ N: String(value) });

const stringOf = (value: AttributeValue | undefined) => (value && 'S' in value ? value.S : undefined);
const numberOf = (value: AttributeValue | undefined) => (value && 'N' in value ? Number(value.N) : undefined);
const boolOf = (value: AttributeValue | undefined) => (value && 'BOOL' in value ? value.BOOL : undefined);
function stringList(value: AttributeValue | undefined): string[] {
  if (value && 'SS' in value) return value.SS;
  if (value && 'L' in value) return value.L.flatMap((entry) => ('S' in entry ? [entry.S] : []));
  return [];
}

function settingsOf(item: AttributeMap, sellerId: string): RoomSettings {
  const slowModeSeconds = numberOf(item.slowModeSeconds) ?? 0;
  return {
    blockedTerms: stringList(item.blockedTerms),
    slowModeSeconds: Number.isFinite(slowModeSeconds) ? slowModeSeconds : 0,
    maskContacts: boolOf(item.maskContacts) ?? true,
    version: stringOf(item.version) ?? `unversioned-${sellerId}`,
  };
}

/** The review path's reads and its one conditional write, in DynamoDB JSON, over the given client. */
export function createReviewStore(dynamo: DynamoDbLite, tableName: string): ReviewStore {
  return {
    async roomSeller(roomArn, signal) {
      const item = await dynamo.getItem({ TableName: tableName, Key: key(chatRoomLookupKey(roomArn)), ProjectionExpression: 'sellerId' }, signal);
      return stringOf(item?.sellerId);
    },

    async sellerRoom(sellerId, signal) {
      const settingsSk = chatSettingsKey(sellerId).sk;
      let settings: RoomSettings | undefined;
      const bans = new Map<string, number | null>();
      let startKey: AttributeMap | undefined;
      do {
        const page = await dynamo.query(
          {
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :firstBan AND :settings',
            // TTL deletes expired bans only eventually; no need to carry them over the wire.
            FilterExpression: 'attribute_not_exists(expiresAt) OR expiresAt >= :nowSeconds',
            ProjectionExpression: 'sk, blockedTerms, slowModeSeconds, maskContacts, version, #until',
            ExpressionAttributeNames: { '#until': 'until' },
            ExpressionAttributeValues: {
              ':pk': { S: sellerPk(sellerId) },
              ':firstBan': { S: CHAT_BAN_SK_PREFIX },
              ':settings': { S: settingsSk },
              ':nowSeconds': number(Math.floor(Date.now() / 1000)),
            },
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          },
          signal,
        );
        for (const item of page.Items) {
          const sk = stringOf(item.sk);
          if (sk === settingsSk) settings = settingsOf(item, sellerId);
          else if (sk?.startsWith(CHAT_BAN_SK_PREFIX)) bans.set(sk.slice(CHAT_BAN_SK_PREFIX.length), banEndsAt(stringOf(item.until) ?? null));
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey !== undefined);
      return { settings, bans };
    },

    async claimSlowMode(roomArn, userId, claim, signal) {
      try {
        await dynamo.putItem(
          {
            TableName: tableName,
            Item: { ...key(slowModeKey(roomArn, userId)), lastMessageAt: number(claim.lastMessageAt), expiresAt: number(claim.expiresAt) },
            ConditionExpression: 'attribute_not_exists(pk) OR lastMessageAt <= :previousAtMost',
            ExpressionAttributeValues: { ':previousAtMost': number(claim.previousAtMost) },
          },
          signal,
        );
        return 'claimed';
      } catch (error) {
        if (isConditionalCheckFailed(error)) return 'too-soon';
        throw error;
      }
    },
  };
}

/**
 * The handler's store. Not the SDK (see review/dynamodb-lite.ts for why: init time under IVS Chat's
 * 200 ms hard limit): one attempt per call (a retry cannot fit in the budget), each aborted after
 * REVIEW_CALL_TIMEOUT_MS so a stuck request does not stay open after the answer is given. Endpoint,
 * region and credentials come from the Lambda environment, read once here at init.
 */
export const { roomSeller, sellerRoom, claimSlowMode } = createReviewStore(
  createDynamoDbLite(configFromEnvironment(process.env, REVIEW_CALL_TIMEOUT_MS)),
  table,
);

const warmUpStore = createReviewStore(createDynamoDbLite(configFromEnvironment(process.env, WARM_UP_TIMEOUT_MS)), table);

/**
 * One room lookup with a generous limit, for a provisioned instance's init: Node loads fetch's HTTP
 * stack on the first call, which alone can outlast the 50 ms of a message's calls (the request would
 * be aborted before it is sent, and the first message would pay again). Connections are pooled
 * process-wide, so the one this opens serves the messages.
 */
export async function warmUp(): Promise<void> {
  await warmUpStore.roomSeller('warm-up', AbortSignal.timeout(WARM_UP_TIMEOUT_MS));
}
