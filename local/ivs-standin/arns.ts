export type ArnService = 'ivs' | 'ivschat';

export interface ArnParts {
  service: ArnService;
  region: string;
  accountId: string;
  /** e.g. `channel`, `stream-key`, `recording-configuration`, `room`. */
  resourceType: string;
  resourceId: string;
}

const ARN_PATTERN = /^arn:aws:(ivs|ivschat):([a-z0-9-]+):(\d{12}):([a-z-]+)\/([A-Za-z0-9]+)$/;

export const formatArn = (parts: ArnParts): string =>
  `arn:aws:${parts.service}:${parts.region}:${parts.accountId}:${parts.resourceType}/${parts.resourceId}`;

export function parseArn(arn: string): ArnParts | undefined {
  const match = ARN_PATTERN.exec(arn);
  if (!match) return undefined;
  const [, service, region, accountId, resourceType, resourceId] = match;
  return {
    service: service as ArnService,
    region: region!,
    accountId: accountId!,
    resourceType: resourceType!,
    resourceId: resourceId!,
  };
}
