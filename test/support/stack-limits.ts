/**
 * Measures a synthesized CloudFormation template against the service limits that synthesis does not
 * check: resources and outputs per stack, template body size, each Lambda function's environment
 * (4 KB, keys and values) and each IAM role's inline policies (10,240 characters in aggregate).
 *
 * Environment values and policies contain intrinsics that only resolve at deploy time, so they are
 * measured with each intrinsic replaced by a deliberately long stand-in for what it resolves to
 * (an ARN, a URL, a name): the figures are upper estimates, not exact sizes.
 */

export const LIMITS = {
  resources: 450,
  outputs: 200,
  parameters: 200,
  templateBytes: 1_000_000,
  functionEnvironmentBytes: 4_096,
  roleInlinePolicyChars: 10_240,
} as const;

interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
}
export interface CfnTemplate {
  Resources?: Record<string, TemplateResource>;
  Outputs?: Record<string, unknown>;
  Parameters?: Record<string, unknown>;
}

export interface StackLimits {
  resources: number;
  outputs: number;
  parameters: number;
  /** The body as CDK writes it to cdk.out (one-space indentation), in bytes. */
  templateBytes: number;
  /** The largest function environment (estimated), and whose. */
  maxEnvironment: { bytes: number; functionId: string | undefined };
  /** The largest aggregate of inline policies on one role (estimated), and whose. */
  maxRolePolicies: { chars: number; roleId: string | undefined };
}

const PSEUDO: Record<string, string> = {
  'AWS::Region': 'ap-northeast-1',
  'AWS::AccountId': '123456789012',
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'village-live-prod-ap-northeast-1-app',
  'AWS::StackId': `arn:aws:cloudformation:ap-northeast-1:123456789012:stack/village-live-prod-ap-northeast-1-app/${'0'.repeat(36)}`,
};

/** What an attribute resolves to, at its longest plausible length. */
function attributeStandIn(resourceType: string | undefined, attribute: string): string {
  if (attribute === 'PlaybackUrl') return `https://${'a'.repeat(12)}.ap-northeast-1.playback.live-video.net/api/video/v1/ap-northeast-1.123456789012.channel.${'a'.repeat(12)}.m3u8`;
  if (attribute.endsWith('Arn') || attribute === 'Arn') {
    return `arn:aws:${(resourceType ?? 'AWS::Service::X').split('::')[1]!.toLowerCase()}:ap-northeast-1:123456789012:resource/${'x'.repeat(64)}`;
  }
  if (attribute.endsWith('Url') || attribute.endsWith('Endpoint')) return `https://${'x'.repeat(64)}.ap-northeast-1.amazonaws.com/${'x'.repeat(40)}`;
  return 'x'.repeat(64);
}

/** Replaces intrinsics by stand-ins (see the module comment), so that sizes can be measured. */
export function resolveForSize(value: unknown, resources: Record<string, TemplateResource>): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveForSize(item, resources));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [key, arg] = entries[0]!;
    if (key === 'Ref') {
      const ref = String(arg);
      if (PSEUDO[ref] !== undefined) return PSEUDO[ref];
      const type = resources[ref]?.Type;
      // A Ref to a role, table, queue URL, parameter…: an ARN is the longest thing it can be.
      return type === 'AWS::SQS::Queue' ? attributeStandIn(type, 'QueueUrl') : attributeStandIn(type, 'Arn');
    }
    if (key === 'Fn::GetAtt') {
      const [logicalId, attribute] = Array.isArray(arg) ? arg.map(String) : String(arg).split('.');
      return attributeStandIn(resources[logicalId!]?.Type, attribute!);
    }
    if (key === 'Fn::ImportValue') return attributeStandIn(undefined, 'Arn');
    if (key === 'Fn::Join' && Array.isArray(arg)) {
      const [separator, parts] = arg as [string, unknown[]];
      const resolved = resolveForSize(parts, resources);
      return Array.isArray(resolved) ? resolved.map(String).join(separator) : String(resolved);
    }
    if (key === 'Fn::Select' || key === 'Fn::Split' || key === 'Fn::Sub' || key === 'Fn::FindInMap' || key === 'Fn::If') {
      return 'x'.repeat(64);
    }
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, resolveForSize(item, resources)]));
}

const refersTo = (roles: unknown, roleId: string) =>
  Array.isArray(roles) && roles.some((role) => typeof role === 'object' && role !== null && (role as { Ref?: unknown }).Ref === roleId);

/** IAM counts a policy's characters without whitespace. */
const policyChars = (document: unknown, resources: Record<string, TemplateResource>) => JSON.stringify(resolveForSize(document, resources)).length;

export function measureTemplate(template: CfnTemplate): StackLimits {
  const resources = template.Resources ?? {};
  let maxEnvironment: StackLimits['maxEnvironment'] = { bytes: 0, functionId: undefined };
  let maxRolePolicies: StackLimits['maxRolePolicies'] = { chars: 0, roleId: undefined };
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type === 'AWS::Lambda::Function') {
      const variables = (resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
      const resolved = resolveForSize(variables, resources) as Record<string, unknown>;
      const bytes = Object.entries(resolved).reduce((sum, [key, val]) => sum + Buffer.byteLength(key) + Buffer.byteLength(String(val)), 0);
      if (bytes > maxEnvironment.bytes) maxEnvironment = { bytes, functionId: id };
    }
    if (resource.Type === 'AWS::IAM::Role') {
      const inline = ((resource.Properties?.Policies as { PolicyDocument: unknown }[] | undefined) ?? []).map((policy) => policy.PolicyDocument);
      const attached = Object.values(resources)
        .filter((other) => other.Type === 'AWS::IAM::Policy' && refersTo(other.Properties?.Roles, id))
        .map((policy) => policy.Properties?.PolicyDocument);
      const chars = [...inline, ...attached].reduce<number>((sum, document) => sum + policyChars(document, resources), 0);
      if (chars > maxRolePolicies.chars) maxRolePolicies = { chars, roleId: id };
    }
  }
  return {
    resources: Object.keys(resources).length,
    outputs: Object.keys(template.Outputs ?? {}).length,
    parameters: Object.keys(template.Parameters ?? {}).length,
    templateBytes: Buffer.byteLength(JSON.stringify(template, undefined, 1)),
    maxEnvironment,
    maxRolePolicies,
  };
}

/** One markdown row per stack, for the limits table the test prints. */
export function limitsRow(stackName: string, limits: StackLimits): string {
  const { resources, outputs, parameters, templateBytes, maxEnvironment, maxRolePolicies } = limits;
  return `| ${stackName} | ${resources} | ${outputs} | ${parameters} | ${templateBytes} | ${maxEnvironment.bytes} (${maxEnvironment.functionId ?? '-'}) | ${maxRolePolicies.chars} (${maxRolePolicies.roleId ?? '-'}) |`;
}
export const LIMITS_HEADER = '| stack | resources (≤450) | outputs (≤200) | parameters (≤200) | template bytes (≤1,000,000) | max function env bytes (≤4,096) | max role inline policy chars (≤10,240) |\n|---|---|---|---|---|---|---|';
