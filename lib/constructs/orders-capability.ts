import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { CfnPipe } from 'aws-cdk-lib/aws-pipes';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { notifyingAlarm } from './alarms';
import { outboxFilterPattern, outboxRetryPolicy, pipeInputTemplate } from '../../lambdas/orders/outbox';
import { orderRoutes } from '../../lambdas/orders/routes';
import { ordersStreamArnParameterName } from '../data-stack';
import { queues, tables } from '../topology';
import { BackendFunction } from './backend-function';
import type { CapabilityProps } from './capability';
import { acknowledgeExpectedWildcards } from './nag-wildcards';
import { pipeFailures } from './pipe-metrics';

/** The worker's SQS event source: what the local poller (local/wiring/fulfilment-queue.ts) imitates. */
export const FULFILMENT_EVENT_SOURCE = { batchSize: 10, maxBatchingWindowSeconds: 1, maxConcurrency: 20 } as const;
/** SQS advises a visibility timeout of at least six times the function timeout (60 s, lib/topology.ts). */
export const FULFILMENT_WORKER_TIMEOUT_SECONDS = 10;

/**
 * Orders beyond their HTTP routes: the transactional outbox (an EventBridge Pipe from the orders
 * table's stream, filtered to new PLACED orders, into the fulfilment queue), the fulfilment worker with
 * partial batch failures, and an alarm as soon as anything reaches the fulfilment DLQ. The Pipe retries a
 * record a bounded time (outboxRetryPolicy), then dead-letters its batch to the outbox DLQ; both that
 * queue's depth and the Pipe's failures alarm.
 */
export class OrdersCapability extends Construct {
  readonly worker: BackendFunction;
  readonly pipe: CfnPipe;
  readonly pipeName: string;
  readonly outboxDlq: Queue;
  readonly dlqAlarm: Alarm;
  readonly outboxDlqAlarm: Alarm;
  readonly pipeFailuresAlarm: Alarm;

