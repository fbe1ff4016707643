import type { UserGroup } from '../../core/http/route';
import type { Page } from '../../catalog/store/paging';
import type { ApplicationStatus, SellerApplicationItem } from '../model';

export interface Applications {
  getApplication(userId: string): Promise<SellerApplicationItem | undefined>;
  putSubmitted(application: SellerApplicationItem): Promise<void>;
  putDecided(application: SellerApplicationItem, from: SellerApplicationItem): Promise<void>;
  listApplications(status: ApplicationStatus, page: { limit: number; cursor: string | undefined }): Promise<Page<SellerApplicationItem>>;
}

/** Group membership: Cognito deployed (store/cognito-groups.ts), a catalog-table record locally (store/local-groups.ts). Idempotent. */
export interface UserGroups {
  addToGroup(userId: string, group: UserGroup): Promise<void>;
}
