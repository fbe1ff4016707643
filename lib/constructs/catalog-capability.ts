import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { CfnRecordingConfiguration } from 'aws-cdk-lib/aws-ivs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { notifyingAlarm } from './alarms';
import { accessLogsBucket, privateBucket, recordingsLifecycle } from './private-buckets';
import {
  createChannelRoute,
  liveStatusFunction,
  reconcileLiveFunction,
} from '../../lambdas/catalog/routes';
import {
  channelKey,
  channelLookupKey,
  COUNTY_CHANNELS_PARTITION,
  countyLiveKey,
  LIVE_ALL_PARTITION,
  profileKey,
  sellerLiveKey,
} from '../../lambdas/catalog/model';
import { tables } from '../topology';
import { BackendFunction } from './backend-function';
import type { CapabilityProps } from './capability';
import { acknowledgeExpectedWildcards } from './nag-wildcards';

const ivsResourceArns = (scope: Construct, service: 'ivs' | 'ivschat', resource: string) =>
  Stack.of(scope).formatArn({ service, resource, resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });

const ivsWildcard = (service: 'ivs' | 'ivschat', resource: string) => (arn: string) =>
  new RegExp(`^arn:<AWS::Partition>:${service}:[a-z0-9-]+:<AWS::AccountId>:${resource}/\\*$`).test(arn);


/**
 * Catalog beyond its HTTP routes: live status from `aws.ivs` "IVS Stream State Change" events (an
 * EventBridge rule with retries and a dead-letter queue) plus a scheduled GetStream reconcile, and,
 * where the stage records broadcasts, the recording configuration and its private bucket. County
 * channels and their rooms: lib/constructs/county-channels.ts. Seller channels are created at
 * runtime by POST /v1/seller/channel. No stream key is created here, so none can reach an output.
 */
export class CatalogCapability extends Construct {
  readonly liveStatus: BackendFunction;
  readonly reconcileLive: BackendFunction;
  readonly recordingConfiguration: CfnRecordingConfiguration | undefined;
  readonly recordingsBucket: Bucket | undefined;
  readonly eventDeadLetterQueue: Queue;
  private readonly config: CapabilityProps['config'];