  constructor(scope: Construct, id: string, props: CapabilityProps) {
    super(scope, id);
    const { config, data, routes, alarmTopic } = props;
    const ordersTable = data.tables.orders;
    const { fulfilment, fulfilmentDlq } = data.queues;

    this.worker = new BackendFunction(this, 'FulfilmentWorker', {
      entry: 'lambdas/fulfilment/handler.ts',
      config,
      description: 'Fulfilment worker: PLACED to FULFILMENT_REQUESTED plus shipment request, once',
      timeoutSeconds: FULFILMENT_WORKER_TIMEOUT_SECONDS,
      // Orders placed during an API flood still get fulfilled: the worker does not compete for the shared pool.
      reservedConcurrency: config.reservedConcurrency.fulfilmentWorker,
      environment: { [tables.orders.envName]: ordersTable.tableName },
    });
    // Exactly what requestFulfilmentOnce does: a consistent read, then one transaction (an Update of the
    // order and a Put of the shipment request). No Scan, Query, Delete, nor the catalog table.
    this.worker.addToRolePolicy(
      new PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'], resources: [ordersTable.tableArn] }),
    );
    this.worker.addEventSource(
      new SqsEventSource(fulfilment, {
        batchSize: FULFILMENT_EVENT_SOURCE.batchSize,
        maxBatchingWindow: Duration.seconds(FULFILMENT_EVENT_SOURCE.maxBatchingWindowSeconds),
        // Never above the reservation: the poller's invocations beyond it would be throttled, and each
        // throttled batch returns to the queue with its receive count up, towards the DLQ.
        maxConcurrency: Math.min(FULFILMENT_EVENT_SOURCE.maxConcurrency, config.reservedConcurrency.fulfilmentWorker),
        reportBatchItemFailures: true,
      }),
    );

    // A Pipe rather than a stream-consumer Lambda: the filter runs before anything is invoked or paid
    // for, there is no code to own, and retries are the Pipe's (bounded by outboxRetryPolicy).
    // Named, so that the role's trust policy can name the pipe's ARN without a reference cycle (the
    // pipe needs the role's ARN first).
    const pipeName = `village-live-${config.stage}-orders-outbox`;
    // Through SSM, not an export: see ordersStreamArnParameterName (lib/data-stack.ts).
    const ordersStreamArn = StringParameter.valueForStringParameter(this, ordersStreamArnParameterName(config.stage));
    this.pipeName = pipeName;
    this.outboxDlq = new Queue(this, 'OutboxDlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(queues.outboxDlq.retentionDays),
      visibilityTimeout: Duration.seconds(queues.outboxDlq.visibilityTimeoutSeconds),
      removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.outboxDlq).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the outbox Pipe; its depth alarms.',
    });
    const pipeArn = Stack.of(this).formatArn({ service: 'pipes', resource: 'pipe', resourceName: pipeName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    const pipeRole = new Role(this, 'OutboxPipeRole', {
      description: 'EventBridge Pipe: orders table stream to fulfilment queue',
      // Confused-deputy guard: only this pipe, in this account, may assume the role.
      assumedBy: new ServicePrincipal('pipes.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account, 'aws:SourceArn': pipeArn } },
      }),
    });
    pipeRole.addToPolicy(
      new PolicyStatement({
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
        resources: [ordersStreamArn],
      }),
    );
    pipeRole.addToPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [fulfilment.queueArn, this.outboxDlq.queueArn] }));

    this.pipe = new CfnPipe(this, 'OutboxPipe', {
      name: pipeName,
      description: 'Transactional outbox: every new PLACED order becomes one fulfilment message',
      roleArn: pipeRole.roleArn,
      source: ordersStreamArn,
      sourceParameters: {
        dynamoDbStreamParameters: {
          startingPosition: 'TRIM_HORIZON',
          batchSize: 10,
          maximumBatchingWindowInSeconds: 1,
          // Bounded: a record retried until it left the stream (24 h) would block its shard all that time
          // and then vanish without a trace. Given up, its batch is described in the outbox DLQ instead.
          maximumRetryAttempts: outboxRetryPolicy.maximumRetryAttempts,
          maximumRecordAgeInSeconds: outboxRetryPolicy.maximumRecordAgeSeconds,
          deadLetterConfig: { arn: this.outboxDlq.queueArn },
          onPartialBatchItemFailure: 'AUTOMATIC_BISECT',
        },
        filterCriteria: { filters: [{ pattern: JSON.stringify(outboxFilterPattern) }] },
      },
      target: fulfilment.queueArn,
      targetParameters: { inputTemplate: pipeInputTemplate },
    });
    this.pipe.node.addDependency(pipeRole);

    this.dlqAlarm = notifyingAlarm(this, 'FulfilmentDlqNotEmpty', alarmTopic, {
      description: 'A fulfilment message failed maxReceiveCount times and sits in the DLQ: fix the cause, then redrive (docs/orders.md).',
      metric: fulfilmentDlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
    });

    this.outboxDlqAlarm = notifyingAlarm(this, 'OutboxDlqNotEmpty', alarmTopic, {
      description:
        'The outbox Pipe gave up on orders-stream records (the fulfilment queue refused them past the retry policy): their orders stay PLACED. Fix the cause, then re-request fulfilment for them (docs/runbook.md).',
      metric: this.outboxDlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
    });
    this.pipeFailuresAlarm = notifyingAlarm(this, 'OutboxPipeFailing', alarmTopic, {
      description: 'The outbox Pipe keeps failing to deliver new orders to the fulfilment queue (3 of 5 minutes): orders wait; past the retry policy they go to the outbox DLQ.',
      metric: pipeFailures(pipeName),
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
    });

    for (const route of orderRoutes) {
      acknowledgeExpectedWildcards(routes.functionFor(route.id), [
        {
          resource: (arn) => (arn.includes('OrdersTable') || arn.includes('CatalogTable')) && arn.endsWith('/index/*'),
          reason: `${route.method} ${route.path}: the table grants of its access tokens include the table's own indexes (the order lists query gsi1/gsi2); no other table.`,
        },
      ]);
    }
  }
}
