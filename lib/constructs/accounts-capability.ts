import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { UserPoolOperation } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { BackendFunction } from './backend-function';
import type { CapabilityProps } from './capability';

/**
 * Accounts around the user pool: the post-confirmation trigger that puts every new user in `buyers`.
 * (The seller onboarding routes come from lambdas/accounts/routes.ts, like every route.)
 */
export class AccountsCapability extends Construct {
  readonly postConfirmation: BackendFunction;

  constructor(scope: Construct, id: string, props: CapabilityProps) {
    super(scope, id);
    const { config, http } = props;
    this.postConfirmation = new BackendFunction(this, 'PostConfirmationFunction', {
      entry: 'lambdas/accounts/handlers/post-confirmation.ts',
      config,
      description: 'Cognito post-confirmation: every new user joins buyers',
      memoryMb: 256,
      timeoutSeconds: 5,
    });
    http.userPool.addTrigger(UserPoolOperation.POST_CONFIRMATION, this.postConfirmation);
    // The pool names the function (its trigger) and the grant names the pool: in the role's default
    // policy, which the function depends on, that would be a cycle. A separate policy on the role is
    // created after both, and still names this pool only.
    const role = this.postConfirmation.role;
    if (!role) throw new Error('The post-confirmation function has no role');
    new Policy(this, 'AddNewUsersToBuyers', {
      roles: [role],
      statements: [new PolicyStatement({ actions: ['cognito-idp:AdminAddUserToGroup'], resources: [http.userPool.userPoolArn] })],
    });
  }
}
