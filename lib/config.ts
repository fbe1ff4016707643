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

/** An API Gateway token bucket: sustained requests per second and the bucket size (burst). */
const throttleSchema = z.object({ ratePerSecond: z.number().int().positive(), burst: z.number().int().positive() });
export type Throttle = z.infer<typeof throttleSchema>;

/** Lambda refuses any reservation that leaves an account's region with fewer unreserved executions. */
export const MIN_UNRESERVED_CONCURRENCY = 100;

/** An address that can receive mail: reserved domains (RFC 2606) never do. */
const deliverableEmail = z
  .email()
  .refine((email) => !/@(.+\.)?(example|test|invalid|localhost)$|@example\.(com|net|org)$/i.test(email), 'a reserved domain (RFC 2606) never receives mail');

/**
 * How the user pool sends its e-mails (sign-up codes, password resets) through Amazon SES: a verified
 * identity (the address or its domain) in `sesRegion` (default: the stack's region; Cognito also takes
 * us-east-1, us-west-2 and eu-west-1 from any region), out of the SES sandbox before launch.
 */
const sesEmailSchema = z.object({
  fromEmail: deliverableEmail,
  fromName: z.string().min(1).max(64),
  replyTo: deliverableEmail.optional(),
  sesRegion: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/).optional(),
});
export type SesEmail = z.infer<typeof sesEmailSchema>;

