import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { AllowedMethods, Distribution, HttpVersion, PriceClass, ViewerProtocolPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { channelLookupKey, pinLogPartition, sellerLiveKey, countyLiveKey } from '../../lambdas/catalog/model';
import { fanoutWorkerFunction, recordingStateFunction, tickerWorkerFunction } from '../../lambdas/live/routes';
import { fanoutPageKey, followersPartition, inboxPartition, replaysPartition, sellingRoomsPartition, tickedKey, tickerPartition } from '../../lambdas/live/model';
import { channelKey } from '../../lambdas/catalog/model';
import { stockShardKey } from '../../lambdas/catalog/stock-shards';
import { queues, tables } from '../topology';
import { notifyingAlarm, type NotifyingAlarmProps } from './alarms';
import { BackendFunction } from './backend-function';
import { acknowledgeExpectedWildcards } from './nag-wildcards';
import type { CapabilityProps } from './capability';

export interface LiveCapabilityProps extends CapabilityProps {
  /** The functions that see IVS stream state (catalog): they announce a seller's new broadcast. */
  readonly announcers: readonly BackendFunction[];
  /** The private recordings bucket, where the stage records broadcasts. */
  readonly recordingsBucket: IBucket | undefined;
}

/** `FOLLOWERS#*` from `FOLLOWERS#{sellerId}#{shard}`: the IAM LeadingKeys pattern of an item family. */
const family = (pk: string) => `${pk.slice(0, pk.indexOf('#') + 1)}*`;
/** SendMessage only (the queue URL comes from the environment: no GetQueueUrl/GetQueueAttributes needed). */
const sendTo = (queueArn: string) => new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queueArn] });
const leadingKeys = (...pks: string[]) => ({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': pks.map(family) } });

/**
 * Live commerce beyond its HTTP routes: the region's event bus (`Seller Went Live`), the go-live
 * fan-out (queue + DLQ + alarm, an SQS worker with partial batch failures), and, where the stage
 * records, replays: the `IVS Recording State Change` rule and a CloudFront distribution (origin
 * access control) in front of the private recordings bucket.
 */
export class LiveCapability extends Construct {
  readonly bus: EventBus;
  readonly fanoutWorker: BackendFunction;
  readonly tickerWorker: BackendFunction;
  readonly recordingState: BackendFunction | undefined;
  readonly replaysDistribution: Distribution | undefined;

  constructor(scope: Construct, id: string, props: LiveCapabilityProps) {
    super(scope, id);
    const { config, data, alarmTopic } = props;
    const liveTable = data.tables.live;
    const catalogTable = data.tables.catalog;
    const fanoutQueue = data.queues.liveFanout;

    this.bus = new EventBus(this, 'Bus', { eventBusName: `village-live-${config.stage}` });

    for (const fn of props.announcers) {
      fn.addEnvironment('EVENT_BUS_NAME', this.bus.eventBusName);
      fn.addEnvironment(queues.liveFanout.envName, fanoutQueue.queueUrl);
      this.bus.grantPutEventsTo(fn);
      fn.addToRolePolicy(sendTo(fanoutQueue.queueArn));
      // Marks the broadcast announced on the live-status item.
      fn.addToRolePolicy(
        new PolicyStatement({ actions: ['dynamodb:UpdateItem'], resources: [catalogTable.tableArn], conditions: leadingKeys(sellerLiveKey('x').pk, countyLiveKey('x').pk) }),
      );
    }

    this.fanoutWorker = new BackendFunction(this, 'FanoutWorker', {
      entry: fanoutWorkerFunction.entry,
      config,
      description: fanoutWorkerFunction.description,
      timeoutSeconds: fanoutWorkerFunction.timeoutSeconds,
      environment: { [tables.live.envName]: liveTable.tableName, [queues.liveFanout.envName]: fanoutQueue.queueUrl },
    });
    // Followers read by shard; notifications batch-written to inboxes; done marks per page. Nothing else.
    this.fanoutWorker.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: [liveTable.tableArn], conditions: leadingKeys(followersPartition('x', 0)) }));
    this.fanoutWorker.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:BatchWriteItem'], resources: [liveTable.tableArn], conditions: leadingKeys(inboxPartition('x')) }));
    this.fanoutWorker.addToRolePolicy(
      new PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], resources: [liveTable.tableArn], conditions: leadingKeys(fanoutPageKey('x', 0, undefined).pk) }),
    );
    this.fanoutWorker.addToRolePolicy(sendTo(fanoutQueue.queueArn));
    this.fanoutWorker.addEventSource(new SqsEventSource(fanoutQueue, { batchSize: fanoutWorkerFunction.batchSize, reportBatchItemFailures: true }));

    const alarm = (alarmId: string, alarmProps: NotifyingAlarmProps) => notifyingAlarm(this, alarmId, alarmTopic, alarmProps);
    alarm('FanoutDlqNotEmpty', {
      metric: data.queues.liveFanoutDlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      description: 'Go-live fan-out pages were given up: some followers were not notified. Inspect, fix, then redrive (pages are idempotent).',
    });
    alarm('FanoutWorkerErrors', {
      metric: this.fanoutWorker.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      description: 'The go-live fan-out worker failed (SQS redelivers its pages).',
    });

    this.tickerWorker = this.salesTicker(props);

    if (props.recordingsBucket) {
      this.replaysDistribution = this.distribution(props.recordingsBucket);
      this.recordingState = new BackendFunction(this, 'RecordingStateFunction', {
        entry: recordingStateFunction.entry,
        config,
        description: recordingStateFunction.description,
        timeoutSeconds: recordingStateFunction.timeoutSeconds,
        environment: {
          [tables.live.envName]: liveTable.tableName,
          [tables.catalog.envName]: catalogTable.tableName,
          REPLAYS_CDN_DOMAIN: this.replaysDistribution.distributionDomainName,
        },
      });
      this.recordingState.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [catalogTable.tableArn], conditions: leadingKeys(channelLookupKey('x').pk) }));
      this.recordingState.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: [catalogTable.tableArn], conditions: leadingKeys(pinLogPartition('x')) }));
      this.recordingState.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [liveTable.tableArn], conditions: leadingKeys(replaysPartition('x')) }));

      const recordingEventsDlq = new Queue(this, 'RecordingEventsDlq', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
      Validations.of(recordingEventsDlq).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: 'This queue is itself the dead-letter queue of the IVS recording events rule target (alarmed below).',
      });
      new Rule(this, 'RecordingStateChangeRule', {
        description: 'Amazon IVS recording started or ended → replays',
        eventPattern: { source: ['aws.ivs'], detailType: ['IVS Recording State Change'], detail: { recording_status: ['Recording End'] } },
        targets: [new LambdaFunction(this.recordingState, { retryAttempts: 8, maxEventAge: Duration.hours(6), deadLetterQueue: recordingEventsDlq })],
      });
      alarm('RecordingEventsDlqNotEmpty', {
        metric: recordingEventsDlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        description: 'IVS Recording End events were given up: those broadcasts have no replay. Inspect, then re-send them to the function.',
      });
    }
  }

  /**
   * The sales ticker: an SQS worker on the ticker queue (subscribed to the "paid orders" topic), large
   * batches with a 1 s window and partial batch failures; its DLQ alarms. Grants: its own live-table
   * items, the orders it is told about (read), the seller's live status, channel and stock shards
   * (read), and SendEvent on chat rooms.
   */
  private salesTicker(props: LiveCapabilityProps): BackendFunction {
    const { config, data, alarmTopic } = props;
    const liveTable = data.tables.live;
    const catalogTable = data.tables.catalog;
    const ordersTable = data.tables.orders;
    const tickerQueue = data.queues.ticker;
    const worker = new BackendFunction(this, 'TickerWorker', {
      entry: tickerWorkerFunction.entry,
      config,
      description: tickerWorkerFunction.description,
      timeoutSeconds: tickerWorkerFunction.timeoutSeconds,
      environment: {
        [tables.live.envName]: liveTable.tableName,
        [tables.catalog.envName]: catalogTable.tableName,
        [tables.orders.envName]: ordersTable.tableName,
        [queues.ticker.envName]: tickerQueue.queueUrl,
      },
    });
    worker.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
        resources: [liveTable.tableArn],
        conditions: leadingKeys(tickedKey('x').pk, tickerPartition('x'), sellingRoomsPartition('x', 0)),
      }),
    );
    worker.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'], resources: [ordersTable.tableArn] }));
    worker.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'],
        resources: [catalogTable.tableArn],
        // SELLER# (live status and channel items) and STOCK# (stock shards).
        conditions: leadingKeys(channelKey('x').pk, stockShardKey('x', 0).pk),
      }),
    );
    worker.addToRolePolicy(
      new PolicyStatement({ actions: ['ivschat:SendEvent'], resources: [Stack.of(this).formatArn({ service: 'ivschat', resource: 'room', resourceName: '*' })] }),
    );
    worker.addToRolePolicy(sendTo(tickerQueue.queueArn));
    worker.addEventSource(
      new SqsEventSource(tickerQueue, {
        batchSize: tickerWorkerFunction.batchSize,
        maxBatchingWindow: Duration.seconds(tickerWorkerFunction.maxBatchingWindowSeconds),
        reportBatchItemFailures: true,
      }),
    );
    acknowledgeExpectedWildcards(worker, [
      { resource: (arn) => arn.includes(':ivschat:') && arn.endsWith(':room/*'), reason: 'ivschat:SendEvent on room/*: seller rooms are created at run time (one per seller), their ARNs are not known at deploy time.' },
    ]);
    notifyingAlarm(this, 'TickerDlqNotEmpty', alarmTopic, {
      metric: data.queues.tickerDlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      description: 'Sales ticker messages were given up (paid orders not shown in the room): inspect, fix, then redrive (counting is idempotent).',
    });
    notifyingAlarm(this, 'PaidOrdersDeliveryDlqNotEmpty', alarmTopic, {
      metric: data.queues.paidOrdersDeliveryDlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      description: 'The paid orders topic could not deliver to a subscribed queue (fulfilment or ticker): redrive the messages to the queue they name.',
    });
    return worker;
  }

  /** Replays through CloudFront: the recordings bucket stays private, read only through origin access control. */
  private distribution(bucket: IBucket): Distribution {
    const distribution = new Distribution(this, 'ReplaysDistribution', {
      comment: `village-live replays (${Stack.of(this).region})`,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_ALL,
    });
    const acknowledge = (nagId: string, reason: string) => Validations.of(distribution).acknowledge({ id: nagId, reason });
    acknowledge('AwsSolutions-CFR1', 'No geo restriction: buyers watch replays wherever they are; sales are restricted by shipping address, not by viewing location.');
    acknowledge('AwsSolutions-CFR2', 'No WAF: the distribution serves only GET/HEAD of public replay video (no origin compute, no writes); CloudFront Shield Standard covers volumetric attacks, and a web ACL would cost more than the content is worth protecting.');
    acknowledge('AwsSolutions-CFR3', 'No CloudFront access logs: standard logging needs an ACL-enabled bucket, which the private-bucket policy forbids; the recordings bucket keeps its S3 server access logs and CloudFront metrics cover traffic.');
    acknowledge('AwsSolutions-CFR4', 'The default *.cloudfront.net certificate (no custom domain yet) only allows TLSv1 as the minimum viewer protocol; a custom domain with TLSv1.2_2021 comes with the apps’ domain.');
    return distribution;
  }
}
