import { Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';
import type { StageConfig } from '../../lib/config';
import { buildVillageLiveApp, type VillageLiveApp } from '../../lib/village-live-app';

export interface SynthesizedRegion {
  region: string;
  data: Template;
  app: Template;
}

/** Prod refuses to synthesize without a real alarm address (lib/config.ts). */
export const TEST_ALARM_EMAIL = 'ops-alarms@heze-village-live.cn';
/** Prod refuses to synthesize without an SES sender for the user pool (lib/config.ts). */
export const TEST_SES_FROM_EMAIL = 'no-reply@heze-village-live.cn';
/** The context a test deployment of any stage is given. */
export const TEST_DEPLOY_CONTEXT = { alarmEmail: TEST_ALARM_EMAIL, sesFromEmail: TEST_SES_FROM_EMAIL };

const cache = new Map<string, { built: VillageLiveApp; regions: SynthesizedRegion[] }>();

/**
 * Synthesizes the real CDK app (cdk-nag included: synthesis throws on any unacknowledged finding) with
 * asset bundling skipped, once per stage/regions pair (and variant) per test file. A variant overrides
 * part of the stage config under a name, e.g. `{ name: '270 counties', overrides: { ivs: … } }`.
 * cfn-guard is left to its own test (test/infra/control-tower-guard.test.ts): it costs seconds of CPU
 * per synthesis.
 */
export function synthesize(stage: 'dev' | 'prod', regions: string, variant?: { name: string; overrides: Partial<StageConfig> }) {
  const key = `${stage}:${regions}:${variant?.name ?? ''}`;
  let entry = cache.get(key);
  if (!entry) {
    const built = buildVillageLiveApp({ context: { 'aws:cdk:bundling-stacks': [], stage, regions, ...TEST_DEPLOY_CONTEXT, cfnGuard: false } }, variant?.overrides);
    built.app.synth();
    entry = {
      built,
      regions: built.stacks.map(({ region, data, app }) => ({ region, data: Template.fromStack(data), app: Template.fromStack(app) })),
    };
    cache.set(key, entry);
  }
  return entry;
}

/** An IAM policy statement as it appears in a synthesized template. */
export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
}

/** The logical id of the one resource of `type` whose properties match. */
export function logicalIdOf(template: Template, type: string, properties: Record<string, unknown>): string {
  const found = Object.keys(template.findResources(type, { Properties: properties }));
  expect(found, `${type} ${JSON.stringify(properties)}`).toHaveLength(1);
  return found[0]!;
}
