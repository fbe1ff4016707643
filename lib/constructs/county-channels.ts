import { ArnFormat, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct, type IDependable } from 'constructs';
import { COUNTY_CHANNELS_PARTITION } from '../../lambdas/catalog/model';
import type { StageConfig } from '../config';
import { tables } from '../topology';
import { BackendFunction } from './backend-function';
import { acknowledgeExpectedWildcards } from './nag-wildcards';

export interface CountyChannelsProps {
  readonly config: StageConfig;
  readonly catalogTable: ITable;
  /** The chat review handler every room must use (ChatCapability.reviewHandlerArn). */
  readonly reviewHandlerArn: string;
  /** IVS Chat's permission to invoke it: the rooms are created after it, so no message goes unreviewed. */
  readonly reviewHandlerPermission: IDependable;
  readonly recordingConfigurationArn?: string | undefined;
}

/** Sized for the provisioner's worst case: 270 counties × 2 paced calls at 4/s each, plus retries. */
export const COUNTY_PROVISIONER_TIMEOUT_SECONDS = 900;

/**
 * The stage's county channels and chat rooms, created by one provisioning custom resource rather than
 * one CloudFormation resource each. Why: 270 counties would be 540 IVS resources, past the 500 a stack
 * may hold, and CloudFormation would create them all at once against IVS's 5 TPS CreateChannel and
 * CreateRoom quotas. The provisioner makes its calls one by one, paced under the quota with adaptive
 * retries, and records each county's ARNs and playback URL in the catalog table, where the functions
 * read them (a function's environment holds 4 KB, about 11 counties).
 */
export class CountyChannels extends Construct {
  readonly provisioner: BackendFunction;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: CountyChannelsProps) {
    super(scope, id);
    const { config, catalogTable } = props;
    const stack = Stack.of(this);
    const arns = (service: 'ivs' | 'ivschat', resource: string) =>
      stack.formatArn({ service, resource, resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });

    this.provisioner = new BackendFunction(this, 'ProvisionerFunction', {
      entry: 'lambdas/catalog/handlers/provision-county-channels.ts',
      config,
      description: 'County channels: creates, updates and deletes the stage county IVS channels and rooms (custom resource)',
      timeoutSeconds: COUNTY_PROVISIONER_TIMEOUT_SECONDS,
      environment: { [tables.catalog.envName]: catalogTable.tableName },
    });
    const fn = this.provisioner;
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ivs:CreateChannel', 'ivs:UpdateChannel', 'ivs:DeleteChannel', 'ivs:GetChannel', 'ivs:TagResource'],
        resources: [arns('ivs', 'channel')],
      }),
    );
    if (props.recordingConfigurationArn) {
      // Attaching a recording configuration is authorised against the configuration too.
      fn.addToRolePolicy(new PolicyStatement({ actions: ['ivs:CreateChannel', 'ivs:UpdateChannel'], resources: [props.recordingConfigurationArn] }));
    }
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['ivschat:CreateRoom', 'ivschat:UpdateRoom', 'ivschat:DeleteRoom', 'ivschat:TagResource'], resources: [arns('ivschat', 'room')] }),
    );
    // List actions take no resource-level permission.
    fn.addToRolePolicy(new PolicyStatement({ actions: ['ivs:ListChannels', 'ivschat:ListRooms'], resources: ['*'] }));
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
        resources: [catalogTable.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [COUNTY_CHANNELS_PARTITION] } },
      }),
    );
    acknowledgeExpectedWildcards(fn, [
      {
        resource: (arn) => /^arn:<AWS::Partition>:ivs(chat)?:[a-z0-9-]+:<AWS::AccountId>:(channel|room)\/\*$/.test(arn),
        reason: "The county channels and rooms get IVS-generated ids: the provisioner manages any of this account's and region's channels and rooms, and only touches those named with the stage's county prefix.",
      },
      {
        resource: (arn) => arn === '*',
        reason: 'ivs:ListChannels and ivschat:ListRooms support no resource-level permissions; X-Ray PutTraceSegments neither (tracing: ACTIVE).',
      },
    ]);

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: fn.functionArn,
      resourceType: 'Custom::CountyChannels',
      serviceTimeout: Duration.seconds(COUNTY_PROVISIONER_TIMEOUT_SECONDS + 60),
      properties: {
        Stage: config.stage,
        Counties: config.ivs.countyChannels.map(({ countyCode, slug }) => ({ countyCode, slug })),
        ...(props.recordingConfigurationArn ? { RecordingConfigurationArn: props.recordingConfigurationArn } : {}),
        MaximumMessageLength: config.ivs.maximumMessageLength,
        MaximumMessageRatePerSecond: config.ivs.maximumMessageRatePerSecond,
        ReviewHandlerUri: props.reviewHandlerArn,
        FallbackResult: config.ivs.chatFallbackResult,
      },
    });
    // The function's policies must exist before CloudFormation invokes it.
    this.resource.node.addDependency(fn, props.reviewHandlerPermission);
  }
}
