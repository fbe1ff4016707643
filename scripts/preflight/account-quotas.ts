import { GetAccountSettingsCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import {
  GetAWSDefaultServiceQuotaCommand,
  GetServiceQuotaCommand,
  ListAWSDefaultServiceQuotasCommand,
  ListServiceQuotasCommand,
  type ServiceQuota,
  type ServiceQuotasClient,
} from '@aws-sdk/client-service-quotas';
import type { Need, Observed, QuotaRef } from './needs';

export class PreflightError extends Error {
  override readonly name = 'PreflightError';
}

export const REQUIRED_PERMISSIONS = [
  'lambda:GetAccountSettings',
  'servicequotas:GetServiceQuota',
  'servicequotas:GetAWSDefaultServiceQuota',
  'servicequotas:ListServiceQuotas',
  'servicequotas:ListAWSDefaultServiceQuotas',
];

async function reading<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new PreflightError(`Could not read ${what}: ${reason}. Preflight needs credentials for the target account with ${REQUIRED_PERMISSIONS.join(', ')}.`);
  }
}

const isNoSuchResource = (error: unknown) => error instanceof Error && error.name === 'NoSuchResourceException';

/** The applied value of a quota with a known code; its AWS default when none was ever applied. */
async function quotaByCode(client: ServiceQuotasClient, ServiceCode: string, QuotaCode: string): Promise<number | undefined> {
  try {
    return (await client.send(new GetServiceQuotaCommand({ ServiceCode, QuotaCode }))).Quota?.Value;
  } catch (error) {
    if (!isNoSuchResource(error)) throw error;
    return (await client.send(new GetAWSDefaultServiceQuotaCommand({ ServiceCode, QuotaCode }))).Quota?.Value;
  }
}

async function findByName(list: (NextToken: string | undefined) => Promise<{ Quotas?: ServiceQuota[]; NextToken?: string }>, name: string) {
  let token: string | undefined;
  do {
    const page = await list(token);
    const found = page.Quotas?.find((quota) => quota.QuotaName?.toLowerCase() === name.toLowerCase());
    if (found) return found.Value;
    token = page.NextToken;
  } while (token);
  return undefined;
}

/** ListServiceQuotas holds only applied values; a quota still at its default is in the defaults list. */
async function quotaByName(client: ServiceQuotasClient, ServiceCode: string, name: string): Promise<number | undefined> {
  return (
    (await findByName((NextToken) => client.send(new ListServiceQuotasCommand({ ServiceCode, NextToken })), name)) ??
    (await findByName((NextToken) => client.send(new ListAWSDefaultServiceQuotasCommand({ ServiceCode, NextToken })), name))
  );
}

const readQuota = (client: ServiceQuotasClient, quota: QuotaRef) =>
  reading(`Service Quotas ${quota.serviceCode} "${quota.quotaName}"`, () =>
    quota.quotaCode ? quotaByCode(client, quota.serviceCode, quota.quotaCode) : quotaByName(client, quota.serviceCode, quota.quotaName),
  );

/**
 * The account's figures for each need, in the clients' region. Lambda concurrency is what Lambda itself
 * enforces (GetAccountSettings), which a pending quota request does not change yet; Service Quotas is
 * the fallback when Lambda reports no limit.
 */
export async function readObserved(needs: readonly Need[], clients: { serviceQuotas: ServiceQuotasClient; lambda: LambdaClient }): Promise<Observed> {
  const settings = await reading('Lambda account settings (GetAccountSettings)', () => clients.lambda.send(new GetAccountSettingsCommand({})));
  const observed: Observed = {};
  for (const need of needs) {
    if (need.id === 'lambdaUnreserved') {
      observed.lambdaUnreserved = settings.AccountLimit?.UnreservedConcurrentExecutions;
    } else if (need.id === 'lambdaConcurrency') {
      const quota = await readQuota(clients.serviceQuotas, need.quota);
      observed.lambdaConcurrency = settings.AccountLimit?.ConcurrentExecutions ?? quota;
    } else {
      observed[need.id] = await readQuota(clients.serviceQuotas, need.quota);
    }
  }
  return observed;
}
