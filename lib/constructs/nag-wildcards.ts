import { Stack, Validations } from 'aws-cdk-lib';
import { CfnPolicy } from 'aws-cdk-lib/aws-iam';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';

export interface ExpectedWildcards {
  /** Wildcard actions this grant is expected to carry, e.g. `s3:GetObject*`. */
  readonly actions?: readonly string[];
  /** Accepts a wildcard resource as cdk-nag prints it (e.g. `<stack>:<export>/reports/*`). */
  readonly resource?: (flattened: string) => boolean;
  readonly reason: string;
}

interface PolicyStatementJson {
  Effect?: string;
  Action?: string | string[];
  Resource?: unknown;
}

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/**
 * Acknowledges cdk-nag's AwsSolutions-IAM5 findings that a grant is expected to produce on the
 * policies under `scope`, and only those. cdk-nag v3 matches a finding by its exact id, and the id of
 * a resource in another stack (the data stack's bucket) contains that stack's export name, which only
 * exists once CDK has resolved cross-stack references; so the ids are computed at validation time,
 * from the resolved policy. Anything not expected stays a finding.
 */
export function acknowledgeExpectedWildcards(scope: IConstruct, expected: readonly ExpectedWildcards[]): void {
  scope.node.addValidation({
    validate: () => {
      for (const policy of scope.node.findAll().filter((node): node is CfnPolicy => node instanceof CfnPolicy)) {
        const document = Stack.of(policy).resolve(policy.policyDocument) as { Statement?: PolicyStatementJson[] };
        for (const statement of document.Statement ?? []) {
          if (statement.Effect !== 'Allow') continue;
          for (const action of asArray(statement.Action).filter((a) => a.includes('*'))) {
            const match = expected.find((e) => e.actions?.includes(action));
            if (match) Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[Action::${action}]`, reason: match.reason });
          }
          for (const resource of asArray(statement.Resource).map(flattenCfnReference).filter((r) => r.includes('*'))) {
            const match = expected.find((e) => e.resource?.(resource));
            if (match) Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason: match.reason });
          }
        }
      }
      return [];
    },
  });
}
