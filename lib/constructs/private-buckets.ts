import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, StorageClass, type LifecycleRule } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config';

const privateDefaults = {
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  encryption: BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  // ACLs off: nobody, S3 log delivery included, is granted anything through an ACL.
  objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
} as const;

/**
 * Where a stage destroys its data (dev), `cdk destroy` must be able to delete non-empty buckets:
 * CDK's auto-delete custom resource empties them first. Retained buckets (prod) keep their objects.
 */
const removal = (removalPolicy: RemovalPolicy) => ({ removalPolicy, autoDeleteObjects: removalPolicy === RemovalPolicy.DESTROY });

/**
 * Receives the server access logs of the private buckets beside it; kept for a year. Log delivery is
 * allowed by the bucket policy CDK writes for each source bucket (`logging.s3.amazonaws.com`, limited to
 * that bucket and account), never by the LogDeliveryWrite ACL: the village-live app turns on
 * `@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy` and ACLs are disabled here.
 */
export function accessLogsBucket(scope: Construct, id: string, removalPolicy: RemovalPolicy): Bucket {
  return new Bucket(scope, id, {
    ...privateDefaults,
    lifecycleRules: [{ expiration: Duration.days(365) }],
    ...removal(removalPolicy),
  });
}

/** A bucket nobody outside the account can read: public access blocked, encrypted, TLS only, access logged. */
export function privateBucket(
  scope: Construct,
  id: string,
  props: { removalPolicy: RemovalPolicy; accessLogs: Bucket; accessLogsPrefix: string; versioned?: boolean; lifecycleRules?: LifecycleRule[] },
): Bucket {
  return new Bucket(scope, id, {
    ...privateDefaults,
    versioned: props.versioned,
    lifecycleRules: props.lifecycleRules,
    serverAccessLogsBucket: props.accessLogs,
    serverAccessLogsPrefix: props.accessLogsPrefix,
    ...removal(props.removalPolicy),
  });
}

/** Broadcast recordings: Standard-IA once replays are rarely watched, deleted when the stage says. */
export const recordingsLifecycle = ({ buckets }: StageConfig): LifecycleRule[] => [
  {
    id: 'recordings-infrequent-access-then-expire',
    transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(buckets.recordingsInfrequentAccessAfterDays) }],
    expiration: Duration.days(buckets.recordingsExpireAfterDays),
    abortIncompleteMultipartUploadAfter: Duration.days(7),
  },
];

/** Reports are rewritten on every regeneration: the versions they replace expire (the current one stays). */
export const reportsLifecycle = ({ buckets }: StageConfig): LifecycleRule[] => [
  {
    id: 'old-report-versions-expire',
    noncurrentVersionExpiration: Duration.days(buckets.reportVersionsExpireAfterDays),
    expiredObjectDeleteMarker: true,
    abortIncompleteMultipartUploadAfter: Duration.days(7),
  },
];
