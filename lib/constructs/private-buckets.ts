import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

const privateDefaults = {
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  encryption: BucketEncryption.S3_MANAGED,
  enforceSSL: true,
} as const;

/** Receives the server access logs of the private buckets beside it; kept for a year. */
export function accessLogsBucket(scope: Construct, id: string, removalPolicy: RemovalPolicy): Bucket {
  return new Bucket(scope, id, {
    ...privateDefaults,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
    lifecycleRules: [{ expiration: Duration.days(365) }],
    removalPolicy,
  });
}

/** A bucket nobody outside the account can read: public access blocked, encrypted, TLS only, access logged. */
export function privateBucket(
  scope: Construct,
  id: string,
  props: { removalPolicy: RemovalPolicy; accessLogs: Bucket; accessLogsPrefix: string; versioned?: boolean },
): Bucket {
  return new Bucket(scope, id, {
    ...privateDefaults,
    versioned: props.versioned,
    serverAccessLogsBucket: props.accessLogs,
    serverAccessLogsPrefix: props.accessLogsPrefix,
    removalPolicy: props.removalPolicy,
  });
}
