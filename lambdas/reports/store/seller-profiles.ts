import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { batchGet } from '../../core/aws/batch-get';
import { documentClient } from '../../core/aws/dynamodb';
import { itemDecoder } from '../../core/item-decoder';
import { profileKey } from '../../catalog/model';
import type { SellerProfiles } from '../use-cases/ports';

// Only what the village status reads; the rest of the profile is not fetched into the decision.
const decodeProfile = itemDecoder(
  'seller profile',
  z.object({ sellerId: z.string().min(1), villageCode: z.string().optional(), createdAt: z.string() }),
);

/** Seller profiles from the catalog table, by BatchGetItem: 100 keys a request, never a Scan. */
export function createSellerProfiles(options: { tableName: string; client?: DynamoDBDocumentClient }): SellerProfiles {
  return {
    async profilesOf(sellerIds) {
      const items = await batchGet(options.tableName, sellerIds.map(profileKey), { client: options.client ?? documentClient });
      return items.map(decodeProfile).map(({ sellerId, villageCode, createdAt }) => ({ sellerId, villageCode, createdAt }));
    },
  };
}
