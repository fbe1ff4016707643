import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../local/paths';
import { api, baseUrl, tokenFor, uniqueId } from '../support/local-api';

const run = promisify(execFile);

/** `npm run token -- --sub ID` with no --role, against this run's local runtime. */
async function tokenCli(sub: string): Promise<string> {
  const tsx = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const { stdout } = await run(process.execPath, [tsx, 'local/token-cli.ts', '--sub', sub, '--url', baseUrl], { cwd: repoRoot });
  return stdout.trim();
}

const application = { displayName: '曹县王大姐', countyCode: '371721', phone: '+86 138 0013 8000' };

describe('seller onboarding through the local gateway', () => {
  it('apply → ops see it pending → approve → a token without --role carries sellers → seller routes work', async () => {
    const userId = uniqueId('applicant');
    const buyerToken = await tokenCli(userId);
    expect(decodeJwt(buyerToken)['cognito:groups']).toEqual(['buyers']);
    expect((await api('PUT', '/v1/seller/profile', { token: buyerToken, body: { ...application, village: '大集镇丁楼村' } })).status).toBe(403);

    const applied = await api('POST', '/v1/seller/application', { token: buyerToken, body: application });
    expect(applied.status).toBe(202);
    expect(applied.body).toMatchObject({ userId, status: 'PENDING', phone: '13800138000', countyName: '曹县' });

    const opsToken = await tokenFor(uniqueId('ops'), 'ops');
    const pending: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await api('GET', `/v1/ops/seller-applications?status=PENDING&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: opsToken });
      expect(page.status).toBe(200);
      pending.push(...page.body.items.map((item: { userId: string }) => item.userId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pending).toContain(userId);

    const approved = await api('POST', `/v1/ops/seller-applications/${userId}/approve`, { token: opsToken });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('APPROVED');
    expect((await api('POST', `/v1/ops/seller-applications/${userId}/approve`, { token: opsToken })).status).toBe(200);

    const sellerToken = await tokenCli(userId);
    expect(decodeJwt(sellerToken)['cognito:groups']).toEqual(['buyers', 'sellers']);
    const profile = await api('PUT', '/v1/seller/profile', { token: sellerToken, body: { ...application, village: '大集镇丁楼村' } });
    expect(profile.status).toBe(200);
    expect(profile.body.sellerId).toBe(userId);
    expect((await api('POST', '/v1/seller/application', { token: sellerToken, body: application })).status).toBe(409);
  });

  it('only ops review; reject needs a reason; an unknown applicant is 404', async () => {
    const userId = uniqueId('applicant');
    const token = await tokenFor(userId, 'buyers');
    expect((await api('POST', '/v1/seller/application', { token, body: { ...application, villageCode: '3717' } })).status).toBe(400);
    expect((await api('POST', '/v1/seller/application', { token, body: application })).status).toBe(202);
    expect((await api('GET', '/v1/ops/seller-applications', { token })).status).toBe(403);
    expect((await api('POST', `/v1/ops/seller-applications/${userId}/approve`, { token })).status).toBe(403);
    const opsToken = await tokenFor(uniqueId('ops'), 'ops');
    expect((await api('POST', `/v1/ops/seller-applications/${userId}/reject`, { token: opsToken, body: { reason: ' ' } })).status).toBe(400);
    const rejected = await api('POST', `/v1/ops/seller-applications/${userId}/reject`, { token: opsToken, body: { reason: '电话打不通' } });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'REJECTED', reason: '电话打不通' });
    expect((await api('POST', `/v1/ops/seller-applications/${uniqueId('nobody')}/approve`, { token: opsToken })).status).toBe(404);
  });
});
