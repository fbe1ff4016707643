import { describe, expect, it } from 'vitest';
import { synthesize, type Statement } from '../support/synth';

const { app } = synthesize('prod', 'ap-northeast-1').regions[0]!;
const resources = app.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;

const poolId = Object.keys(app.findResources('AWS::Cognito::UserPool'))[0]!;
const poolArn = { 'Fn::GetAtt': [poolId, 'Arn'] };
const functionIdByDescription = (description: string) => {
  const ids = Object.keys(app.findResources('AWS::Lambda::Function', { Properties: { Description: description } }));
  expect(ids, description).toHaveLength(1);
  return ids[0]!;
};
const statementsOf = (functionId: string): Statement[] => {
  const roleId = resources[functionId]!.Properties.Role['Fn::GetAtt'][0] as string;
  return Object.values(app.findResources('AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
};
const cognitoStatements = (functionId: string) => statementsOf(functionId).filter((s) => [s.Action].flat().some((a) => a.startsWith('cognito-idp:')));

describe('accounts (CDK)', () => {
  const trigger = functionIdByDescription('Cognito post-confirmation: every new user joins buyers');

  it('the user pool calls the post-confirmation function, which Cognito may invoke from this pool only', () => {
    app.hasResourceProperties('AWS::Cognito::UserPool', { LambdaConfig: { PostConfirmation: { 'Fn::GetAtt': [trigger, 'Arn'] } } });
    app.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [trigger, 'Arn'] },
      Principal: 'cognito-idp.amazonaws.com',
      SourceArn: poolArn,
    });
  });

  it('the trigger may add users to groups of this pool only, through a policy the function does not depend on (no cycle)', () => {
    expect(cognitoStatements(trigger)).toEqual([{ Effect: 'Allow', Action: 'cognito-idp:AdminAddUserToGroup', Resource: poolArn }]);
    const policyId = Object.keys(app.findResources('AWS::IAM::Policy')).find((id) => id.startsWith('AccountsAddNewUsersToBuyers'))!;
    expect(policyId).toBeDefined();
    const dependsOn = (app.toJSON().Resources[trigger] as { DependsOn?: string[] }).DependsOn ?? [];
    expect(dependsOn).not.toContain(policyId);
  });

  it('approval may add users to groups of this pool only, and knows the pool by USER_POOL_ID', () => {
    const approve = functionIdByDescription('POST /v1/ops/seller-applications/{userId}/approve');
    expect(cognitoStatements(approve)).toEqual([{ Effect: 'Allow', Action: 'cognito-idp:AdminAddUserToGroup', Resource: poolArn }]);
    expect(resources[approve]!.Properties.Environment.Variables.USER_POOL_ID).toEqual({ Ref: poolId });
  });

  it.each([
    'POST /v1/seller/application',
    'GET /v1/ops/seller-applications',
    'POST /v1/ops/seller-applications/{userId}/reject',
  ])('%s has no Cognito grant', (description) => {
    expect(cognitoStatements(functionIdByDescription(description))).toEqual([]);
  });

  it('the applications list reads application items and the status index (gsi1) only', () => {
    const statements = statementsOf(functionIdByDescription('GET /v1/ops/seller-applications')).filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatchObject({ Action: 'dynamodb:GetItem', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['APPLICATION#*'] } } });
    expect(statements[1]!.Action).toBe('dynamodb:Query');
    expect(JSON.stringify(statements[1]!.Resource)).toMatch(/CatalogTable.*\/index\/gsi1"/);
  });
});
