import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { VILLAGE_DATA_DIR } from '../../lambdas/core/villages/lookup';
import type { StageConfig } from '../config';
import { METRICS_NAMESPACE } from '../../lambdas/core/business-metrics';

export const repoRoot = join(import.meta.dirname, '..', '..');

export interface BackendFunctionProps {
  /** Handler module relative to the repository root, exporting `handler` (or `handlerName`). */
  readonly entry: string;
  readonly handlerName?: string;
  readonly config: StageConfig;
  readonly description?: string;
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
  /** Reserved concurrency (lib/config.ts `reservedConcurrency`); none by default: the account's shared pool. */
  readonly reservedConcurrency?: number;
  readonly environment?: Record<string, string>;
}

const retention: Record<StageConfig['logRetentionDays'], RetentionDays> = {
  7: RetentionDays.ONE_WEEK,
  14: RetentionDays.TWO_WEEKS,
  30: RetentionDays.ONE_MONTH,
  90: RetentionDays.THREE_MONTHS,
  365: RetentionDays.ONE_YEAR,
};

/** `PlaceOrderFunction` → `place-order`: the name a function's logs and traces carry (Powertools `service`). */
export const serviceNameOf = (constructId: string): string =>
  constructId
    .replace(/Function$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();

/**
 * Data files a bundle reads at run time, next to itself: copied into the asset of every bundle that
 * names the directory (lambdas/core/villages/lookup.ts reads `./village-data/<province>.txt`
 * relative to its module), and into no other. Deciding from the bundle leaves nothing to declare
 * per function, so nothing to forget.
 */
const copyRuntimeData = (outputDir: string, inputDir: string): string[] => [
  `if grep -q '${VILLAGE_DATA_DIR}' '${join(outputDir, 'index.mjs')}'; then cp -R '${join(inputDir, 'lambdas', 'core', 'villages', VILLAGE_DATA_DIR)}' '${join(outputDir, VILLAGE_DATA_DIR)}'; fi`,
];

/**
 * One log group per stack for all its functions. Lambda names each stream
 * `YYYY/MM/DD/<function name>[<version>]<environment id>` in a shared group, and every Powertools line
 * carries `function_name`, so nothing is lost; a group per function would cost a CloudFormation
 * resource each (59 of the app stack's 500) and a retention setting each to keep in step.
 */
export const functionLogGroup = (scope: Construct, config: StageConfig): LogGroup => {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild('FunctionLogs');
  if (existing) return existing as LogGroup;
  return new LogGroup(stack, 'FunctionLogs', {
    retention: retention[config.logRetentionDays],
    removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
};

/**
 * Every village-live Lambda: Node.js 24 on arm64, an ESM bundle (minified, source maps, the SDK
 * bundled so its version is ours), Powertools defaults with a service name per function, X-Ray tracing
 * (Powertools Tracer records the SDK calls) and the stack's shared log group (functionLogGroup) with the stage's retention.
 */
export class BackendFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: BackendFunctionProps) {
    const logGroup = functionLogGroup(scope, props.config);
    super(scope, id, {
      entry: join(repoRoot, props.entry),
      handler: props.handlerName ?? 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memoryMb ?? 256,
      timeout: Duration.seconds(props.timeoutSeconds ?? 10),
      reservedConcurrentExecutions: props.reservedConcurrency,
      tracing: Tracing.ACTIVE,
      logGroup,
      depsLockFilePath: join(repoRoot, 'package-lock.json'),
      projectRoot: repoRoot,
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        bundleAwsSDK: true,
        mainFields: ['module', 'main'],
        // Some CommonJS dependencies call require(); give the ESM bundle one.
        banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir, outputDir) => copyRuntimeData(outputDir, inputDir),
        },
      },
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: serviceNameOf(id),
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        STAGE: props.config.stage,
        ...props.environment,
      },
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The AWS-managed basic execution role only grants writing to CloudWatch Logs; every data grant is added per function, least privilege.',
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions (added by tracing: ACTIVE).',
    });
  }
}
