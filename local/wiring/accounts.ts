import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localGroupsOf } from '../../lambdas/accounts/store/local-groups';
import { tables } from '../../lib/topology';
import { localCredentials, localRegion } from '../emulators/local-aws';
import type { LocalExtension } from '../extension';

/**
 * What Cognito holds deployed, read back locally: `GET /_local/users/{userId}/groups` answers the groups
 * a user has (`buyers` for everyone, plus what an approval recorded), for `npm run token` without `--role`.
 */
export function accountsExtension(): LocalExtension {
  let client: DynamoDBClient | undefined;
  return {
    name: 'accounts',
    async start(context) {
      client = new DynamoDBClient({ endpoint: context.endpoints.dynamodb, region: localRegion, credentials: localCredentials });
      const documents = DynamoDBDocumentClient.from(client);
      const table = context.env[tables.catalog.envName] ?? tables.catalog.localName;
      return {
        controlRoutes: [
          {
            method: 'GET',
            path: '/_local/users/{userId}/groups',
            handle: async ({ params }) => {
              const userId = params.userId ?? '';
              return { status: 200, body: { userId, groups: await localGroupsOf(documents, table, userId) } };
            },
          },
        ],
      };
    },
    async stop() {
      client?.destroy();
    },
  };
}
