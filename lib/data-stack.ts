import { Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { StageConfig } from './config';
import { accessLogsBucket, privateBucket } from './constructs/private-buckets';
import { queues, tables, type QueueName, type TableDeclaration, type TableName } from './topology';

export interface DataStackProps extends StackProps {
  readonly config: StageConfig;
}

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * The stateful half of a region: tables, queues and the reports bucket, built from lib/topology.ts.
 * In prod everything is retained, tables have PITR and deletion protection.
 */
export class DataStack extends Stack {
  readonly tables: Record<TableName, Table>;
  readonly queues: Record<QueueName, Queue>;
  readonly reportsBucket: Bucket;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.tables = {
      catalog: this.table('catalog', tables.catalog, config, removalPolicy),
      orders: this.table('orders', tables.orders, config, removalPolicy),
    };

    const dlq = new Queue(this, 'FulfilmentDlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(queues.fulfilmentDlq.retentionDays),
      visibilityTimeout: Duration.seconds(queues.fulfilmentDlq.visibilityTimeoutSeconds),
      removalPolicy,
    });
    const fulfilment = new Queue(this, 'FulfilmentQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(queues.fulfilment.retentionDays),
      visibilityTimeout: Duration.seconds(queues.fulfilment.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: dlq, maxReceiveCount: queues.fulfilment.deadLetter.maxReceiveCount },
      removalPolicy,
    });
    const refundDlq = new Queue(this, 'RefundDlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(queues.refundDlq.retentionDays),
      visibilityTimeout: Duration.seconds(queues.refundDlq.visibilityTimeoutSeconds),
      removalPolicy,
    });
    const refund = new Queue(this, 'RefundQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(queues.refund.retentionDays),
      visibilityTimeout: Duration.seconds(queues.refund.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: refundDlq, maxReceiveCount: queues.refund.deadLetter.maxReceiveCount },
      removalPolicy,
    });
    this.queues = { fulfilment, fulfilmentDlq: dlq, refund, refundDlq };

    const accessLogs = accessLogsBucket(this, 'AccessLogsBucket', removalPolicy);
    this.reportsBucket = privateBucket(this, 'ReportsBucket', { removalPolicy, accessLogs, accessLogsPrefix: 'reports-bucket/', versioned: true });
  }

  private table(name: TableName, declaration: TableDeclaration, config: StageConfig, removalPolicy: RemovalPolicy): Table {
    const table = new Table(this, `${pascal(name)}Table`, {
      partitionKey: { name: declaration.partitionKey, type: AttributeType.STRING },
      sortKey: { name: declaration.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: config.pointInTimeRecovery },
      deletionProtection: config.deletionProtection,
      timeToLiveAttribute: declaration.ttlAttribute,
      stream: declaration.stream ? StreamViewType[declaration.stream] : undefined,
      removalPolicy,
    });
    for (const index of declaration.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        ...(index.projection === 'ALL'
          ? { projectionType: ProjectionType.ALL }
          : { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection] }),
      });
    }
    if (!config.pointInTimeRecovery) {
      Validations.of(table).acknowledge({
        id: 'AwsSolutions-DDB3',
        reason: 'Point-in-time recovery is on in prod; dev data is disposable test data.',
      });
    }
    return table;
  }
}
