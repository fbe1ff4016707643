import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { readEnv } from '../../core/env';
import type { UserGroup } from '../../core/http/route';
import { tracer } from '../../core/observability';

/** Module scope, traced like the other clients. */
export const cognito = tracer.captureAWSv3Client(new CognitoIdentityProviderClient({}));

/**
 * Adds a user to a group of a user pool (idempotent in Cognito). The pool signs users in by e-mail
 * (an alias), so its usernames are the users' `sub`, the id the API knows them by.
 */
export async function addUserToGroup(userPoolId: string, username: string, group: UserGroup): Promise<void> {
  await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: group }));
}

let poolId: string | undefined;
/** This region's user pool, named by the environment (read on first use: the local runtime has no pool). */
const userPoolId = () => (poolId ??= readEnv({ USER_POOL_ID: z.string().min(1) }).USER_POOL_ID);

export const cognitoGroups = {
  addToGroup: (userId: string, group: UserGroup) => addUserToGroup(userPoolId(), userId, group),
};
