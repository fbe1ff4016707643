import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { conflict } from '../../core/errors';
import { itemDecoder } from '../../core/item-decoder';
import { queryPage, type Page } from '../../catalog/store/paging';
import { catalogTable, db, isConditionalFailure } from '../../catalog/store/table';
import { applicationIndexKeys, applicationKey, applicationsPartition, applicationStatuses, type ApplicationStatus, type SellerApplicationItem } from '../model';

export const decodeApplication = itemDecoder(
  'seller application',
  z.object({
    userId: z.string().min(1),
    displayName: z.string(),
    countyCode: z.string().regex(/^\d{6}$/),
    villageCode: z.string().regex(/^\d{12}$/).optional(),
    phone: z.string(),
    status: z.enum(applicationStatuses),
    reason: z.string().optional(),
    submittedAt: z.string(),
    decidedAt: z.string().optional(),
    decidedBy: z.string().optional(),
  }) satisfies z.ZodType<SellerApplicationItem>,
);

export async function getApplication(userId: string): Promise<SellerApplicationItem | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: catalogTable, Key: applicationKey(userId), ConsistentRead: true }));
  return Item ? decodeApplication(Item) : undefined;
}

const toItem = (application: SellerApplicationItem) => ({ ...applicationKey(application.userId), ...applicationIndexKeys(application), ...application });

/** Writes a (re)submitted application, unless an approval landed in between. */
export async function putSubmitted(application: SellerApplicationItem): Promise<void> {
  try {
    await db.send(
      new PutCommand({
        TableName: catalogTable,
        Item: toItem(application),
        ConditionExpression: 'attribute_not_exists(pk) OR #status <> :approved',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':approved': 'APPROVED' },
      }),
    );
  } catch (error) {
    if (isConditionalFailure(error)) throw conflict('This account is already an approved seller');
    throw error;
  }
}

/** Writes ops' decision on the application as it was read (`from`): a concurrent change makes it a 409, never a lost update. */
export async function putDecided(application: SellerApplicationItem, from: SellerApplicationItem): Promise<void> {
  try {
    await db.send(
      new PutCommand({
        TableName: catalogTable,
        Item: toItem(application),
        ConditionExpression: '#status = :from AND submittedAt = :submittedAt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':from': from.status, ':submittedAt': from.submittedAt },
      }),
    );
  } catch (error) {
    if (isConditionalFailure(error)) throw conflict('The application changed meanwhile; read it again');
    throw error;
  }
}

const APPLICATION_LIST_KEY = ['pk', 'sk', 'gsi1pk', 'gsi1sk'] as const;

export function listApplications(status: ApplicationStatus, page: { limit: number; cursor: string | undefined }): Promise<Page<SellerApplicationItem>> {
  const gsi1pk = applicationsPartition(status);
  return queryPage(
    {
      TableName: catalogTable,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': gsi1pk },
    },
    { ...page, scope: { gsi1pk }, keyAttributes: APPLICATION_LIST_KEY, decode: decodeApplication },
  );
}
