import { describe, expect, inject, it } from 'vitest';
import { uniqueId } from '../../support/local-api';

// Real DynamoDB Local (the shared runtime's): conditional writes, the status index and cursors are DynamoDB's own.
Object.assign(process.env, inject('localRuntime').env, { POWERTOOLS_LOG_LEVEL: 'SILENT' });
const { documentClient } = await import('../../../lambdas/core/aws/dynamodb');
const { catalogTable } = await import('../../../lambdas/catalog/store/table');
const applications = await import('../../../lambdas/accounts/store/applications');
const { localGroupsOf } = await import('../../../lambdas/accounts/store/local-groups');
const { userGroups } = await import('../../../lambdas/accounts/store/user-groups');
const { apply, approve, listByStatus, reject } = await import('../../../lambdas/accounts/use-cases/applications');

const deps = { applications, groups: userGroups };
const input = { displayName: '曹县王大姐', countyCode: '371721', phone: '13800138000' };
const failure = async (promise: Promise<unknown>) => promise.then(() => 'no error', (error: { statusCode?: number }) => error.statusCode);

describe('seller applications on DynamoDB Local', () => {
  it('apply → re-apply replaces it → approve records sellers (locally) → approving again is idempotent → re-applying is 409', async () => {
    const userId = uniqueId('applicant');
    await apply(deps, userId, input, new Date('2026-11-01T08:00:00Z'));
    const replaced = await apply(deps, userId, { ...input, displayName: '王大姐', villageCode: '371721100201' }, new Date('2026-11-01T09:00:00Z'));
    expect(replaced).toMatchObject({ userId, displayName: '王大姐', villageCode: '371721100201', status: 'PENDING', submittedAt: '2026-11-01T09:00:00.000Z' });
    expect(await localGroupsOf(documentClient, catalogTable, userId)).toEqual(['buyers']);

    const approved = await approve(deps, userId, 'ops-li', new Date('2026-11-02T08:00:00Z'));
    expect(approved).toMatchObject({ status: 'APPROVED', decidedAt: '2026-11-02T08:00:00.000Z' });
    expect(await localGroupsOf(documentClient, catalogTable, userId)).toEqual(['buyers', 'sellers']);
    expect(await approve(deps, userId, 'ops-zhao', new Date('2026-11-03T08:00:00Z'))).toEqual(approved);
    expect(await failure(apply(deps, userId, input))).toBe(409);
    expect(await failure(reject(deps, userId, '太晚了', 'ops-li'))).toBe(409);
  });

  it('an unknown application is 404 for approve and reject; a rejected one may apply again', async () => {
    const userId = uniqueId('applicant');
    expect(await failure(approve(deps, userId, 'ops-li'))).toBe(404);
    expect(await failure(reject(deps, userId, 'no', 'ops-li'))).toBe(404);
    await apply(deps, userId, input);
    expect(await reject(deps, userId, '电话打不通', 'ops-li')).toMatchObject({ status: 'REJECTED', reason: '电话打不通' });
    expect(await failure(approve(deps, userId, 'ops-li'))).toBe(409);
    expect(await apply(deps, userId, input)).toMatchObject({ status: 'PENDING', reason: null });
    expect(await localGroupsOf(documentClient, catalogTable, userId)).toEqual(['buyers']);
  });

  it('a decision on an application that changed since it was read is a 409, not a lost update', async () => {
    const userId = uniqueId('applicant');
    await apply(deps, userId, input, new Date('2026-11-01T08:00:00Z'));
    const read = (await applications.getApplication(userId))!;
    await apply(deps, userId, input, new Date('2026-11-01T09:00:00Z'));
    await expect(applications.putDecided({ ...read, status: 'REJECTED', reason: 'stale' }, read)).rejects.toMatchObject({ statusCode: 409 });
  });

  it('ops list one status, oldest first, page by page with a cursor bound to that status', async () => {
    const ids = [uniqueId('applicant'), uniqueId('applicant'), uniqueId('applicant')];
    // Far-past submissions, so that they come first in the PENDING list whatever else the shared runtime holds.
    for (const [i, userId] of ids.entries()) await apply(deps, userId, input, new Date(Date.UTC(2001, 0, 1, 0, 0, i)));
    await reject(deps, ids[1]!, 'no', 'ops-li');
    const first = await listByStatus(deps, { status: 'PENDING', limit: 1 });
    const second = await listByStatus(deps, { status: 'PENDING', limit: 1, cursor: first.nextCursor! });
    const mine = [...first.items, ...second.items].map((item) => item.userId).filter((id) => ids.includes(id));
    expect(mine).toEqual([ids[0], ids[2]]);
    expect((await listByStatus(deps, { status: 'REJECTED', limit: 100 })).items.map((item) => item.userId)).toContain(ids[1]);
    await expect(listByStatus(deps, { status: 'REJECTED', limit: 1, cursor: first.nextCursor! })).rejects.toMatchObject({ statusCode: 400 });
  });
});
