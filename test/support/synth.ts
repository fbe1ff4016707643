import { Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';
import { buildVillageLiveApp, type VillageLiveApp } from '../../lib/village-live-app';

export interface SynthesizedRegion {
  region: string;
  data: Template;
  app: Template;
}

/** Prod refuses to synthesize without a real alarm address (lib/config.ts). */
export const TEST_ALARM_EMAIL = 'ops-alarms@heze-village-live.cn';

const cache = new Map<string, { built: VillageLiveApp; regions: SynthesizedRegion[] }>();

/**
 * Synthesizes the real CDK app (cdk-nag included: synthesis throws on any unacknowledged finding) with
 * asset bundling skipped, once per stage/regions pair per test file. cfn-guard is left to its own test
 * (test/infra/control-tower-guard.test.ts): it costs seconds of CPU per synthesis.
 */
export function synthesize(stage: 'dev' | 'prod', regions: string) {
  const key = `${stage}:${regions}`;
  let entry = cache.get(key);
  if (!entry) {
    const built = buildVillageLiveApp({ context: { 'aws:cdk:bundling-stacks': [], stage, regions, alarmEmail: TEST_ALARM_EMAIL, cfnGuard: false } });
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
