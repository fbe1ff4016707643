import {
  CreateTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { buckets, queues, tables, topics, type QueueDeclaration, type QueueName, type TableDeclaration, type TopicDeclaration } from '../lib/topology';
import { localCredentials, localRegion } from './emulators/local-aws';

export function createTableInput(declaration: TableDeclaration): CreateTableCommandInput {
  const keyAttributes = new Set<string>([declaration.partitionKey, declaration.sortKey]);
  for (const index of declaration.indexes) keyAttributes.add(index.partitionKey).add(index.sortKey);
  return {
    TableName: declaration.localName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...keyAttributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: declaration.partitionKey, KeyType: 'HASH' },
      { AttributeName: declaration.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: declaration.indexes.length
      ? declaration.indexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection:
            index.projection === 'ALL'
              ? { ProjectionType: 'ALL' }
              : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection] },
        }))
      : undefined,
    StreamSpecification: declaration.stream ? { StreamEnabled: true, StreamViewType: declaration.stream } : undefined,
  };
}

async function provisionTables(endpoint: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials });
  try {
    for (const declaration of Object.values(tables) as TableDeclaration[]) {
      try {
        await client.send(new CreateTableCommand(createTableInput(declaration)));
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error;
        continue; // persisted from an earlier run
      }
      if (declaration.ttlAttribute) {
        await client.send(
          new UpdateTimeToLiveCommand({
            TableName: declaration.localName,
            TimeToLiveSpecification: { AttributeName: declaration.ttlAttribute, Enabled: true },
          }),
        );
      }
    }
  } finally {
    client.destroy();
  }
}

async function provisionQueues(endpoint: string): Promise<{ urls: Record<string, string>; arns: Record<string, string> }> {
  const client = new SQSClient({ endpoint, region: localRegion, credentials: localCredentials });
  const urls: Record<string, string> = {};
  const arns: Record<string, string> = {};
  try {
    // Dead-letter queues first: a source queue's redrive policy names its DLQ's ARN.
    const ordered = (Object.entries(queues) as [string, QueueDeclaration][]).sort(
      ([, a], [, b]) => Number(Boolean(a.deadLetter)) - Number(Boolean(b.deadLetter)),
    );
    for (const [name, declaration] of ordered) {
      const attributes: Record<string, string> = {
        VisibilityTimeout: String(declaration.visibilityTimeoutSeconds),
        MessageRetentionPeriod: String(declaration.retentionDays * 86_400),
      };
      if (declaration.deadLetter) {
        attributes.RedrivePolicy = JSON.stringify({
          deadLetterTargetArn: arns[declaration.deadLetter.queue],
          maxReceiveCount: declaration.deadLetter.maxReceiveCount,
        });
      }
      const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: declaration.localName, Attributes: attributes }));
      if (!QueueUrl) throw new Error(`No URL for queue ${declaration.localName}`);
      const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
      urls[name] = QueueUrl;
      arns[name] = Attributes?.QueueArn ?? '';
    }
  } finally {
    client.destroy();
  }
  return { urls, arns };
}

/**
 * Topics and their SQS subscriptions (raw message delivery, a redrive policy to the topic's delivery
 * DLQ), as the data stack declares them. CreateTopic and Subscribe are idempotent.
 */
async function provisionTopics(endpoint: string, queueArns: Record<string, string>): Promise<Record<string, string>> {
  const client = new SNSClient({ endpoint, region: localRegion, credentials: localCredentials });
  const arns: Record<string, string> = {};
  try {
    for (const [name, declaration] of Object.entries(topics) as [string, TopicDeclaration][]) {
      const { TopicArn } = await client.send(new CreateTopicCommand({ Name: declaration.localName }));
      if (!TopicArn) throw new Error(`No ARN for topic ${declaration.localName}`);
      arns[name] = TopicArn;
      for (const queue of declaration.subscriptions as readonly QueueName[]) {
        await client.send(
          new SubscribeCommand({
            TopicArn,
            Protocol: 'sqs',
            Endpoint: queueArns[queue],
            Attributes: { RawMessageDelivery: 'true', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: queueArns[declaration.deliveryDeadLetter] }) },
          }),
        );
      }
    }
  } finally {
    client.destroy();
  }
  return arns;
}

async function provisionBuckets(endpoint: string): Promise<void> {
  const client = new S3Client({ endpoint, region: localRegion, credentials: localCredentials, forcePathStyle: true });
  try {
    for (const declaration of Object.values(buckets)) {
      await client.send(new CreateBucketCommand({ Bucket: declaration.localName }));
    }
  } finally {
    client.destroy();
  }
}

/**
 * Creates every table, queue, topic and bucket of the topology on the emulators (idempotent) and returns the
 * environment that functions read: the same variable names the CDK stacks set.
 */
export async function provisionTopology(endpoints: { dynamodb: string; sqsS3: string }): Promise<Record<string, string>> {
  await provisionTables(endpoints.dynamodb);
  const { urls: queueUrls, arns: queueArns } = await provisionQueues(endpoints.sqsS3);
  const topicArns = await provisionTopics(endpoints.sqsS3, queueArns);
  await provisionBuckets(endpoints.sqsS3);
  const env: Record<string, string> = {};
  for (const declaration of Object.values(tables)) env[declaration.envName] = declaration.localName;
  for (const [name, declaration] of Object.entries(queues)) env[declaration.envName] = queueUrls[name] ?? '';
  for (const [name, declaration] of Object.entries(topics)) env[declaration.envName] = topicArns[name] ?? '';
  for (const declaration of Object.values(buckets)) env[declaration.envName] = declaration.localName;
  return env;
}
