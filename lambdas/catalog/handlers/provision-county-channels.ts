import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { z } from 'zod';
import { countyNamePrefix } from '../../../lib/county-channels';
import { logger } from '../../core/observability';
import * as countyChannelStore from '../store/county-channels';
import { countyIvs } from '../store/county-ivs';
import { provisionCountyChannels, type ProvisionDeps } from '../use-cases/provision-county-channels';

const deps: ProvisionDeps = { ivs: countyIvs, records: countyChannelStore };

/** CloudFormation hands every property over as a string. */
const propertiesSchema = z.object({
  Stage: z.string().min(1),
  Counties: z.array(z.object({ countyCode: z.string().regex(/^\d{6}$/), slug: z.string().regex(/^[a-z0-9-]{1,40}$/) })),
  RecordingConfigurationArn: z.string().startsWith('arn:').optional(),
  MaximumMessageLength: z.coerce.number().int().min(1),
  MaximumMessageRatePerSecond: z.coerce.number().int().min(1),
  ReviewHandlerUri: z.string().startsWith('arn:'),
  FallbackResult: z.enum(['ALLOW', 'DENY']),
});

async function respond(event: CloudFormationCustomResourceEvent, status: 'SUCCESS' | 'FAILED', physicalResourceId: string, reason?: string) {
  const body = JSON.stringify({
    Status: status,
    Reason: reason ?? status,
    PhysicalResourceId: physicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  });
  const response = await fetch(event.ResponseURL, { method: 'PUT', body, headers: { 'content-type': '' } });
  if (!response.ok) throw new Error(`CloudFormation response refused: ${response.status}`);
}

/**
 * The county channels' custom resource (lib/constructs/county-channels.ts): CloudFormation invokes it
 * on create, update (county list or settings changed) and delete (all county channels go). It answers
 * on the pre-signed URL itself, always: a run that throws would leave the stack waiting for an hour.
 */
export async function handler(event: CloudFormationCustomResourceEvent): Promise<void> {
  const physicalResourceId = event.RequestType === 'Create' ? `county-channels-${event.LogicalResourceId}` : event.PhysicalResourceId;
  try {
    const props = propertiesSchema.parse(event.ResourceProperties);
    const desired = event.RequestType === 'Delete' ? [] : props.Counties;
    const outcome = await provisionCountyChannels(deps, countyNamePrefix(props.Stage), desired, {
      stage: props.Stage,
      recordingConfigurationArn: props.RecordingConfigurationArn,
      room: {
        maximumMessageLength: props.MaximumMessageLength,
        maximumMessageRatePerSecond: props.MaximumMessageRatePerSecond,
        messageReviewHandler: { uri: props.ReviewHandlerUri, fallbackResult: props.FallbackResult },
      },
    });
    logger.info('County channels provisioned', { requestType: event.RequestType, ...outcome });
    await respond(event, 'SUCCESS', physicalResourceId);
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
    logger.error('County channel provisioning failed', { requestType: event.RequestType, reason });
    await respond(event, 'FAILED', physicalResourceId, reason.slice(0, 500));
  }
}
