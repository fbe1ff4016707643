import { describe, expect, it } from 'vitest';
import { applicationView, decide, submitApplication } from '../../../lambdas/accounts/domain/application';
import type { SellerApplicationItem } from '../../../lambdas/accounts/model';
import { applicationBody } from '../../../lambdas/accounts/schemas';
import { approve } from '../../../lambdas/accounts/use-cases/applications';
import type { Applications, UserGroups } from '../../../lambdas/accounts/use-cases/ports';
import { ApiError } from '../../../lambdas/core/errors';

const t0 = new Date('2026-11-01T08:00:00.000Z');
const t1 = new Date('2026-11-02T08:00:00.000Z');
const input = { displayName: '曹县王大姐', countyCode: '371721', phone: '13800138000' };
const pending = submitApplication('wang', input, undefined, t0);

const statusOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof ApiError ? error.statusCode : 'not an ApiError';
  }
  return 'no error';
};

describe('seller application rules', () => {
  it('a first application is PENDING, with the optional village code only when given', () => {
    expect(pending).toEqual({ userId: 'wang', ...input, status: 'PENDING', submittedAt: t0.toISOString() });
    expect(submitApplication('wang', { ...input, villageCode: '371721100201' }, undefined, t0).villageCode).toBe('371721100201');
  });

  it('re-applying replaces a pending or rejected application, never an approved one (409)', () => {
    expect(submitApplication('wang', { ...input, displayName: '王大姐' }, pending, t1)).toMatchObject({ displayName: '王大姐', submittedAt: t1.toISOString() });
    const rejected = decide(pending, { kind: 'reject', reason: '电话打不通' }, 'ops-li', t1);
    expect(submitApplication('wang', input, rejected, t1)).toMatchObject({ status: 'PENDING' });
    expect(submitApplication('wang', input, rejected, t1).reason).toBeUndefined();
    const approved = decide(pending, { kind: 'approve' }, 'ops-li', t1);
    expect(statusOf(() => submitApplication('wang', input, approved, t1))).toBe(409);
  });

  it('approving is idempotent; an unknown application is 404; approving a rejected one is 409', () => {
    const approved = decide(pending, { kind: 'approve' }, 'ops-li', t1);
    expect(approved).toMatchObject({ status: 'APPROVED', decidedAt: t1.toISOString(), decidedBy: 'ops-li' });
    expect(decide(approved, { kind: 'approve' }, 'ops-zhao', new Date())).toBe(approved);
    expect(statusOf(() => decide(undefined, { kind: 'approve' }, 'ops-li', t1))).toBe(404);
    const rejected = decide(pending, { kind: 'reject', reason: 'no' }, 'ops-li', t1);
    expect(statusOf(() => decide(rejected, { kind: 'approve' }, 'ops-li', t1))).toBe(409);
    expect(statusOf(() => decide(approved, { kind: 'reject', reason: 'no' }, 'ops-li', t1))).toBe(409);
  });

  it('the view names the county and shows null for what is absent', () => {
    expect(applicationView(pending)).toMatchObject({ countyName: '曹县', provinceCode: '37', villageCode: null, reason: null, decidedAt: null });
  });

  it('the body: a 12-digit village code (format only), a CN mobile normalised, a known county, typed text', () => {
    expect(applicationBody.parse({ ...input, phone: '+86 138-0013-8000' }).phone).toBe('13800138000');
    for (const bad of [{ villageCode: '3717211002' }, { phone: '12345' }, { countyCode: '999999' }, { displayName: 'a\u202eb' }, { displayName: '' }]) {
      expect(applicationBody.safeParse({ ...input, ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('approval joins the group before recording the decision: a failed group call leaves it PENDING for a retry', async () => {
    const written: SellerApplicationItem[] = [];
    const applications: Applications = {
      getApplication: async () => pending,
      putSubmitted: async () => undefined,
      putDecided: async (item) => void written.push(item),
      listApplications: async () => ({ items: [], nextCursor: null }),
    };
    const failing: UserGroups = { addToGroup: async () => Promise.reject(new Error('TooManyRequestsException')) };
    await expect(approve({ applications, groups: failing }, 'wang', 'ops-li', t1)).rejects.toThrow('TooManyRequestsException');
    expect(written).toEqual([]);
    const joined: string[] = [];
    await approve({ applications, groups: { addToGroup: async (userId, group) => void joined.push(`${userId}:${group}`) } }, 'wang', 'ops-li', t1);
    expect(joined).toEqual(['wang:sellers']);
    expect(written.map((item) => item.status)).toEqual(['APPROVED']);
  });
});
