import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import { logger, traceLambdaHandler } from '../../core/observability';
import { addUserToGroup } from '../store/cognito-groups';

/**
 * Cognito's post-confirmation trigger: every user who confirms their sign-up becomes a buyer. A
 * confirmed password reset fires the same trigger and changes nothing. Cognito retries a failed
 * trigger and fails the confirmation, so an error propagates instead of leaving a user with no group.
 */
export async function addNewUserToBuyers(event: PostConfirmationTriggerEvent): Promise<PostConfirmationTriggerEvent> {
  if (event.triggerSource !== 'PostConfirmation_ConfirmSignUp') return event;
  await addUserToGroup(event.userPoolId, event.userName, 'buyers');
  logger.info('New user added to buyers');
  return event;
}

export const handler = middy(addNewUserToBuyers).use(injectLambdaContext(logger)).use(traceLambdaHandler());
