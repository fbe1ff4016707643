import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { stages } from '../../lib/config';
import { synthesize } from '../support/synth';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

const dev = synthesize('dev', 'ap-northeast-1').regions[0]!;
const prod = synthesize('prod', 'ap-northeast-1').regions[0]!;
const both = [
  ['dev', dev],
  ['prod', prod],
] as const;

const buckets = (template: Template) => Object.entries(template.findResources('AWS::S3::Bucket') as Record<string, Resource>);
const allBuckets = (region: typeof dev) => [...buckets(region.data), ...buckets(region.app)];
const autoDeletes = (template: Template) => Object.values(template.findResources('Custom::S3AutoDeleteObjects') as Record<string, Resource>);
const autoDeletedBucketIds = (template: Template) => autoDeletes(template).map((resource) => resource.Properties.BucketName.Ref as string);
const isLogBucket = ([id]: [string, Resource]) => id.includes('AccessLogsBucket');

describe('buckets (defect 7)', () => {
  it('dev: every bucket is destroyed with its stack and emptied first (autoDeleteObjects), so cdk destroy works', () => {
    for (const template of [dev.data, dev.app]) {
      const ids = buckets(template).map(([id]) => id);
      expect(autoDeletedBucketIds(template).sort()).toEqual(ids.sort());
      for (const [, bucket] of buckets(template)) expect(bucket.DeletionPolicy).toBe('Delete');
    }
  });

  it('prod: buckets are retained and never auto-emptied', () => {
    for (const template of [prod.data, prod.app]) {
      expect(autoDeletes(template)).toEqual([]);
      for (const [, bucket] of buckets(template)) expect(bucket.DeletionPolicy).toBe('Retain');
    }
  });

  it('recordings move to Standard-IA and expire as the prod stage config says', () => {
    const { recordingsInfrequentAccessAfterDays, recordingsExpireAfterDays } = stages.prod.buckets;
    prod.app.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            Status: 'Enabled',
            Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: recordingsInfrequentAccessAfterDays }],
            ExpirationInDays: recordingsExpireAfterDays,
          }),
        ],
      },
    });
  });

  it('the versioned reports bucket expires replaced report versions (noncurrent version expiration), keeping the current one', () => {
    for (const [stage, region] of both) {
      const [reports] = buckets(region.data).filter(([, bucket]) => bucket.Properties.VersioningConfiguration?.Status === 'Enabled');
      expect(reports, stage).toBeDefined();
      const rules = reports![1].Properties.LifecycleConfiguration.Rules as Record<string, unknown>[];
      expect(rules).toEqual([
        expect.objectContaining({ Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: stages[stage].buckets.reportVersionsExpireAfterDays } }),
      ]);
      expect(rules[0]).not.toHaveProperty('ExpirationInDays');
    }
  });

  it('server access logs use the bucket-policy mode: ACLs disabled everywhere, log delivery allowed by policy for the source bucket only', () => {
    for (const [stage, region] of both) {
      for (const [id, bucket] of allBuckets(region)) {
        expect(bucket.Properties.AccessControl, `${stage} ${id}`).toBeUndefined();
        expect(bucket.Properties.OwnershipControls, `${stage} ${id}`).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
      }
      for (const template of [region.data, region.app]) {
        const logBuckets = buckets(template).filter(isLogBucket);
        for (const [logBucketId] of logBuckets) {
          const policies = Object.values(template.findResources('AWS::S3::BucketPolicy') as Record<string, Resource>).filter(
            (policy) => policy.Properties.Bucket.Ref === logBucketId,
          );
          const delivery = policies
            .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Record<string, any>[])
            .filter((statement) => statement.Principal?.Service === 'logging.s3.amazonaws.com');
          expect(delivery, `${stage} ${logBucketId}`).toHaveLength(1);
          expect(delivery[0]).toMatchObject({
            Effect: 'Allow',
            Action: 's3:PutObject',
            Condition: { ArnLike: { 'aws:SourceArn': expect.anything() }, StringEquals: { 'aws:SourceAccount': expect.anything() } },
          });
        }
      }
    }
  });
});
