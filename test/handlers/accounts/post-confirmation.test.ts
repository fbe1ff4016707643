import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient, ResourceNotFoundException } from '@aws-sdk/client-cognito-identity-provider';
import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { handler } from '../../../lambdas/accounts/handlers/post-confirmation';
import { lambdaContext } from '../../../local/lambda-context';

const cognito = mockClient(CognitoIdentityProviderClient);

function trigger(triggerSource: PostConfirmationTriggerEvent['triggerSource']): PostConfirmationTriggerEvent {
  return {
    version: '1',
    region: 'ap-northeast-1',
    userPoolId: 'ap-northeast-1_Pool123',
    userName: '7d1c2f1e-4b8a-4a39-9d6a-0f1f2b3c4d5e',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'client' },
    triggerSource,
    request: { userAttributes: { sub: '7d1c2f1e-4b8a-4a39-9d6a-0f1f2b3c4d5e', email: 'wang@heze-village-live.cn' } },
    response: {},
  };
}

afterEach(() => cognito.reset());

describe('post-confirmation trigger', () => {
  it('puts a user who confirms sign-up in buyers, in the pool that sent the event, and returns the event', async () => {
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    const event = trigger('PostConfirmation_ConfirmSignUp');
    expect(await handler(event, lambdaContext('post-confirmation'))).toEqual(event);
    expect(cognito.commandCalls(AdminAddUserToGroupCommand).map((call) => call.args[0].input)).toEqual([
      { UserPoolId: 'ap-northeast-1_Pool123', Username: '7d1c2f1e-4b8a-4a39-9d6a-0f1f2b3c4d5e', GroupName: 'buyers' },
    ]);
  });

  it('a confirmed password reset changes no group', async () => {
    await handler(trigger('PostConfirmation_ConfirmForgotPassword'), lambdaContext('post-confirmation'));
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
  });

  it('a Cognito error fails the trigger (Cognito then fails the confirmation) rather than leave the user with no group', async () => {
    cognito.on(AdminAddUserToGroupCommand).rejects(new ResourceNotFoundException({ message: 'Group not found', $metadata: {} }));
    await expect(handler(trigger('PostConfirmation_ConfirmSignUp'), lambdaContext('post-confirmation'))).rejects.toThrow('Group not found');
  });
});
