import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ordersStreamArnParameterName } from '../../lib/data-stack';
import { synthesize } from '../support/synth';

const deployments = [
  ['dev', synthesize('dev', 'ap-northeast-1')],
  ['prod', synthesize('prod', 'ap-northeast-1')],
] as const;

/** Every Fn::ImportValue in a template, as the export name it imports. */
function imports(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(imports);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => (key === 'Fn::ImportValue' ? [JSON.stringify(item)] : imports(item)));
}

describe('data stack references (defect 3)', () => {
  it.each(deployments)('%s: the app stack imports no export of the orders stream ARN; it reads the SSM parameter the data stack writes', (stage, { regions }) => {
    for (const { data, app } of regions) {
      const appTemplate = app.toJSON();
      expect(imports(appTemplate).filter((name) => /StreamArn/i.test(name))).toEqual([]);
      const dataOutputs = JSON.stringify(data.toJSON().Outputs ?? {});
      expect(dataOutputs).not.toMatch(/StreamArn/);

      const name = ordersStreamArnParameterName(stage);
      data.hasResourceProperties('AWS::SSM::Parameter', { Name: name, Type: 'String', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersTable'), 'StreamArn'] } });
      const parameters = Object.values(appTemplate.Parameters ?? {}) as { Type: string; Default?: string }[];
      expect(parameters).toContainEqual({ Type: 'AWS::SSM::Parameter::Value<String>', Default: name });
    }
  });
});
