import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  GetAWSDefaultServiceQuotaCommand,
  GetServiceQuotaCommand,
  ListAWSDefaultServiceQuotasCommand,
  ListServiceQuotasCommand,
  NoSuchResourceException,
  ServiceQuotasClient,
} from '@aws-sdk/client-service-quotas';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { stages } from '../../../lib/config';
import { PreflightError, readObserved } from '../../../scripts/preflight/account-quotas';
import { compare, report, stageNeeds } from '../../../scripts/preflight/needs';

const prod = stages.prod;
const counties = prod.ivs.countyChannels.length;
const serviceQuotas = mockClient(ServiceQuotasClient);
const lambda = mockClient(LambdaClient);
const clients = () => ({ serviceQuotas: new ServiceQuotasClient({ region: 'ap-northeast-1' }), lambda: new LambdaClient({ region: 'ap-northeast-1' }) });

function account(lambdaLimit: number, unreserved: number, ivs: { channels: number; streams: number; rooms: number }) {
  lambda.on(GetAccountSettingsCommand).resolves({ AccountLimit: { ConcurrentExecutions: lambdaLimit, UnreservedConcurrentExecutions: unreserved } });
  serviceQuotas.on(GetServiceQuotaCommand, { ServiceCode: 'lambda', QuotaCode: 'L-B99A9384' }).resolves({ Quota: { QuotaName: 'Concurrent executions', Value: lambdaLimit } });
  serviceQuotas.on(ListServiceQuotasCommand, { ServiceCode: 'ivs' }).resolves({
    Quotas: [
      { QuotaName: 'Concurrent views', Value: 15_000 },
      { QuotaName: 'Channels', Value: ivs.channels },
      { QuotaName: 'Concurrent streams', Value: ivs.streams },
    ],
  });
  serviceQuotas.on(ListServiceQuotasCommand, { ServiceCode: 'ivschat' }).resolves({ Quotas: [{ QuotaName: 'Rooms', Value: ivs.rooms }] });
}

afterEach(() => {
  serviceQuotas.reset();
  lambda.reset();
});

describe('preflight comparison (pure)', () => {
  it('prod needs 1,000 concurrent executions, 220 unreserved before its reservations, and one channel, stream and room per county', () => {
    const needs = Object.fromEntries(stageNeeds(prod).map((need) => [need.id, need.needed]));
    expect(needs).toEqual({ lambdaConcurrency: 1000, lambdaUnreserved: 220, ivsChannels: counties, ivsConcurrentStreams: counties, ivsChatRooms: counties });
  });

  it('a 10-execution account must request L-B99A9384 before deploying', () => {
    const findings = compare(stageNeeds(prod), { lambdaConcurrency: 10, lambdaUnreserved: 10, ivsChannels: 5000, ivsConcurrentStreams: 100, ivsChatRooms: 50_000 });
    const { text, requestNeeded } = report('prod', 'ap-northeast-1', findings);
    expect(requestNeeded).toBe(true);
    expect(text).toMatch(/request lambda "Concurrent executions" \(L-B99A9384\) ≥ 1000 \(now 10\)/);
    expect(text).toMatch(/raised by at least 210/);
  });

  it('a quota that could not be read is never taken as enough', () => {
    const findings = compare(stageNeeds(prod), { lambdaConcurrency: 1000, lambdaUnreserved: 1000 });
    expect(findings.filter((f) => !f.ok).map((f) => f.need.id)).toEqual(['ivsChannels', 'ivsConcurrentStreams', 'ivsChatRooms']);
    expect(findings.find((f) => f.need.id === 'ivsChannels')!.action).toMatch(/check it by hand/);
  });
});

describe('preflight against the account (aws-sdk-client-mock)', () => {
  it('an account at the default 10 is told to request the Lambda quota', async () => {
    account(10, 10, { channels: 5000, streams: 100, rooms: 50_000 });
    const needs = stageNeeds(prod);
    const { requestNeeded, text } = report('prod', 'ap-northeast-1', compare(needs, await readObserved(needs, clients())));
    expect(requestNeeded).toBe(true);
    expect(text).toContain('L-B99A9384');
  });

  it('a big account is OK', async () => {
    account(3000, 3000, { channels: 5000, streams: 1000, rooms: 50_000 });
    const needs = stageNeeds(prod);
    const findings = compare(needs, await readObserved(needs, clients()));
    expect(findings.every((f) => f.ok)).toBe(true);
    expect(report('prod', 'ap-northeast-1', findings).requestNeeded).toBe(false);
  });

  it('a quota still at its AWS default is read from the defaults (GetAWSDefaultServiceQuota, ListAWSDefaultServiceQuotas)', async () => {
    lambda.on(GetAccountSettingsCommand).resolves({ AccountLimit: { UnreservedConcurrentExecutions: 1000 } });
    serviceQuotas.on(GetServiceQuotaCommand).rejects(new NoSuchResourceException({ message: 'no applied value', $metadata: {} }));
    serviceQuotas.on(GetAWSDefaultServiceQuotaCommand).resolves({ Quota: { Value: 1000 } });
    serviceQuotas.on(ListServiceQuotasCommand).resolves({ Quotas: [] });
    serviceQuotas.on(ListAWSDefaultServiceQuotasCommand, { ServiceCode: 'ivs' }).resolves({
      Quotas: [{ QuotaName: 'Channels', Value: 5000 }],
      NextToken: 'page-2',
    });
    serviceQuotas.on(ListAWSDefaultServiceQuotasCommand, { ServiceCode: 'ivs', NextToken: 'page-2' }).resolves({ Quotas: [{ QuotaName: 'Concurrent streams', Value: 100 }] });
    serviceQuotas.on(ListAWSDefaultServiceQuotasCommand, { ServiceCode: 'ivschat' }).resolves({ Quotas: [{ QuotaName: 'Rooms', Value: 50_000 }] });
    const observed = await readObserved(stageNeeds(prod), clients());
    expect(observed).toEqual({ lambdaConcurrency: 1000, lambdaUnreserved: 1000, ivsChannels: 5000, ivsConcurrentStreams: 100, ivsChatRooms: 50_000 });
  });

  it('an API error becomes a clear message naming the call and the permissions it needs', async () => {
    lambda.on(GetAccountSettingsCommand).rejects(Object.assign(new Error('User is not authorized to perform lambda:GetAccountSettings'), { name: 'AccessDeniedException' }));
    const attempt = readObserved(stageNeeds(prod), clients());
    await expect(attempt).rejects.toThrow(PreflightError);
    await expect(readObserved(stageNeeds(prod), clients())).rejects.toThrow(
      /Could not read Lambda account settings \(GetAccountSettings\): AccessDeniedException: .*lambda:GetAccountSettings, servicequotas:GetServiceQuota/,
    );
  });

  it('a Service Quotas throttle is reported the same way', async () => {
    account(3000, 3000, { channels: 5000, streams: 1000, rooms: 50_000 });
    serviceQuotas.on(ListServiceQuotasCommand, { ServiceCode: 'ivschat' }).rejects(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }));
    await expect(readObserved(stageNeeds(prod), clients())).rejects.toThrow(/Could not read Service Quotas ivschat "Rooms": TooManyRequestsException: Rate exceeded/);
  });
});
