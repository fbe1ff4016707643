/**
 * `npm run bench:cost`: idle monthly cost per region (dev and prod) and cost per 1,000 orders, counted
 * from the synthesized templates (resource counts, memory sizes, provisioned concurrency, schedules)
 * and from the order path's own unit counts (bench/order-path.ts), at the ap-northeast-1 list prices
 * below (docs/cost.md says which were verified and where). The baseline is dev, synthesized and priced
 * the same way in the same run: `prodOverDev` is the ratio. Prints one JSON object.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { buildVillageLiveApp } from '../lib/village-live-app';
import { orderPathUnits, representativeOrder } from './order-path';

/** USD, ap-northeast-1, list prices as of June 2026 (see docs/cost.md for sources and verification). */
export const prices = {
  kmsKeyMonth: 1.0,
  secretMonth: 0.4,
  alarmStandardMonth: 0.1,
  alarmHighResolutionMonth: 0.3,
  dashboardMonth: 3.0,
  lambdaRequest: 0.2 / 1e6,
  lambdaArmGbSecond: 0.0000133334,
  lambdaArmProvisionedGbSecond: 0.0000033334,
  httpApiRequest: 1.29 / 1e6,
  dynamoWriteRequestUnit: 0.715 / 1e6,
  dynamoReadRequestUnit: 0.143 / 1e6,
  dynamoStorageGbMonth: 0.285,
  dynamoPitrGbMonth: 0.228,
  s3StandardGbMonth: 0.025,
  sqsRequest: 0.4 / 1e6,
  pipesRequest: 0.4 / 1e6,
  logsIngestionGb: 0.76,
  logsStorageGbMonth: 0.033,
  xrayTraceRecorded: 5 / 1e6,
  cognitoPlusMau: 0.02,
  cognitoEssentialsMauAfterFree: 0.015,
  alipayFeeShare: 0.006,
} as const;

const HOURS_PER_MONTH = 730;
const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

/** Assumptions that are not in the templates (named so docs/cost.md can quote them). */
export const assumptions = {
  placeOrderSeconds: 0.1,
  fulfilmentBatchSeconds: 0.1,
  fulfilmentBatchSize: 10,
  scheduledRunSeconds: 1,
  /** Powertools JSON lines plus Lambda's START/END/REPORT per invocation, and one API access log line. */
  logBytesPerInvocation: 1500,
  accessLogBytesPerRequest: 500,
  /** An SQS event source keeps ~5 long polls (20 s) open on an idle queue. */
  idleSqsPollsPerMinutePerEventSource: 15,
  idleStoredGbPerTable: 1,
  idleStoredGbPerBucket: 1,
};

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

function resourcesOf(stage: 'dev' | 'prod'): Resources {
  const built = buildVillageLiveApp({ context: { 'aws:cdk:bundling-stacks': [], stage, regions: 'ap-northeast-1', alarmEmail: 'ops-alarms@heze-village-live.cn', sesFromEmail: 'no-reply@heze-village-live.cn', cfnGuard: false } });
  built.app.synth();
  const all: Resources = {};
  for (const { data, app } of built.stacks) {
    for (const stack of [data, app]) Object.assign(all, (Template.fromStack(stack).toJSON() as { Resources: Resources }).Resources);
  }
  return all;
}

const ofType = (resources: Resources, type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
const money = (usd: number) => Math.round(usd * 100) / 100;
const cents = (usd: number) => Math.round(usd * 10_000) / 10_000;

function memoryGbOf(resources: Resources, functionRef: unknown): number {
  const id = typeof functionRef === 'object' && functionRef !== null && 'Ref' in functionRef ? String(functionRef.Ref) : '';
  const memory = resources[id]?.Properties?.MemorySize;
  return (typeof memory === 'number' ? memory : 128) / 1024;
}

function functionMemoryGb(resources: Resources, description: string): number {
  const found = ofType(resources, 'AWS::Lambda::Function').find(([, fn]) => String(fn.Properties?.Description ?? '').startsWith(description));
  if (!found) throw new Error(`no function described "${description}" in the template`);
  return Number(found[1].Properties?.MemorySize ?? 128) / 1024;
}

/** Runs per month of a schedule expression (rate(n minutes|hours|days), a daily or a monthly cron). */
function runsPerMonth(expression: string): number {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const minutes = Number(rate[1]) * (rate[2]!.startsWith('minute') ? 1 : rate[2]!.startsWith('hour') ? 60 : 1440);
    return (HOURS_PER_MONTH * 60) / minutes;
  }
  if (/^cron\(\d+ \d+ \* \* \? \*\)$/.test(expression)) return HOURS_PER_MONTH / 24;
  if (/^cron\(\d+ \d+ \d+ \* \? \*\)$/.test(expression)) return 1;
  throw new Error(`unpriced schedule ${expression}`);
}

