import { ArnFormat, Duration, RemovalPolicy, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { MathExpression, Metric, type Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { CfnPipe } from 'aws-cdk-lib/aws-pipes';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { notifyingAlarm } from './alarms';
import { outboxFilterPattern, outboxRetryPolicy, pipeInputTemplate, refundFilterPattern, refundPipeInputTemplate } from '../../lambdas/orders/outbox';
import { orderRoutes } from '../../lambdas/orders/routes';
import { FULFILMENT_LAG_METRIC, orderSchedules, type OrderSchedule } from '../../lambdas/orders/schedules';
import { schedulerInputTemplate } from '../../lambdas/reports/schedule';
import { ordersStreamArnParameterName } from '../data-stack';
import { queues, tables } from '../topology';
import { grantAccess } from './access-grants';
import { BackendFunction } from './backend-function';
import type { CapabilityProps } from './capability';
import { alipayNotifyUrl } from './api-routes';
import { acknowledgeExpectedWildcards } from './nag-wildcards';
import { grantPaymentProvider } from './payment-secret';
import { pipeFailures } from './pipe-metrics';

/** The worker's SQS event source: what the local poller (local/wiring/fulfilment-queue.ts) imitates. */
export const FULFILMENT_EVENT_SOURCE = { batchSize: 10, maxBatchingWindowSeconds: 1, maxConcurrency: 20 } as const;
/** SQS advises a visibility timeout of at least six times the function timeout (60 s, lib/topology.ts). */
export const FULFILMENT_WORKER_TIMEOUT_SECONDS = 10;

/**
 * Orders beyond their HTTP routes: the transactional outboxes (EventBridge Pipes from the orders
 * table's stream: newly PAID orders into the fulfilment queue, refunds that became PENDING into the
 * refund queue), their workers with partial batch failures and DLQ alarms, and the lifecycle sweeps
 * (expiry, automatic delivery, fulfilment lag check with its alarm) on EventBridge Scheduler. Each Pipe
 * retries a record a bounded time (outboxRetryPolicy), then dead-letters its batch to its own DLQ; that
 * queue's depth and the Pipe's failures alarm.
 */
export class OrdersCapability extends Construct {
  readonly worker: BackendFunction;
  readonly pipe: CfnPipe;
  readonly pipeName: string;
  /** The outbox Pipe's dead-letter queue (stream batches it gave up on), not the fulfilment queue's. */
  readonly outboxDlq: Queue;
  readonly dlqAlarm: Alarm;
  readonly refundWorker: BackendFunction;
  readonly refundPipe: CfnPipe;
  readonly refundDlqAlarm: Alarm;
  readonly scheduled: Record<OrderSchedule['id'], BackendFunction> = {};
  readonly fulfilmentLagAlarm: Alarm;

  constructor(scope: Construct, id: string, props: CapabilityProps) {
    super(scope, id);
    const { config, data, routes, alarmTopic } = props;
    const ordersTable = data.tables.orders;
    const { fulfilment, fulfilmentDlq } = data.queues;

    this.worker = new BackendFunction(this, 'FulfilmentWorker', {
      entry: 'lambdas/fulfilment/handler.ts',
      config,
      description: 'Fulfilment worker: PAID to FULFILMENT_REQUESTED plus shipment request, once',
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
    // for, there is no code to own, and retries are the Pipe's (until the record leaves the stream).
    // Named, so that the role's trust policy can name the pipe's ARN without a reference cycle (the
    // pipe needs the role's ARN first).
    const deadLetterRemoval = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    // Through SSM, not an export: see ordersStreamArnParameterName (lib/data-stack.ts).
    const ordersStreamArn = StringParameter.valueForStringParameter(this, ordersStreamArnParameterName(config.stage));
    this.pipeName = `village-live-${config.stage}-orders-outbox`;
    // The target is the "paid orders" topic (fulfilment and sales ticker queues subscribe, raw delivery):
    // one more consumer of paid orders without a third reader of the orders stream.
    const paidOrders = data.paidOrdersTopic;
    const outbox = this.outboxPipe('OutboxPipe', this.pipeName, ordersStreamArn, { arn: paidOrders.topicArn, send: ['sns:Publish'] }, {
      description: 'Transactional outbox: every newly PAID order becomes one message on the paid orders topic',
      pattern: outboxFilterPattern,
      inputTemplate: pipeInputTemplate,
      deadLetterId: 'OutboxDlq',
      removalPolicy: deadLetterRemoval,
    });
    this.pipe = outbox.pipe;
    this.outboxDlq = outbox.deadLetters;
    notifyingAlarm(this, 'OutboxDlqNotEmpty', alarmTopic, {
      description:
        'The outbox Pipe gave up on orders-stream records (the fulfilment queue refused them past the retry policy): those orders stay PAID. Fix the cause, then re-request fulfilment for them (docs/runbook.md).',
      metric: this.outboxDlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
    });
    notifyingAlarm(this, 'OutboxPipeFailing', alarmTopic, {
      description: 'The outbox Pipe keeps failing to deliver paid orders to the fulfilment queue (3 of 5 minutes): orders wait; past the retry policy they go to the outbox DLQ.',
      metric: pipeFailures(this.pipeName),
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
    });

    this.dlqAlarm = notifyingAlarm(this, 'FulfilmentDlqNotEmpty', alarmTopic, {
      description: 'A fulfilment message failed maxReceiveCount times and sits in the DLQ: fix the cause, then redrive (docs/orders.md).',
      metric: fulfilmentDlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
    });

    // Refunds: the same outbox idea. The write that makes a refund PENDING (a paid order cancelled,
    // money for an expired order) is the only source of the refund message: a second Pipe on the same
    // stream (two readers per shard, DynamoDB Streams' recommended maximum) with its own filter.
    const { refund, refundDlq } = data.queues;
    this.refundWorker = new BackendFunction(this, 'RefundWorker', {
      entry: 'lambdas/payments/refund/handler.ts',
      config,
      description: 'Refund worker: refunds PENDING refunds through the payment provider, retried until confirmed',
      timeoutSeconds: FULFILMENT_WORKER_TIMEOUT_SECONDS,
      environment: { [tables.orders.envName]: ordersTable.tableName },
    });
    // refundOnce: a consistent read, then one transaction updating the order; the refund itself through the provider.
    this.refundWorker.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], resources: [ordersTable.tableArn] }));
    grantPaymentProvider(this.refundWorker, config, { notifyUrl: alipayNotifyUrl(props.http) });
    this.refundWorker.addEventSource(new SqsEventSource(refund, { batchSize: 10, maxBatchingWindow: Duration.seconds(1), maxConcurrency: 5, reportBatchItemFailures: true }));
    const refundPipeName = `village-live-${config.stage}-orders-refunds`;
    const refunds = this.outboxPipe('RefundPipe', refundPipeName, ordersStreamArn, { arn: refund.queueArn, send: ['sqs:SendMessage'] }, {
      description: 'Transactional outbox: every refund that became PENDING becomes one refund message',
      pattern: refundFilterPattern,
      inputTemplate: refundPipeInputTemplate,
      deadLetterId: 'RefundPipeDlq',
      removalPolicy: deadLetterRemoval,
    });
    this.refundPipe = refunds.pipe;
    notifyingAlarm(this, 'RefundPipeDlqNotEmpty', alarmTopic, {
      description: 'The refund Pipe gave up on orders-stream records: refunds that became PENDING have no refund message. Fix the cause, then send their refund messages (docs/runbook.md).',
      metric: refunds.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
    });
    notifyingAlarm(this, 'RefundPipeFailing', alarmTopic, {
      description: 'The refund Pipe keeps failing to deliver refund messages (3 of 5 minutes): refunds wait; past the retry policy they go to its DLQ.',
      metric: pipeFailures(refundPipeName),
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
    });
    this.refundDlqAlarm = notifyingAlarm(this, 'RefundDlqNotEmpty', alarmTopic, {
      description: 'A refund failed maxReceiveCount times (the provider kept refusing or was down): fix the cause, then redrive the refund DLQ; the buyer is owed money.',
      metric: refundDlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
    });

    this.createSchedules(props, ordersTable);
    // A failed sweep is not retried (the next run does the same work), so its failures must be seen.
    notifyingAlarm(this, 'LifecycleSweepErrors', alarmTopic, {
      description: 'An order lifecycle sweep (expiry, automatic delivery or the fulfilment-lag check) failed: unpaid orders keep their stock, or shipped orders wait, until a run succeeds.',
      metric: new MathExpression({
        expression: Object.keys(this.scheduled).map((id) => `FILL(${id}, 0)`).join(' + '),
        usingMetrics: Object.fromEntries(Object.entries(this.scheduled).map(([id, fn]) => [id, fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' })])),
        label: 'Sweep errors',
        period: Duration.minutes(5),
      }),
    });
    this.fulfilmentLagAlarm = notifyingAlarm(this, 'PaidOrdersNotFulfilled', alarmTopic, {
      description: 'Paid orders have not reached FULFILMENT_REQUESTED within 15 minutes: check the outbox Pipe, its DLQ, the fulfilment queue and worker (the check logs the order ids).',
      metric: new Metric({ namespace: 'VillageLive', metricName: FULFILMENT_LAG_METRIC, dimensionsMap: { service: 'village-live' }, period: Duration.minutes(5), statistic: 'Maximum' }),
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

  /**
   * A Pipe from the orders stream to `target`, filtered and shaped as declared in lambdas/orders/outbox.ts,
   * with its own dead-letter queue. Retries are bounded: a record retried until it left the stream (24 h)
   * would block its shard all that time and then vanish without a trace.
   */
  private outboxPipe(
    id: string,
    pipeName: string,
    ordersStreamArn: string,
    target: { arn: string; send: string[] },
    spec: { description: string; pattern: object; inputTemplate: string; deadLetterId: string; removalPolicy: RemovalPolicy },
  ): { pipe: CfnPipe; deadLetters: Queue } {
    const deadLetters = new Queue(this, spec.deadLetterId, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(queues.outboxDlq.retentionDays),
      visibilityTimeout: Duration.seconds(queues.outboxDlq.visibilityTimeoutSeconds),
      removalPolicy: spec.removalPolicy,
    });
    Validations.of(deadLetters).acknowledge({ id: 'AwsSolutions-SQS3', reason: `This queue is itself the dead-letter queue of the ${id}; its depth alarms.` });
    // Named, so that the role's trust policy can name the pipe's ARN without a reference cycle (the
    // pipe needs the role's ARN first).
    const pipeArn = Stack.of(this).formatArn({ service: 'pipes', resource: 'pipe', resourceName: pipeName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    const role = new Role(this, `${id}Role`, {
      description: `EventBridge Pipe: orders table stream to ${id}`,
      // Confused-deputy guard: only this pipe, in this account, may assume the role.
      assumedBy: new ServicePrincipal('pipes.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account, 'aws:SourceArn': pipeArn } },
      }),
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
        resources: [ordersStreamArn],
      }),
    );
    role.addToPolicy(new PolicyStatement({ actions: target.send, resources: [target.arn] }));
    role.addToPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [deadLetters.queueArn] }));
    if (target.send.includes('sns:Publish')) {
      // The topic is encrypted with the AWS-managed SNS key: publishing needs it, through SNS only.
      role.addToPolicy(
        new PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [Stack.of(this).formatArn({ service: 'kms', resource: 'alias', resourceName: 'aws/sns' }), Stack.of(this).formatArn({ service: 'kms', resource: 'key', resourceName: '*' })],
          conditions: { StringEquals: { 'kms:ViaService': `sns.${Stack.of(this).region}.amazonaws.com` }, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/aws/sns' } },
        }),
      );
      acknowledgeExpectedWildcards(role, [
        { resource: (arn) => arn.endsWith(':key/*'), reason: 'The AWS-managed SNS key has no ARN known at synth: any key, but only through SNS and only the one aliased aws/sns.' },
      ]);
    }
    const pipe = new CfnPipe(this, id, {
      name: pipeName,
      description: spec.description,
      roleArn: role.roleArn,
      source: ordersStreamArn,
      sourceParameters: {
        dynamoDbStreamParameters: {
          startingPosition: 'TRIM_HORIZON',
          batchSize: 10,
          maximumBatchingWindowInSeconds: 1,
          maximumRetryAttempts: outboxRetryPolicy.maximumRetryAttempts,
          maximumRecordAgeInSeconds: outboxRetryPolicy.maximumRecordAgeSeconds,
          deadLetterConfig: { arn: deadLetters.queueArn },
          onPartialBatchItemFailure: 'AUTOMATIC_BISECT',
        },
        filterCriteria: { filters: [{ pattern: JSON.stringify(spec.pattern) }] },
      },
      target: target.arn,
      targetParameters: { inputTemplate: spec.inputTemplate },
    });
    pipe.node.addDependency(role);
    return { pipe, deadLetters };
  }

  /**
   * The lifecycle schedules (lambdas/orders/schedules.ts): one function and one EventBridge Scheduler
   * schedule each. Every function reads only the sparse timer index (gsi4) and the orders it names.
   */
  private createSchedules(props: CapabilityProps, ordersTable: ITable): void {
    const { config, data } = props;
    const scheduleRole = new Role(this, 'ScheduleRole', {
      description: 'EventBridge Scheduler: invoke the order lifecycle sweeps',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': Stack.of(this).account,
            'aws:SourceArn': Stack.of(this).formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: 'default' }),
          },
        },
      }),
    });
    for (const schedule of orderSchedules) {
      const fn = new BackendFunction(this, `${schedule.id.charAt(0).toUpperCase()}${schedule.id.slice(1)}Function`, {
        entry: schedule.entry,
        config,
        description: schedule.description,
        memoryMb: schedule.memoryMb,
        timeoutSeconds: schedule.timeoutSeconds,
        environment: { [tables.orders.envName]: ordersTable.tableName },
      });
      const writes = schedule.id === 'fulfilmentLagCheck' ? [] : ['dynamodb:UpdateItem'];
      fn.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:GetItem', ...writes], resources: [ordersTable.tableArn] }));
      fn.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${ordersTable.tableArn}/index/gsi4`] }));
      // Expiry returns stock (the same narrow grant as a cancel: stock shards only), and asks the provider
      // before expiring, then closes the trade.
      if (schedule.id === 'orderExpiry') {
        grantAccess(fn, ['catalog:stock', 'payments:provider'], {
          catalogTable: data.tables.catalog,
          ordersTable,
          liveTable: data.tables.live,
          fulfilmentQueue: data.queues.fulfilment,
          reportsBucket: data.reportsBucket,
          paymentProvider: { config, notifyUrl: alipayNotifyUrl(props.http) },
        });
      }
      // A run that fails is not retried by Lambda: the next run (a minute or five later) does the same work.
      fn.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(5) });
      new Schedule(this, `${schedule.id}Schedule`, {
        description: schedule.description,
        schedule: ScheduleExpression.expression(schedule.expression, TimeZone.of(schedule.timeZone)),
        target: new LambdaInvoke(fn, { role: scheduleRole, input: ScheduleTargetInput.fromObject(schedulerInputTemplate), retryAttempts: 2, maxEventAge: Duration.minutes(5) }),
      });
      this.scheduled[schedule.id] = fn;
    }
    acknowledgeExpectedWildcards(scheduleRole, [
      {
        resource: (arn) => arn.includes('Function') && arn.endsWith(':*'),
        reason: 'lambda:InvokeFunction on the sweep functions and their qualified ARNs (versions, aliases), as grantInvoke writes it; the role is assumable only by Scheduler for this account.',
      },
    ]);
  }
}
