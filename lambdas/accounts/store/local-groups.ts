import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { UserGroup } from '../../core/http/route';
import { parseGroupsClaim } from '../../core/http/caller';
import { groupMembershipKey, USER_PK_PREFIX } from '../model';

/**
 * Group membership in the local runtime, which has no Cognito: a record per group in the catalog
 * table, which `npm run token` (no --role) reads back through the runtime. Never used deployed.
 */
export async function recordGroup(client: DynamoDBDocumentClient, table: string, userId: string, group: UserGroup): Promise<void> {
  await client.send(new PutCommand({ TableName: table, Item: { ...groupMembershipKey(userId, group), userId, group } }));
}

/**
 * The groups a local user has: `buyers` for everyone (what the post-confirmation trigger gives each new
 * user deployed), plus every recorded one.
 */
export async function localGroupsOf(client: DynamoDBDocumentClient, table: string, userId: string): Promise<UserGroup[]> {
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :group)',
      ExpressionAttributeValues: { ':pk': `${USER_PK_PREFIX}${userId}`, ':group': 'GROUP#' },
      ConsistentRead: true,
    }),
  );
  const recorded = parseGroupsClaim(Items.map((item) => item.group));
  return [...new Set<UserGroup>(['buyers', ...recorded])];
}
