import { describe, expect, it } from 'vitest';
import { stages } from '../../lib/config';
import { seedCounties } from '../support/seed-counties';
import { LIMITS, LIMITS_HEADER, limitsRow, measureTemplate, type CfnTemplate } from '../support/stack-limits';
import { synthesize } from '../support/synth';

/** The seed story's county list: 270 county channels in one region (test/support/seed-counties.ts). */
const counties270 = { name: '270 counties', overrides: { ivs: { ...stages.prod.ivs, countyChannels: seedCounties(270) } } };

const deployments = [
  ['dev', synthesize('dev', 'ap-northeast-1')],
  ['prod', synthesize('prod', 'ap-northeast-1')],
  ['prod, 270 counties', synthesize('prod', 'ap-northeast-1', counties270)],
] as const;

const measured = deployments.flatMap(([deployment, { built, regions }]) =>
  regions.flatMap((region, index) => {
    const stacks = built.stacks[index]!;
    return [
      { deployment, stack: stacks.data.stackName, limits: measureTemplate(region.data.toJSON() as CfnTemplate) },
      { deployment, stack: stacks.app.stackName, limits: measureTemplate(region.app.toJSON() as CfnTemplate) },
    ];
  }),
);

describe('stack limits (CloudFormation, Lambda and IAM quotas synthesis does not check)', () => {
  it('prints the limits table per stack (estimates for environments and policies: see test/support/stack-limits.ts)', () => {
    const table = [LIMITS_HEADER, ...measured.map(({ deployment, stack, limits }) => limitsRow(`${stack} (${deployment})`, limits))].join('\n');
    console.log(`\n${table}\n`);
    expect(measured).toHaveLength(6);
  });

  it.each(measured.map((entry) => [`${entry.stack} (${entry.deployment})`, entry] as const))('%s is within every limit', (_name, { limits }) => {
    expect(limits.resources).toBeLessThanOrEqual(LIMITS.resources);
    expect(limits.outputs).toBeLessThanOrEqual(LIMITS.outputs);
    expect(limits.parameters).toBeLessThanOrEqual(LIMITS.parameters);
    expect(limits.templateBytes).toBeLessThanOrEqual(LIMITS.templateBytes);
    expect(limits.maxEnvironment.bytes, limits.maxEnvironment.functionId).toBeLessThanOrEqual(LIMITS.functionEnvironmentBytes);
    expect(limits.maxRolePolicies.chars, limits.maxRolePolicies.roleId).toBeLessThanOrEqual(LIMITS.roleInlinePolicyChars);
  });

  it('county channels cost the stack nothing per county: 270 counties add no resource and no environment byte to the 2 of prod', () => {
    const app = (deployment: string) => measured.find((entry) => entry.deployment === deployment && entry.stack.endsWith('-app'))!.limits;
    expect(app('prod, 270 counties').resources).toBe(app('prod').resources);
    expect(app('prod, 270 counties').maxEnvironment.bytes).toBe(app('prod').maxEnvironment.bytes);
  });
});
