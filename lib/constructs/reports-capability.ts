import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import type { IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { notifyingAlarm } from './alarms';
import { profileKey } from '../../lambdas/catalog/model';
import { DAY_INDEX_NAME } from '../../lambdas/reports/model';
import { regenerateCountySalesRoute } from '../../lambdas/reports/routes';
import { countySalesSchedule, monthlyReportsSchedule, schedulerInputTemplate } from '../../lambdas/reports/schedule';
import { tables } from '../topology';
import { grantAccess } from './access-grants';
import { BackendFunction } from './backend-function';
import type { CapabilityProps } from './capability';
import { acknowledgeExpectedWildcards } from './nag-wildcards';

/** Query on the orders table's day index and nothing else: no table reads, no Scan, no other index. */
function grantDayIndexQuery(fn: BackendFunction, ordersTable: ITable): void {
  fn.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${ordersTable.tableArn}/index/${DAY_INDEX_NAME}`] }));
  fn.addEnvironment(tables.orders.envName, ordersTable.tableName);
}

/** The report aggregates: item reads and writes on the reports table (no Scan, it has no index). */
function grantAggregates(fn: BackendFunction, reportsTable: ITable, write: boolean): void {
  const actions = ['dynamodb:Query', ...(write ? ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'] : [])];
  fn.addToRolePolicy(new PolicyStatement({ actions, resources: [reportsTable.tableArn] }));
  fn.addEnvironment(tables.reports.envName, reportsTable.tableName);
}

/** Seller profiles only (SELLER#… partitions, and only reads): the village status needs villageCode and createdAt. */
function grantProfileReads(fn: BackendFunction, catalogTable: ITable): void {
  const sellerItems = `${profileKey('x').pk.slice(0, profileKey('x').pk.indexOf('#') + 1)}*`;
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem'],
      resources: [catalogTable.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [sellerItems] } },
    }),
  );
  fn.addEnvironment(tables.catalog.envName, catalogTable.tableName);
}

/**
 * The daily county sales report: the generator function, its EventBridge Scheduler schedule
 * (00:05 Asia/Shanghai), the dead-letter queue for runs that could not be delivered or kept failing,
 * and alarms on failed runs. The HTTP routes (read, regenerate) come from lambdas/reports/routes.ts.
 */
export class ReportsCapability extends Construct {
  readonly generator: BackendFunction;
  readonly deadLetterQueue: Queue;
  readonly schedule: Schedule;
  readonly monthlyGenerator: BackendFunction;
  readonly monthlySchedule: Schedule;

  constructor(scope: Construct, id: string, props: CapabilityProps) {
    super(scope, id);
    const { config, data, routes, alarmTopic } = props;
    const ordersTable = data.tables.orders;

    this.deadLetterQueue = new Queue(this, 'RunsDlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the report schedule and of the generator’s asynchronous invocations (not a queue redrive, which cdk-nag cannot see).',
    });

    this.generator = new BackendFunction(this, 'GeneratorFunction', {
      entry: countySalesSchedule.entry,
      config,
      description: countySalesSchedule.description,
      memoryMb: countySalesSchedule.memoryMb,
      timeoutSeconds: countySalesSchedule.timeoutSeconds,
    });
    grantAccess(this.generator, ['reports:write'], {
      catalogTable: data.tables.catalog,
      liveTable: data.tables.live,
      ordersTable,
      fulfilmentQueue: data.queues.fulfilment,
      reportsBucket: data.reportsBucket,
    });
    grantDayIndexQuery(this.generator, ordersTable);
    const regenerate = routes.functionFor(regenerateCountySalesRoute.id);
    grantDayIndexQuery(regenerate, ordersTable);
    grantAggregates(this.generator, data.tables.reports, true);
    grantAggregates(regenerate, data.tables.reports, true);

    this.monthlyGenerator = new BackendFunction(this, 'MonthlyGeneratorFunction', {
      entry: monthlyReportsSchedule.entry,
      config,
      description: monthlyReportsSchedule.description,
      memoryMb: monthlyReportsSchedule.memoryMb,
      timeoutSeconds: monthlyReportsSchedule.timeoutSeconds,
    });
    grantAccess(this.monthlyGenerator, ['reports:write'], {
      catalogTable: data.tables.catalog,
      liveTable: data.tables.live,
      ordersTable,
      fulfilmentQueue: data.queues.fulfilment,
      reportsBucket: data.reportsBucket,
    });
    grantAggregates(this.monthlyGenerator, data.tables.reports, false);
    grantProfileReads(this.monthlyGenerator, data.tables.catalog);
    this.monthlyGenerator.configureAsyncInvoke({
      retryAttempts: monthlyReportsSchedule.asyncRetryAttempts,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(this.deadLetterQueue),
    });
    // Scheduler invokes asynchronously: once Lambda accepts the event, failures are Lambda's to retry.
    this.generator.configureAsyncInvoke({
      retryAttempts: countySalesSchedule.asyncRetryAttempts,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(this.deadLetterQueue),
    });

    const scheduleRole = new Role(this, 'ScheduleRole', {
      description: 'EventBridge Scheduler: invoke the county sales report generator',
      // Confused-deputy guard: only this account's default schedule group may use the role.
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': Stack.of(this).account,
            'aws:SourceArn': Stack.of(this).formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: 'default' }),
          },
        },
      }),
    });
    this.schedule = new Schedule(this, 'DailySchedule', {
      description: countySalesSchedule.description,
      schedule: ScheduleExpression.expression(countySalesSchedule.expression, TimeZone.of(countySalesSchedule.timeZone)),
      target: new LambdaInvoke(this.generator, {
        role: scheduleRole,
        input: ScheduleTargetInput.fromObject(schedulerInputTemplate),
        // Delivery retries (throttling, Lambda unavailable), then the dead-letter queue.
        retryAttempts: 20,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: this.deadLetterQueue,
      }),
    });

    this.monthlySchedule = new Schedule(this, 'MonthlySchedule', {
      description: monthlyReportsSchedule.description,
      schedule: ScheduleExpression.expression(monthlyReportsSchedule.expression, TimeZone.of(monthlyReportsSchedule.timeZone)),
      target: new LambdaInvoke(this.monthlyGenerator, {
        role: scheduleRole,
        input: ScheduleTargetInput.fromObject(schedulerInputTemplate),
        retryAttempts: 20,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: this.deadLetterQueue,
      }),
    });

    acknowledgeExpectedWildcards(scheduleRole, [
      {
        resource: (arn) => arn.includes('GeneratorFunction') && arn.endsWith(':*'),
        reason: 'lambda:InvokeFunction on the generator and its qualified ARNs (versions, aliases), as grantInvoke writes it; the role is assumable only by Scheduler for this account.',
      },
    ]);

    const alarm = (alarmId: string, metric: IMetric, description: string) => notifyingAlarm(this, alarmId, alarmTopic, { metric, description });
    alarm(
      'GeneratorErrors',
      this.generator.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      'A county sales report run failed (Lambda retries it twice, then it goes to the runs DLQ).',
    );
    alarm(
      'MonthlyGeneratorErrors',
      this.monthlyGenerator.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      'A monthly report run failed (Lambda retries it twice, then it goes to the runs DLQ).',
    );
    alarm(
      'RunsDlqNotEmpty',
      this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      'A county sales report run was given up: regenerate that day with POST /v1/reports/county-sales, then purge the DLQ.',
    );
  }
}
