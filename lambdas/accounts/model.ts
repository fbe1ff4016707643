import type { UserGroup } from '../core/http/route';

/**
 * Account items, kept in the catalog table (keys `pk`/`sk`; see lambdas/catalog/model.ts for the rest).
 *
 * | item                  | pk                        | sk               | gsi1 (pk / sk)                                  |
 * | --------------------- | ------------------------- | ---------------- | ----------------------------------------------- |
 * | seller application    | APPLICATION#{userId}      | APPLICATION      | APPLICATIONS#{status} / {submittedAt}#{userId}  |
 * | group membership (local runtime only: deployed, Cognito holds groups) | USER#{userId} | GROUP#{group} |  |
 *
 * Applications sit in their own partition family, not under SELLER#: the applicant is not a seller yet,
 * and the functions that write them get no access to sellers' items (lib/constructs/access-grants.ts).
 * Every application carries gsi1 keys by status, so ops list one status at a time, oldest first.
 */
export type ApplicationStatus = 'PENDING' | 'APPROVED' | 'REJECTED';
export const applicationStatuses = ['PENDING', 'APPROVED', 'REJECTED'] as const satisfies readonly ApplicationStatus[];

export interface SellerApplicationItem {
  userId: string;
  displayName: string;
  countyCode: string;
  villageCode?: string;
  phone: string;
  status: ApplicationStatus;
  /** Why ops rejected it (REJECTED only). */
  reason?: string;
  submittedAt: string;
  decidedAt?: string;
  decidedBy?: string;
}

export const APPLICATION_PK_PREFIX = 'APPLICATION#';
export const applicationKey = (userId: string) => ({ pk: `${APPLICATION_PK_PREFIX}${userId}`, sk: 'APPLICATION' });
export const applicationsPartition = (status: ApplicationStatus) => `APPLICATIONS#${status}`;
export const applicationIndexKeys = (item: Pick<SellerApplicationItem, 'status' | 'submittedAt' | 'userId'>) => ({
  gsi1pk: applicationsPartition(item.status),
  gsi1sk: `${item.submittedAt}#${item.userId}`,
});

export const USER_PK_PREFIX = 'USER#';
export const groupMembershipKey = (userId: string, group: UserGroup) => ({ pk: `${USER_PK_PREFIX}${userId}`, sk: `GROUP#${group}` });
