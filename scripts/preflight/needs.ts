import { MIN_UNRESERVED_CONCURRENCY, type StageConfig } from '../../lib/config';

/**
 * What a stage needs from its account and region before `cdk deploy`, and the comparison with what the
 * account has. Pure: no AWS call (scripts/preflight/account-quotas.ts reads the figures).
 */

/** A quota the account reports through Service Quotas, found by service and code or, where AWS publishes no fixed code here, by name. */
export interface QuotaRef {
  readonly serviceCode: string;
  readonly quotaCode?: string;
  /** Matched case-insensitively against the quota's name when no code is given. */
  readonly quotaName: string;
}

export interface Need {
  readonly id: 'lambdaConcurrency' | 'lambdaUnreserved' | 'ivsChannels' | 'ivsConcurrentStreams' | 'ivsChatRooms';
  readonly quota: QuotaRef;
  readonly needed: number;
  readonly why: string;
}

export const LAMBDA_CONCURRENT_EXECUTIONS: QuotaRef = { serviceCode: 'lambda', quotaCode: 'L-B99A9384', quotaName: 'Concurrent executions' };
// IVS and IVS Chat quotas are found by name in ListServiceQuotas (their codes are not in AWS's public
// documentation of these services).
export const IVS_CHANNELS: QuotaRef = { serviceCode: 'ivs', quotaName: 'Channels' };
export const IVS_CONCURRENT_STREAMS: QuotaRef = { serviceCode: 'ivs', quotaName: 'Concurrent streams' };
export const IVS_CHAT_ROOMS: QuotaRef = { serviceCode: 'ivschat', quotaName: 'Rooms' };

export function stageNeeds(config: StageConfig): Need[] {
  const { accountQuota, chatReview, fulfilmentWorker } = config.reservedConcurrency;
  const reserved = chatReview + fulfilmentWorker;
  const counties = config.ivs.countyChannels.length;
  return [
    {
      id: 'lambdaConcurrency',
      quota: LAMBDA_CONCURRENT_EXECUTIONS,
      needed: Math.max(accountQuota, reserved + MIN_UNRESERVED_CONCURRENCY),
      why: `lib/config.ts plans for ${accountQuota} (reserves ${reserved}: chat review ${chatReview}, of which ${config.chatReviewProvisionedConcurrency} provisioned, fulfilment worker ${fulfilmentWorker}); new accounts start at 10, where any reservation fails to deploy`,
    },
    {
      id: 'lambdaUnreserved',
      quota: LAMBDA_CONCURRENT_EXECUTIONS,
      needed: reserved + MIN_UNRESERVED_CONCURRENCY,
      why: `the stage reserves ${reserved} and Lambda keeps at least ${MIN_UNRESERVED_CONCURRENCY} unreserved (other stages or apps in this account and region already hold their reservations)`,
    },
    { id: 'ivsChannels', quota: IVS_CHANNELS, needed: counties, why: `${counties} county channels created at deploy time (seller channels come on top, at runtime)` },
    { id: 'ivsConcurrentStreams', quota: IVS_CONCURRENT_STREAMS, needed: counties, why: `every county channel live at the evening peak` },
    { id: 'ivsChatRooms', quota: IVS_CHAT_ROOMS, needed: counties, why: `one chat room per county channel` },
  ];
}

/** What the account reported: each need's current figure (undefined: not found). */
export type Observed = Partial<Record<Need['id'], number>>;

export interface Finding {
  readonly need: Need;
  readonly current: number | undefined;
  readonly ok: boolean;
  /** What to do: nothing, or the increase to request (with its quota code where AWS has one). */
  readonly action: string;
}

const quotaLabel = (quota: QuotaRef) => `${quota.serviceCode} "${quota.quotaName}"${quota.quotaCode ? ` (${quota.quotaCode})` : ''}`;

export function compare(needs: readonly Need[], observed: Observed): Finding[] {
  return needs.map((need) => {
    const current = observed[need.id];
    if (current === undefined) {
      return { need, current, ok: false, action: `could not read ${quotaLabel(need.quota)}: check it by hand (needed ≥ ${need.needed})` };
    }
    if (current >= need.needed) return { need, current, ok: true, action: 'ok' };
    if (need.id === 'lambdaUnreserved') {
      // Unreserved executions grow with the account quota: the fix is the same quota, raised by the shortfall.
      return { need, current, ok: false, action: `request ${quotaLabel(need.quota)} raised by at least ${need.needed - current} (unreserved ${current}, needs ${need.needed})` };
    }
    return { need, current, ok: false, action: `request ${quotaLabel(need.quota)} ≥ ${need.needed} (now ${current})` };
  });
}

export function report(stage: string, region: string, findings: readonly Finding[]): { text: string; requestNeeded: boolean } {
  const lines = findings.map((f) => `${f.ok ? 'OK  ' : 'NEED'} ${f.need.id}: ${f.current ?? '?'} / needed ${f.need.needed} — ${f.action}\n       why: ${f.need.why}`);
  const requestNeeded = findings.some((f) => !f.ok);
  const summary = requestNeeded
    ? `Before deploying ${stage} to ${region}, file the quota requests above (Service Quotas console or \`aws service-quotas request-service-quota-increase\`) and wait for them.`
    : `${region} has what ${stage} needs.`;
  return { text: [`preflight ${stage} ${region}`, ...lines, summary].join('\n'), requestNeeded };
}