export const stageConfigSchema = z
  .object({
    stage: z.enum(['dev', 'prod']),
    logRetentionDays: z.union([z.literal(7), z.literal(14), z.literal(30), z.literal(90), z.literal(365)]),
    pointInTimeRecovery: z.boolean(),
    deletionProtection: z.boolean(),
    /** Stateful resources are retained on stack deletion in prod, destroyed in dev. */
    retainData: z.boolean(),
    alarmEmail: deliverableEmail.optional(),
    cognito: z.object({
      /**
       * Cognito's price tier. ESSENTIALS: $0.015 per MAU after 10,000 free. PLUS: about $0.02 per MAU, no
       * free tier, billed per region (each region's pool counts its own users); it adds threat protection
       * (adaptive authentication, compromised-credential checks). LITE lacks the features we use cheaply elsewhere.
       */
      featurePlan: z.enum(['ESSENTIALS', 'PLUS']),
      /**
       * Whether this stage must send through SES. Cognito's own sender allows 50 e-mails a day per account:
       * enough for a handful of testers, never for buyers signing up.
       */
      sesRequired: z.boolean(),
      /** Given by context or environment (resolveDeployment), never a default: the address must be real and verified. */
      ses: sesEmailSchema.optional(),
    }),
    api: z.object({
      /** The stage default, which API Gateway applies to each route on its own (not shared across routes). */
      throttleRatePerSecond: z.number().int().positive(),
      throttleBurst: z.number().int().positive(),
      /** Every POST/PUT/PATCH/DELETE route of lambdas/routes.ts (lib/route-throttles.ts derives the list). */
      writeThrottle: throttleSchema,
      /** Write routes that need another limit, by route id (`placeOrder`, …); an id that is no write route fails synthesis. */
      writeThrottleOverrides: z.record(z.string(), throttleSchema),
    }),
    ivs: z.object({
      recordBroadcasts: z.boolean(),
      chatFallbackResult: z.enum(['ALLOW', 'DENY']),
      maximumMessageLength: z.number().int().min(1).max(500),
      maximumMessageRatePerSecond: z.number().int().min(1).max(100),
      chatTokenSessionMinutes: z.number().int().min(1).max(180),
      countyChannels: z.array(countyChannelSchema),
    }),
    chatReviewProvisionedConcurrency: z.number().int().min(0).max(100),
    /** Bucket lifecycles (lib/constructs/private-buckets.ts). */
    buckets: z.object({
      /** Recordings move to S3 Standard-IA after this many days (S3 refuses fewer than 30). */
      recordingsInfrequentAccessAfterDays: z.number().int().min(30),
      /** …and are deleted after this many days (after the move: Standard-IA bills at least 30 days). */
      recordingsExpireAfterDays: z.number().int().positive(),
      /** A report version replaced by a regeneration is deleted this many days later. */
      reportVersionsExpireAfterDays: z.number().int().min(1),
    }),
    /**
     * Reserved concurrency: executions no other function of the account can take, so an API flood cannot
     * throttle these two (and a runaway of theirs cannot starve the API). It is also each one's ceiling.
     */
    reservedConcurrency: z.object({
      /**
       * The account's Lambda concurrency quota in each deployed region (1,000 unless raised). Checked per
       * stage: two stages sharing an account and region add their reservations up.
       */
      accountQuota: z.number().int().min(MIN_UNRESERVED_CONCURRENCY),
      chatReview: z.number().int().min(1),
      /** At least 2: the SQS event source's smallest maximum concurrency (it is capped at this reservation). */
      fulfilmentWorker: z.number().int().min(2),
    }),
  })
  .superRefine((config, ctx) => {
    const { recordingsInfrequentAccessAfterDays, recordingsExpireAfterDays } = config.buckets;
    if (recordingsExpireAfterDays < recordingsInfrequentAccessAfterDays + 30) {
      ctx.addIssue({
        code: 'custom',
        path: ['buckets', 'recordingsExpireAfterDays'],
        message: `must be at least 30 days after recordingsInfrequentAccessAfterDays (${recordingsInfrequentAccessAfterDays}): Standard-IA bills 30 days minimum`,
      });
    }
    const { accountQuota, chatReview, fulfilmentWorker } = config.reservedConcurrency;
    if (chatReview < config.chatReviewProvisionedConcurrency) {
      ctx.addIssue({
        code: 'custom',
        path: ['reservedConcurrency', 'chatReview'],
        message: `must be at least chatReviewProvisionedConcurrency (${config.chatReviewProvisionedConcurrency}): Lambda refuses provisioned concurrency above the reservation`,
      });
    }
    const reserved = chatReview + fulfilmentWorker;
    if (accountQuota - reserved < MIN_UNRESERVED_CONCURRENCY) {
      ctx.addIssue({
        code: 'custom',
        path: ['reservedConcurrency'],
        message: `reserves ${reserved} of ${accountQuota}, leaving ${accountQuota - reserved} unreserved; Lambda requires at least ${MIN_UNRESERVED_CONCURRENCY} (raise the account quota first)`,
      });
    }
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
    // ESSENTIALS: dev's users are the team and a few pilot sellers (well inside the 10,000 free MAU);
    // threat protection would only add cost and noise to test sign-ins. Cognito's sender is acceptable
    // here (50 e-mails a day), unless -c sesFromEmail=… is given.
    cognito: { featurePlan: 'ESSENTIALS', sesRequired: false },
    api: {
      throttleRatePerSecond: 50,
      throttleBurst: 100,
      writeThrottle: { ratePerSecond: 10, burst: 20 },
      writeThrottleOverrides: {
        placeOrder: { ratePerSecond: 50, burst: 100 },
        createChatToken: { ratePerSecond: 20, burst: 20 },
        createSellerChannel: { ratePerSecond: 5, burst: 5 },
        rotateStreamKey: { ratePerSecond: 5, burst: 5 },
        regenerateCountySalesReport: { ratePerSecond: 1, burst: 2 },
      },
    },
    ivs: {
      recordBroadcasts: false,
      chatFallbackResult: 'ALLOW',
      maximumMessageLength: 200,
      maximumMessageRatePerSecond: 10,
      chatTokenSessionMinutes: 60,
      countyChannels: heze.slice(0, 1),
    },
    chatReviewProvisionedConcurrency: 0,
    buckets: { recordingsInfrequentAccessAfterDays: 30, recordingsExpireAfterDays: 60, reportVersionsExpireAfterDays: 7 },
    reservedConcurrency: { accountQuota: 1000, chatReview: 10, fulfilmentWorker: 5 },
  },
  prod: {
    stage: 'prod',
    logRetentionDays: 90,
    pointInTimeRecovery: true,
    deletionProtection: true,
    retainData: true,
    // PLUS (about $0.02 per MAU, no free tier, per region: 50,000 MAU ≈ $1,000 a month in each region):
    // MFA stays optional because many sellers share basic phones, so adaptive authentication and
    // compromised-credential checks are the compensating control on accounts that hold stream keys and
    // sales. Revisit (ESSENTIALS + required MFA for sellers) if MAU cost outgrows its fraud savings.
    // SES is required: Cognito's 50 e-mails a day would stop sign-ups on the first evening.
    cognito: { featurePlan: 'PLUS', sesRequired: true },
    api: {
      throttleRatePerSecond: 2000,
      throttleBurst: 5000,
      // Writes are made by people (sellers editing, buyers ordering), each costing DynamoDB writes and
      // often an IVS call; 100/s per route is far above their human pace and bounds what a flood costs.
      writeThrottle: { ratePerSecond: 100, burst: 200 },
      writeThrottleOverrides: {
        // A flash pin makes thousands of viewers tap "buy" in the same second: stock shards are sized
        // for 5,000 orders/s on one product (docs/architecture.md), and the burst is the account's HTTP API burst
        // quota (5,000 per region; raise it before raising these). The stage default would turn
        // real buyers away with 429 exactly when the sale happens.
        placeOrder: { ratePerSecond: 5000, burst: 5000 },
        // Every viewer joining a room needs a token; IVS CreateChatToken allows 200 TPS per account
        // (not adjustable): beyond that, 429 at the gateway rather than a Lambda run IVS throttles.
        createChatToken: { ratePerSecond: 200, burst: 200 },
        // IVS CreateChannel/CreateRoom and CreateStreamKey/DeleteStreamKey: 5 TPS per account.
        createSellerChannel: { ratePerSecond: 5, burst: 5 },
        rotateStreamKey: { ratePerSecond: 5, burst: 5 },
        // Up to 29 s and 1 GB per run, ops only: a few clicks, never a flood on the shared pool.
        regenerateCountySalesReport: { ratePerSecond: 1, burst: 2 },
      },
    },
    ivs: {
      recordBroadcasts: true,
      chatFallbackResult: 'DENY',
      maximumMessageLength: 200,
      maximumMessageRatePerSecond: 10,
      chatTokenSessionMinutes: 180,
      countyChannels: heze,
    },
    chatReviewProvisionedConcurrency: 2,
    // Replays are watched in the days after a broadcast; a season later they are evidence at most.
    buckets: { recordingsInfrequentAccessAfterDays: 30, recordingsExpireAfterDays: 365, reportVersionsExpireAfterDays: 90 },
    // chatReview: one invocation per chat message. A room takes at most 10 messages/s (ivs above) and
    // the review answers in ~20 ms typically, 150 ms at its p99 alarm: 100 executions carry about
    // 5,000 messages/s (660/s even at the alarm's p99), hundreds of busy rooms; ChatCapability alarms
    // at 80 % of it. fulfilmentWorker: the SQS event source's maximum concurrency (20); a reservation
    // below it would throttle the poller's invocations and push messages towards the DLQ.
    // 880 executions stay unreserved for the API functions.
    reservedConcurrency: { accountQuota: 1000, chatReview: 100, fulfilmentWorker: 20 },
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
export interface DeploymentContext {
  stage?: unknown;
  regions?: unknown;
  alarmEmail?: unknown;
  /** The user pool's SES sender (`-c sesFromEmail=…`); with `sesFromName`, `sesReplyTo` and `sesRegion`. */
  sesFromEmail?: unknown;
  sesFromName?: unknown;
  sesReplyTo?: unknown;
  sesRegion?: unknown;
}

const given = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

function sesFromContext(context: DeploymentContext) {
  const fromEmail = given(context.sesFromEmail);
  if (!fromEmail) return undefined;
  const replyTo = given(context.sesReplyTo);
  const sesRegion = given(context.sesRegion);
  return { fromEmail, fromName: given(context.sesFromName) ?? 'village-live', ...(replyTo ? { replyTo } : {}), ...(sesRegion ? { sesRegion } : {}) };
}

export function resolveDeployment(context: DeploymentContext, overrides: Partial<StageConfig> = {}): Deployment {
  const stageName = typeof context.stage === 'string' ? context.stage : 'dev';
  const base = stages[stageName as StageConfig['stage']];
  if (!base) throw new DeploymentConfigError(`Unknown stage "${stageName}". Use one of: ${Object.keys(stages).join(', ')}.`);
  const alarmEmail = typeof context.alarmEmail === 'string' && context.alarmEmail ? { alarmEmail: context.alarmEmail } : {};
  const ses = sesFromContext(context);
  const cognito = ses ? { cognito: { ...base.cognito, ses } } : {};
  const parsed = stageConfigSchema.safeParse({ ...base, ...alarmEmail, ...cognito, ...overrides });
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
  if (parsed.data.stage === 'prod' && !parsed.data.alarmEmail) {
    throw new DeploymentConfigError(
      'The prod stage needs a real alarm e-mail, or no alarm reaches anyone: -c alarmEmail=ops@your-domain (or VILLAGE_LIVE_ALARM_EMAIL=…).',
    );
  }
  if (parsed.data.cognito.sesRequired && !parsed.data.cognito.ses) {
    throw new DeploymentConfigError(
      `The ${parsed.data.stage} stage sends the user pool's e-mails through SES (Cognito's own sender stops at 50 a day): -c sesFromEmail=no-reply@your-verified-domain [-c sesReplyTo=… -c sesRegion=…] (or VILLAGE_LIVE_SES_FROM_EMAIL=…).`,
    );
  }
  return { config: parsed.data, regions: [...new Set(requested)] as IvsRegion[] };
}
