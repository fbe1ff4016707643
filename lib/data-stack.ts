import { Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { StageConfig } from './config';
import { PaymentSecret } from './constructs/payment-secret';
import { accessLogsBucket, privateBucket, reportsLifecycle } from './constructs/private-buckets';
import { queues, tables, topics, type QueueName, type TableDeclaration, type TableName, type TopicDeclaration, type TopicName } from './topology';

export interface DataStackProps extends StackProps {
  readonly config: StageConfig;
}

/**
 * A weak reference: the SSM parameter through which the app stack reads the orders stream ARN, instead
 * of a CloudFormation export. An exported value cannot change while another stack imports it ("export
 * in use"), and the stream ARN changes whenever the stream is re-specified: the data stack then updates
 * the parameter, and the app stack's next deployment (it deploys after the data stack) re-reads it.
 */
export const ordersStreamArnParameterName = (stage: string) => `/village-live/${stage}/data/orders-stream-arn`;

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * The stateful half of a region: tables, queues and the reports bucket, built from lib/topology.ts.
 * In prod everything is retained, tables have PITR and deletion protection.
 */
export class DataStack extends Stack {
  readonly tables: Record<TableName, Table>;
  readonly queues: Record<QueueName, Queue>;
  /** The outbox Pipe's target: fans each newly PAID order out to the fulfilment and ticker queues. */
  readonly paidOrdersTopic: Topic;
  readonly reportsBucket: Bucket;
  /** The Alipay credentials ops put in; functions get read access by name (grantPaymentProvider). */
  readonly paymentSecret: PaymentSecret;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.tables = {
      catalog: this.table('catalog', tables.catalog, config, removalPolicy),
      orders: this.table('orders', tables.orders, config, removalPolicy),
      live: this.table('live', tables.live, config, removalPolicy),
      reports: this.table('reports', tables.reports, config, removalPolicy),
    };

    const dlq = this.queue('FulfilmentDlq', 'fulfilmentDlq', removalPolicy);
    const fulfilment = this.queue('FulfilmentQueue', 'fulfilment', removalPolicy, { queue: dlq, maxReceiveCount: queues.fulfilment.deadLetter.maxReceiveCount });
    const refundDlq = this.queue('RefundDlq', 'refundDlq', removalPolicy);
    const refund = this.queue('RefundQueue', 'refund', removalPolicy, { queue: refundDlq, maxReceiveCount: queues.refund.deadLetter.maxReceiveCount });
    const liveFanoutDlq = this.queue('LiveFanoutDlq', 'liveFanoutDlq', removalPolicy);
    const liveFanout = this.queue('LiveFanoutQueue', 'liveFanout', removalPolicy, { queue: liveFanoutDlq, maxReceiveCount: queues.liveFanout.deadLetter.maxReceiveCount });
    const tickerDlq = this.queue('TickerDlq', 'tickerDlq', removalPolicy);
    const ticker = this.queue('TickerQueue', 'ticker', removalPolicy, { queue: tickerDlq, maxReceiveCount: queues.ticker.deadLetter.maxReceiveCount });
    const paidOrdersDeliveryDlq = this.queue('PaidOrdersDeliveryDlq', 'paidOrdersDeliveryDlq', removalPolicy);
    Validations.of(paidOrdersDeliveryDlq).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This queue is itself the dead-letter queue of the paid orders topic subscriptions (alarmed in the live capability).' });
    this.queues = { fulfilment, fulfilmentDlq: dlq, refund, refundDlq, liveFanout, liveFanoutDlq, ticker, tickerDlq, paidOrdersDeliveryDlq };
    this.paidOrdersTopic = this.topic('PaidOrdersTopic', 'paidOrders');

    new StringParameter(this, 'OrdersStreamArnParameter', {
      parameterName: ordersStreamArnParameterName(config.stage),
      description: 'Orders table stream ARN, read by the app stack (outbox Pipe) without a CloudFormation export',
      stringValue: this.tables.orders.tableStreamArn!,
    });

    const accessLogs = accessLogsBucket(this, 'AccessLogsBucket', removalPolicy);
    this.reportsBucket = privateBucket(this, 'ReportsBucket', {
      removalPolicy,
      accessLogs,
      accessLogsPrefix: 'reports-bucket/',
      versioned: true,
      lifecycleRules: reportsLifecycle(config),
    });
    this.paymentSecret = new PaymentSecret(this, 'PaymentSecret', { config });
  }

  private queue(id: string, name: QueueName, removalPolicy: RemovalPolicy, deadLetterQueue?: { queue: Queue; maxReceiveCount: number }): Queue {
    const declaration = queues[name];
    return new Queue(this, id, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(declaration.retentionDays),
      visibilityTimeout: Duration.seconds(declaration.visibilityTimeoutSeconds),
      ...(deadLetterQueue ? { deadLetterQueue } : {}),
      removalPolicy,
    });
  }

  /**
   * A standard topic, encrypted with the AWS-managed SNS key and TLS-only, with raw-delivery SQS
   * subscriptions (each queue's policy lets this topic only send to it) and a redrive policy to the
   * topic's delivery DLQ.
   */
  private topic(id: string, name: TopicName): Topic {
    const declaration: TopicDeclaration = topics[name];
    const topic = new Topic(this, id, { masterKey: Alias.fromAliasName(this, `${id}Key`, 'alias/aws/sns'), enforceSSL: true });
    for (const queueName of declaration.subscriptions) {
      topic.addSubscription(
        new SqsSubscription(this.queues[queueName], { rawMessageDelivery: true, deadLetterQueue: this.queues[declaration.deliveryDeadLetter] }),
      );
    }
    return topic;
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