  constructor(scope: Construct, id: string, props: CapabilityProps) {
    super(scope, id);
    const { config, routes, alarmTopic } = props;
    this.config = config;
    const stage = config.stage;
    const catalogTable = props.data.tables.catalog;
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    if (config.ivs.recordBroadcasts) {
      const accessLogs = accessLogsBucket(this, 'RecordingsAccessLogsBucket', removalPolicy);
      this.recordingsBucket = privateBucket(this, 'RecordingsBucket', {
        removalPolicy,
        accessLogs,
        accessLogsPrefix: 'recordings-bucket/',
        lifecycleRules: recordingsLifecycle(config),
      });
      // IVS writes through its service-linked role (AWSServiceRoleForIVSRecordToS3): no bucket policy needed.
      this.recordingConfiguration = new CfnRecordingConfiguration(this, 'RecordingConfiguration', {
        name: `village-live-${stage}-replays`,
        destinationConfiguration: { s3: { bucketName: this.recordingsBucket.bucketName } },
        recordingReconnectWindowSeconds: 60,
        thumbnailConfiguration: { recordingMode: 'INTERVAL', targetIntervalSeconds: 60 },
        tags: [{ key: 'village-live:stage', value: stage }],
      });
    }

    const channelFunction = routes.functionFor(createChannelRoute.id);
    channelFunction.addEnvironment('CHAT_FALLBACK_RESULT', config.ivs.chatFallbackResult);
    channelFunction.addEnvironment('CHAT_MAX_MESSAGE_LENGTH', String(config.ivs.maximumMessageLength));
    channelFunction.addEnvironment('CHAT_MAX_MESSAGE_RATE', String(config.ivs.maximumMessageRatePerSecond));
    if (this.recordingConfiguration) {
      channelFunction.addEnvironment('RECORDING_CONFIGURATION_ARN', this.recordingConfiguration.attrArn);
      // Attaching a recording configuration to a new channel is authorised against the configuration too.
      channelFunction.addToRolePolicy(new PolicyStatement({ actions: ['ivs:CreateChannel'], resources: [this.recordingConfiguration.attrArn] }));
    }

    this.liveStatus = this.liveStatusFunction('LiveStatusFunction', liveStatusFunction, catalogTable);
    this.reconcileLive = this.liveStatusFunction('ReconcileLiveFunction', reconcileLiveFunction, catalogTable);
    // The reconcile also walks the live index (gsi1, partition LIVE).
    this.reconcileLive.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${catalogTable.tableArn}/index/gsi1`],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [LIVE_ALL_PARTITION] } },
      }),
    );

    this.eventDeadLetterQueue = new Queue(this, 'LiveStatusEventsDlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.eventDeadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the IVS stream state rule target; GetStream reconcile repairs the state meanwhile.',
    });
    new Rule(this, 'StreamStateChangeRule', {
      description: 'Amazon IVS channel went live or offline → live-status function',
      eventPattern: { source: ['aws.ivs'], detailType: ['IVS Stream State Change'] },
      targets: [new LambdaFunction(this.liveStatus, { retryAttempts: 8, maxEventAge: Duration.hours(1), deadLetterQueue: this.eventDeadLetterQueue })],
    });
    new Rule(this, 'ReconcileLiveSchedule', {
      description: 'Checks everyone shown live against IVS GetStream (IVS events are best-effort)',
      schedule: Schedule.rate(Duration.minutes(reconcileLiveFunction.rateMinutes)),
      targets: [new LambdaFunction(this.reconcileLive, { retryAttempts: 0 })],
    });

    const alarm = (alarmId: string, metric: IMetric, description: string) => notifyingAlarm(this, alarmId, alarmTopic, { metric, description });
    alarm('LiveStatusErrors', this.liveStatus.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }), 'The live-status function failed on an IVS event (EventBridge retries it).');
    alarm(
      'LiveStatusDlqNotEmpty',
      this.eventDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      'IVS stream state events were given up; the scheduled GetStream reconcile repairs live status within minutes. Inspect, then purge.',
    );
  }

  /**
   * The live-status and reconcile functions: GetItem on the lookup, profile and channel items, PutItem
   * of live-status items (seller and county), GetStream on this region's channels; nothing else.
   */
  private liveStatusFunction(
    id: string,
    spec: { entry: string; description: string; timeoutSeconds: number },
    catalogTable: ITable,
  ): BackendFunction {
    const fn = new BackendFunction(this, id, {
      entry: spec.entry,
      config: this.config,
      description: spec.description,
      timeoutSeconds: spec.timeoutSeconds,
      environment: { [tables.catalog.envName]: catalogTable.tableName },
    });
    const leading = (...pks: string[]) => ({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...new Set(pks)] } });
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem'],
        resources: [catalogTable.tableArn],
        conditions: leading(channelLookupKey('*').pk, profileKey('*').pk, channelKey('*').pk, sellerLiveKey('*').pk),
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [catalogTable.tableArn], conditions: leading(sellerLiveKey('*').pk, countyLiveKey('*').pk) }),
    );
    // The county channels (lib/constructs/county-channels.ts), one partition.
    fn.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: [catalogTable.tableArn], conditions: leading(COUNTY_CHANNELS_PARTITION) }));
    fn.addToRolePolicy(new PolicyStatement({ actions: ['ivs:GetStream'], resources: [ivsResourceArns(this, 'ivs', 'channel')] }));
    acknowledgeExpectedWildcards(fn, [
      {
        resource: ivsWildcard('ivs', 'channel'),
        reason: "GetStream on any of this account's and region's IVS channels: events and the reconcile concern seller channels created at runtime.",
      },
    ]);
    return fn;
  }

}