function idleCost(resources: Resources) {
  const alarms = ofType(resources, 'AWS::CloudWatch::Alarm');
  const highResolution = alarms.filter(([, alarm]) => Number(alarm.Properties?.Period ?? 60) < 60).length;
  const provisioned = ofType(resources, 'AWS::Lambda::Alias').map(([id, alias]) => {
    const config = alias.Properties?.ProvisionedConcurrencyConfig as { ProvisionedConcurrentExecutions?: number } | undefined;
    const executions = config?.ProvisionedConcurrentExecutions ?? 0;
    const gb = memoryGbOf(resources, alias.Properties?.FunctionName);
    return { alias: id, executions, memoryGb: gb, monthly: executions * gb * SECONDS_PER_MONTH * prices.lambdaArmProvisionedGbSecond };
  });
  const schedules = [
    ...ofType(resources, 'AWS::Events::Rule').map(([, rule]) => ({ expression: rule.Properties?.ScheduleExpression, target: (rule.Properties?.Targets as { Arn?: { 'Fn::GetAtt'?: string[] } }[] | undefined)?.[0]?.Arn?.['Fn::GetAtt']?.[0] })),
    ...ofType(resources, 'AWS::Scheduler::Schedule').map(([, schedule]) => ({ expression: schedule.Properties?.ScheduleExpression, target: (schedule.Properties?.Target as { Arn?: { 'Fn::GetAtt'?: string[] } } | undefined)?.Arn?.['Fn::GetAtt']?.[0] })),
  ]
    .filter((schedule): schedule is { expression: string; target: string | undefined } => typeof schedule.expression === 'string')
    .map(({ expression, target }) => {
      const runs = runsPerMonth(expression);
      const gb = memoryGbOf(resources, { Ref: target });
      return { expression, runs, monthly: runs * (prices.lambdaRequest + assumptions.scheduledRunSeconds * gb * prices.lambdaArmGbSecond + (assumptions.logBytesPerInvocation / 1e9) * prices.logsIngestionGb) };
    });
  const tables = ofType(resources, 'AWS::DynamoDB::Table');
  const pitrTables = tables.filter(([, table]) => (table.Properties?.PointInTimeRecoverySpecification as { PointInTimeRecoveryEnabled?: boolean } | undefined)?.PointInTimeRecoveryEnabled).length;
  const buckets = ofType(resources, 'AWS::S3::Bucket').length;
  const eventSources = ofType(resources, 'AWS::Lambda::EventSourceMapping').length;
  const userPools = ofType(resources, 'AWS::Cognito::UserPool').map(([, pool]) => String(pool.Properties?.UserPoolTier ?? 'ESSENTIALS'));

  const lines = {
    kmsKeys: { count: ofType(resources, 'AWS::KMS::Key').length, monthly: ofType(resources, 'AWS::KMS::Key').length * prices.kmsKeyMonth },
    secrets: { count: ofType(resources, 'AWS::SecretsManager::Secret').length, monthly: ofType(resources, 'AWS::SecretsManager::Secret').length * prices.secretMonth },
    alarms: {
      count: alarms.length,
      highResolution,
      monthly: (alarms.length - highResolution) * prices.alarmStandardMonth + highResolution * prices.alarmHighResolutionMonth,
    },
    dashboards: { count: ofType(resources, 'AWS::CloudWatch::Dashboard').length, monthly: ofType(resources, 'AWS::CloudWatch::Dashboard').length * prices.dashboardMonth },
    provisionedConcurrency: { aliases: provisioned, monthly: provisioned.reduce((sum, line) => sum + line.monthly, 0) },
    scheduledRuns: { schedules, monthly: schedules.reduce((sum, line) => sum + line.monthly, 0) },
    idleQueuePolling: {
      eventSources,
      requests: eventSources * assumptions.idleSqsPollsPerMinutePerEventSource * HOURS_PER_MONTH * 60,
      monthly: eventSources * assumptions.idleSqsPollsPerMinutePerEventSource * HOURS_PER_MONTH * 60 * prices.sqsRequest,
    },
    storage: {
      tables: tables.length,
      pitrTables,
      buckets,
      monthly: tables.length * assumptions.idleStoredGbPerTable * prices.dynamoStorageGbMonth + pitrTables * assumptions.idleStoredGbPerTable * prices.dynamoPitrGbMonth + buckets * assumptions.idleStoredGbPerBucket * prices.s3StandardGbMonth,
    },
    cognito: { userPools, monthly: 0, perMonthlyActiveUser: userPools.includes('PLUS') ? prices.cognitoPlusMau : 0 },
  };
  const total = Object.values(lines).reduce((sum, line) => sum + line.monthly, 0);
  return { lines: roundLines(lines), monthlyUsd: money(total) };
}

