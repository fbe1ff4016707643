import type { UserGroups } from '../use-cases/ports';
import { cognitoGroups } from './cognito-groups';
import { recordGroup } from './local-groups';
import { catalogTable, db } from '../../catalog/store/table';

/** Cognito where there is one; the local runtime (STAGE=local) records memberships in the catalog table instead. */
export const userGroups: UserGroups =
  process.env.STAGE === 'local' ? { addToGroup: (userId, group) => recordGroup(db, catalogTable, userId, group) } : cognitoGroups;
