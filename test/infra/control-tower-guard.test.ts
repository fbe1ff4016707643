import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { CFN_GUARD_PLUGIN_NAME, ControlTowerGuard, controlTowerRuleFiles, rulesFor } from '../../lib/control-tower-guard';
import { guardAcknowledgements } from '../../lib/guard-acknowledgements';
import { buildVillageLiveApp } from '../../lib/village-live-app';
import { TEST_DEPLOY_CONTEXT } from '../support/synth';

interface ReportedViolation {
  ruleName: string;
  violatingConstructs: { constructPath: string }[];
  reason?: string;
}
interface ValidationReport {
  pluginReports: { pluginName: string; conclusion: string; violations: ReportedViolation[]; suppressedViolations?: ReportedViolation[] }[];
}

const freshOutdir = () => mkdtempSync(join(tmpdir(), 'village-live-guard-'));

/** The real app with cfn-guard on; synthesis throws on any unacknowledged finding (cdk-nag's or cfn-guard's). */
function guardReportOf(stage: 'dev' | 'prod') {
  const outdir = freshOutdir();
  const { app } = buildVillageLiveApp({
    outdir,
    context: { 'aws:cdk:bundling-stacks': [], stage, regions: 'ap-northeast-1', ...TEST_DEPLOY_CONTEXT },
  });
  app.synth();
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
  return report.pluginReports.find((plugin) => plugin.pluginName === CFN_GUARD_PLUGIN_NAME);
}

/** A queue that breaks two Control Tower controls: no dead-letter queue, no encryption at rest. */
function throwawayAppWithBadQueue() {
  const app = new App({ outdir: freshOutdir() });
  new CfnQueue(new Stack(app, 'Throwaway'), 'PlainQueue');
  return app;
}

describe('cfn-guard with the AWS Control Tower rules (CDK policy validation plugin)', () => {
  const reports = { dev: guardReportOf('dev'), prod: guardReportOf('prod') };

  it.each(['dev', 'prod'] as const)('%s synthesizes with every Control Tower finding fixed or acknowledged with a reason', (stage) => {
    const report = reports[stage];
    expect(report, 'the cfn-guard plugin ran and reported').toBeDefined();
    expect(report!.violations).toEqual([]);
    expect(report!.conclusion).toBe('success');
    expect(report!.suppressedViolations?.length).toBeGreaterThan(0);
    for (const suppressed of report!.suppressedViolations ?? []) expect(suppressed.reason, suppressed.ruleName).toMatch(/^CT\.[A-Z0-9]+\.PR\.\d+: .{40,}/);
  });

  it('acknowledges nothing that is not found: each acknowledgement silences a real finding in dev or prod', () => {
    const silenced = new Set([...(reports.dev?.suppressedViolations ?? []), ...(reports.prod?.suppressedViolations ?? [])].map((v) => v.ruleName));
    const unused = guardAcknowledgements.map((a) => a.rule).filter((rule) => !silenced.has(rule));
    expect(unused, 'no longer found: delete these from lib/guard-acknowledgements.ts').toEqual([]);
  });

  it('the alarm key denies grants to anything but AWS services (CT.KMS.PR.3 fixed, not acknowledged)', () => {
    const acknowledged = [...(reports.prod?.suppressedViolations ?? [])].map((v) => v.ruleName);
    expect(acknowledged).not.toContain('kms_create_grant_aws_service_check');
  });

  it('really runs cfn-guard: a throwaway app with an unencrypted queue without a DLQ fails synthesis', () => {
    const app = throwawayAppWithBadQueue();
    Validations.of(app).addPlugins(new ControlTowerGuard());
    expect(() => app.synth()).toThrow(/CT\.SQS\.PR\.1[\s\S]*sqs_dlq_check|sqs_dlq_check[\s\S]*CT\.SQS\.PR\.1/);
  });

  it('running only the rules about the synthesized resource types finds what all 237 rules find', () => {
    const app = throwawayAppWithBadQueue();
    const assembly = app.synth();
    const context = { templatePaths: assembly.stacks.map((stack) => stack.templateFullPath), appConstruct: app };
    const ruleNames = (report: { violations: { ruleName: string }[] }) => report.violations.map((v) => v.ruleName).sort();
    const scoped = ruleNames(new ControlTowerGuard().validate(context));
    expect(scoped).toEqual(expect.arrayContaining(['sqs_dlq_check', 'sqs_queue_encrypted_check']));
    expect(scoped).toEqual(ruleNames(new CfnGuardValidator().validate(context)));
  });

  it('selects rule files by the resource types they name', () => {
    const rules = controlTowerRuleFiles();
    expect(rules.length).toBeGreaterThan(200);
    const selected = rulesFor(new Set(['AWS::SQS::Queue']), rules).map((rule) => rule.path);
    expect(selected.some((path) => path.endsWith('ct-sqs-pr-1.guard'))).toBe(true);
    expect(selected.some((path) => path.includes('/rds/'))).toBe(false);
  });
});
