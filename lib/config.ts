import { z } from 'zod';

/** Regions where both Amazon IVS (low-latency) and IVS Chat run. Any other region is refused. */
export const IVS_REGIONS = [
  'us-east-1',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-south-1',
] as const;
export type IvsRegion = (typeof IVS_REGIONS)[number];

const countyChannelSchema = z.object({
  countyCode: z.string().regex(/^\d{6}$/, 'a six-digit GB/T 2260 county code'),
  /** IVS channel/room name suffix (ASCII). */
  slug: z.string().regex(/^[a-z0-9-]{1,40}$/),
});

export const stageConfigSchema = z.object({
  stage: z.enum(['dev', 'prod']),
  logRetentionDays: z.union([z.literal(7), z.literal(14), z.literal(30), z.literal(90), z.literal(365)]),
  pointInTimeRecovery: z.boolean(),
  deletionProtection: z.boolean(),
  /** Stateful resources are retained on stack deletion in prod, destroyed in dev. */
  retainData: z.boolean(),
  alarmEmail: z.email().optional(),
  api: z.object({ throttleRatePerSecond: z.number().int().positive(), throttleBurst: z.number().int().positive() }),
  ivs: z.object({
    recordBroadcasts: z.boolean(),
    chatFallbackResult: z.enum(['ALLOW', 'DENY']),
    maximumMessageLength: z.number().int().min(1).max(500),
    maximumMessageRatePerSecond: z.number().int().min(1).max(100),
    chatTokenSessionMinutes: z.number().int().min(1).max(180),
    countyChannels: z.array(countyChannelSchema),
  }),
  chatReviewProvisionedConcurrency: z.number().int().min(0).max(100),
});
export type StageConfig = z.infer<typeof stageConfigSchema>;

const heze = [
  { countyCode: '371721', slug: 'cao-county' },
  { countyCode: '371722', slug: 'shan-county' },
];

export const stages: Record<StageConfig['stage'], StageConfig> = {
  dev: {
    stage: 'dev',
    logRetentionDays: 7,
    pointInTimeRecovery: false,
    deletionProtection: false,
    retainData: false,
    api: { throttleRatePerSecond: 50, throttleBurst: 100 },
    ivs: {
      recordBroadcasts: false,
      chatFallbackResult: 'ALLOW',
      maximumMessageLength: 200,
      maximumMessageRatePerSecond: 10,
      chatTokenSessionMinutes: 60,
      countyChannels: heze.slice(0, 1),
    },
    chatReviewProvisionedConcurrency: 0,
  },
  prod: {
    stage: 'prod',
    logRetentionDays: 90,
    pointInTimeRecovery: true,
    deletionProtection: true,
    retainData: true,
    alarmEmail: 'ops-alarms@village-live.example',
    api: { throttleRatePerSecond: 2000, throttleBurst: 5000 },
    ivs: {
      recordBroadcasts: true,
      chatFallbackResult: 'DENY',
      maximumMessageLength: 200,
      maximumMessageRatePerSecond: 10,
      chatTokenSessionMinutes: 180,
      countyChannels: heze,
    },
    chatReviewProvisionedConcurrency: 2,
  },
};

export class DeploymentConfigError extends Error {
  override readonly name = 'DeploymentConfigError';
}

export interface Deployment {
  config: StageConfig;
  regions: IvsRegion[];
}

const isIvsRegion = (region: string): region is IvsRegion => (IVS_REGIONS as readonly string[]).includes(region);

/**
 * Resolves `-c stage=… -c regions=a,b` before anything is synthesized. A region without IVS is refused
 * with the list of supported ones.
 */
export function resolveDeployment(context: { stage?: unknown; regions?: unknown }, overrides: Partial<StageConfig> = {}): Deployment {
  const stageName = typeof context.stage === 'string' ? context.stage : 'dev';
  const base = stages[stageName as StageConfig['stage']];
  if (!base) throw new DeploymentConfigError(`Unknown stage "${stageName}". Use one of: ${Object.keys(stages).join(', ')}.`);
  const parsed = stageConfigSchema.safeParse({ ...base, ...overrides });
  if (!parsed.success) {
    throw new DeploymentConfigError(`Invalid ${stageName} stage config: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const requested = (typeof context.regions === 'string' ? context.regions : 'ap-northeast-1')
    .split(',')
    .map((region) => region.trim())
    .filter(Boolean);
  if (requested.length === 0) throw new DeploymentConfigError('No region given: use -c regions=ap-northeast-1[,…]');
  const unsupported = requested.filter((region) => !isIvsRegion(region));
  if (unsupported.length > 0) {
    throw new DeploymentConfigError(
      `Amazon IVS and IVS Chat do not run in ${unsupported.join(', ')}. Supported regions: ${IVS_REGIONS.join(', ')}.`,
    );
  }
  return { config: parsed.data, regions: [...new Set(requested)] as IvsRegion[] };
}
