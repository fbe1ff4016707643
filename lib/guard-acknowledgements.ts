import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { CfnRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import type { CfnPermission } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { routes } from '../lambdas/routes';
import type { StageConfig } from './config';
import { CFN_GUARD_PLUGIN_NAME } from './control-tower-guard';

/**
 * Every AWS Control Tower finding (cfn-guard, lib/control-tower-guard.ts) this app accepts rather than
 * fixes, each with its reason, in one place. An acknowledgement applies to the L1 resources it selects,
 * never to a whole stack: a new resource of another kind with the same finding still fails synthesis.
 * Fixed instead: CT.KMS.PR.3 (the alarm key denies grants to anything but AWS services).
 */
export interface GuardAcknowledgement {
  /** The cfn-guard rule name, as the validation report prints it. */
  readonly rule: string;
  /** The Control Tower control id, for people. */
  readonly control: string;
  readonly appliesTo: (resource: CfnResource, config: StageConfig) => boolean;
  readonly reason: string;
}

/** The resource's construct path inside its stack, e.g. `Orders/OutboxDlq/Resource`. */
const pathInStack = (resource: CfnResource) => resource.node.path.slice(Stack.of(resource).node.path.length + 1);
const ofType = (type: string) => (resource: CfnResource) => resource.cfnResourceType === type;
const bucketAt = (pattern: RegExp) => (resource: CfnResource) => resource.cfnResourceType === 'AWS::S3::Bucket' && pattern.test(pathInStack(resource));

const accessLogBuckets = /(^|\/)(Recordings)?AccessLogsBucket\//;
const publicRouteKeys = new Set(['$default', ...routes.filter((route) => route.auth === 'public').map((route) => `${route.method} ${route.path}`)]);

export const guardAcknowledgements: readonly GuardAcknowledgement[] = [
  {
    rule: 'cloudfront_default_root_object_configured_check',
    control: 'CT.CLOUDFRONT.PR.1',
    appliesTo: ofType('AWS::CloudFront::Distribution'),
    reason: 'The replays distribution serves HLS objects by their full path (<prefix>/media/hls/master.m3u8); there is no site root, and the origin (private bucket, origin access control) answers 403 for /.',
  },
  {
    rule: 'cloudfront_origin_failover_enabled_check',
    control: 'CT.CLOUDFRONT.PR.4',
    appliesTo: ofType('AWS::CloudFront::Distribution'),
    reason: "One region's recordings live in one bucket (stacks share nothing across regions); a failover origin would need a replicated bucket for a replay that can simply be retried.",
  },
  {
    rule: 'cloudfront_access_logs_enabled_check',
    control: 'CT.CLOUDFRONT.PR.5',
    appliesTo: ofType('AWS::CloudFront::Distribution'),
    reason: "CloudFront standard logs need an ACL-enabled bucket, and every bucket here has ACLs off (BucketOwnerEnforced); viewing is measured by IVS and the distribution's CloudWatch metrics.",
  },
  {
    rule: 'cloudfront_custom_ssl_certificate_check',
    control: 'CT.CLOUDFRONT.PR.6',
    appliesTo: ofType('AWS::CloudFront::Distribution'),
    reason: "No custom domain yet: the apps play replays from the default *.cloudfront.net name with its certificate; a custom certificate comes with the apps' domain.",
  },
  {
    rule: 'cloudfront_sni_enabled_check',
    control: 'CT.CLOUDFRONT.PR.7',
    appliesTo: ofType('AWS::CloudFront::Distribution'),
    reason: 'SNI applies to custom certificates; the default *.cloudfront.net certificate (see CT.CLOUDFRONT.PR.6) has no SSL support method to set.',
  },
  {
    rule: 'cloudfront_security_policy_check',
    control: 'CT.CLOUDFRONT.PR.9',
    appliesTo: ofType('AWS::CloudFront::Distribution'),
    reason: 'With the default *.cloudfront.net certificate CloudFront fixes the minimum viewer protocol (TLSv1); TLSv1.2_2021 comes with the custom domain (cdk-nag AwsSolutions-CFR4 acknowledged for the same reason).',
  },
  {
    rule: 'dynamodb_table_pitr_enabled_check',
    control: 'CT.DYNAMODB.PR.1',
    appliesTo: (resource, config) => resource.cfnResourceType === 'AWS::DynamoDB::Table' && !config.pointInTimeRecovery,
    reason: 'Point-in-time recovery is on in prod (lib/config.ts); dev tables hold disposable test data.',
  },
  {
    rule: 's3_bucket_default_encryption_kms_check',
    control: 'CT.S3.PR.10',
    appliesTo: ofType('AWS::S3::Bucket'),
    reason:
      'Encrypted at rest with SSE-S3, public access blocked, TLS enforced. Server access log destinations support only SSE-S3; for the others a customer key adds a KMS call per object and a key policy without narrowing who may read (IAM does).',
  },
  {
    rule: 's3_bucket_versioning_enabled_check',
    control: 'CT.S3.PR.11',
    appliesTo: bucketAt(/(^|\/)(AccessLogsBucket|RecordingsAccessLogsBucket|RecordingsBucket)\//),
    reason: 'Access logs and IVS recordings are written once, never overwritten, and expire by lifecycle; versions would only keep deleted copies past their retention. The reports bucket is versioned.',
  },
  {
    rule: 's3_bucket_logging_enabled_check',
    control: 'CT.S3.PR.2',
    appliesTo: bucketAt(accessLogBuckets),
    reason: "It is the destination of the other buckets' server access logs; logging it would need yet another bucket with the same finding.",
  },
  {
    rule: 's3_event_notifications_enabled_check',
    control: 'CT.S3.PR.4',
    appliesTo: ofType('AWS::S3::Bucket'),
    reason: 'Nothing reacts to object events in these buckets (the report run writes and then serves its own objects; recordings and logs are read on demand); a notification without a consumer adds nothing.',
  },
  {
    rule: 's3_bucket_object_lock_enabled_check',
    control: 'CT.S3.PR.9',
    appliesTo: ofType('AWS::S3::Bucket'),
    reason: "Object Lock (WORM) would block lifecycle expiry and re-running a day's report, and keep dev buckets from being destroyed; none of these objects is a compliance record.",
  },
  {
    rule: 'sqs_dlq_check',
    control: 'CT.SQS.PR.1',
    appliesTo: (resource) => resource.cfnResourceType === 'AWS::SQS::Queue' && /Dlq\/Resource$/.test(pathInStack(resource)),
    reason:
      'A dead-letter queue (of the fulfilment queue, the outbox Pipe, the live-status rule or the report schedule): the end of the line, watched by a depth alarm. A byQueue RedriveAllowPolicy naming the fulfilment queue would form a reference cycle with its RedrivePolicy.',
  },
  {
    rule: 'api_gw_v2_authorization_type_configured_check',
    control: 'CT.APIGATEWAY.PR.5',
    appliesTo: (resource) => resource.cfnResourceType === 'AWS::ApiGatewayV2::Route' && publicRouteKeys.has(String((resource as CfnRoute).routeKey)),
    reason: "Public by the API contract (auth: 'public' in lambdas/routes.ts, and $default, which answers 404 in the error envelope); every other route requires the JWT authorizer.",
  },
  {
    rule: 'cloudwatch_log_group_retention_period_check',
    control: 'CT.CLOUDWATCH.PR.2',
    appliesTo: ofType('AWS::Logs::LogGroup'),
    reason: "Retention is the stage's logRetentionDays (7 in dev, 90 in prod): logs carry buyer ids and order details and are kept only as long as debugging needs; the county reports, not logs, are the record of sales.",
  },
  {
    rule: 'cloudwatch_log_group_encrypted_check',
    control: 'CT.CLOUDWATCH.PR.3',
    appliesTo: ofType('AWS::Logs::LogGroup'),
    reason: 'CloudWatch Logs encrypts every log group at rest with service keys; a customer key per region would add a key-policy dependency to every function without narrowing who may read (IAM does).',
  },
  {
    rule: 'lambda_function_public_access_prohibited_check',
    control: 'CT.LAMBDA.PR.2',
    appliesTo: (resource) => resource.cfnResourceType === 'AWS::Lambda::Permission' && (resource as CfnPermission).principal !== '*' && (resource as CfnPermission).sourceArn !== undefined,
    reason: "Each permission names one service principal and a SourceArn (this API's execute-api ARN, the rule's or the chat room's); cfn-guard cannot resolve the Fn::Join that builds the ARN.",
  },
  {
    rule: 'lambda_inside_vpc_check',
    control: 'CT.LAMBDA.PR.3',
    appliesTo: ofType('AWS::Lambda::Function'),
    reason: 'The functions call only AWS service endpoints (DynamoDB, SQS, S3, IVS, IVS Chat), authorised by IAM; a VPC would need NAT or an interface endpoint per service and region, more cost and cold-start time, and protect nothing here.',
  },
];

/** Acknowledges each accepted finding on exactly the resources it selects. Call once the app is built. */
export function acknowledgeGuardFindings(root: IConstruct, config: StageConfig): void {
  for (const construct of root.node.findAll()) {
    if (!CfnResource.isCfnResource(construct)) continue;
    for (const acknowledgement of guardAcknowledgements) {
      if (!acknowledgement.appliesTo(construct, config)) continue;
      Validations.of(construct).acknowledge({ id: `${CFN_GUARD_PLUGIN_NAME}::${acknowledgement.rule}`, reason: `${acknowledgement.control}: ${acknowledgement.reason}` });
    }
  }
}