function roundLines<T extends Record<string, { monthly: number }>>(lines: T): T {
  return Object.fromEntries(Object.entries(lines).map(([name, line]) => [name, { ...line, monthly: cents(line.monthly) }])) as T;
}

function perThousandOrders(resources: Resources) {
  const units = orderPathUnits(assumptions.fulfilmentBatchSize);
  const orders = 1000;
  const placeGb = functionMemoryGb(resources, 'POST /v1/orders');
  const workerGb = functionMemoryGb(resources, 'Fulfilment worker');
  const workerInvocations = orders / assumptions.fulfilmentBatchSize;
  const invocations = orders + workerInvocations;
  const lines = {
    apiRequests: { count: orders, usd: orders * prices.httpApiRequest },
    lambda: {
      invocations,
      gbSeconds: orders * assumptions.placeOrderSeconds * placeGb + workerInvocations * assumptions.fulfilmentBatchSeconds * workerGb,
      usd: invocations * prices.lambdaRequest + (orders * assumptions.placeOrderSeconds * placeGb + workerInvocations * assumptions.fulfilmentBatchSeconds * workerGb) * prices.lambdaArmGbSecond,
    },
    dynamoWrites: { writeUnits: orders * units.totals.writeUnits, usd: orders * units.totals.writeUnits * prices.dynamoWriteRequestUnit },
    dynamoReads: { readUnits: orders * units.totals.readUnits, usd: orders * units.totals.readUnits * prices.dynamoReadRequestUnit },
    pipeEvents: { count: orders * units.pipeEventsAfterFilter, usd: orders * units.pipeEventsAfterFilter * prices.pipesRequest },
    sqsRequests: { count: orders * units.sqsRequests, usd: orders * units.sqsRequests * prices.sqsRequest },
    logs: {
      gb: (invocations * assumptions.logBytesPerInvocation + orders * assumptions.accessLogBytesPerRequest) / 1e9,
      usd: ((invocations * assumptions.logBytesPerInvocation + orders * assumptions.accessLogBytesPerRequest) / 1e9) * prices.logsIngestionGb,
    },
    xrayTraces: { count: orders, usd: orders * prices.xrayTraceRecorded },
  };
  const total = Object.values(lines).reduce((sum, line) => sum + line.usd, 0);
  const order = representativeOrder();
  return {
    unitsPerOrder: { ...units, memoryGb: { placeOrder: placeGb, fulfilmentWorker: workerGb } },
    lines: Object.fromEntries(Object.entries(lines).map(([name, line]) => [name, { ...line, usd: cents(line.usd) }])),
    usd: cents(total),
    alipayFeeNotAws: { share: prices.alipayFeeShare, perOrderFenAtRepresentativeTotal: Math.round(order.totalFen * prices.alipayFeeShare), representativeTotalFen: order.totalFen, per1000OrdersCny: (order.totalFen * prices.alipayFeeShare * orders) / 100 },
  };
}

function main() {
  const dev = resourcesOf('dev');
  const prod = resourcesOf('prod');
  const idle = { dev: idleCost(dev), prod: idleCost(prod) };
  console.log(
    JSON.stringify(
      {
        region: 'ap-northeast-1',
        prices,
        assumptions,
        idleMonthlyPerRegion: idle,
        baseline: { method: 'dev synthesized and priced the same way in the same run', prodOverDev: idle.dev.monthlyUsd > 0 ? Math.round((idle.prod.monthlyUsd / idle.dev.monthlyUsd) * 100) / 100 : null },
        per1000Orders: { prod: perThousandOrders(prod) },
      },
      null,
      2,
    ),
  );
}

main();
