import { readFileSync } from 'node:fs';
import { Stack } from 'aws-cdk-lib';
import { CfnAlarm, CfnCompositeAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { describe, expect, it } from 'vitest';
import { synthesize } from '../support/synth';

/**
 * Runbook sections written ahead of alarms other work adds (`<!-- pending: … -->` under the heading).
 * When one lands: rename the heading to its construct id if it differs, drop the comment, delete it here.
 */
const PENDING_ALARMS: string[] = [];

const RUNBOOK = 'docs/runbook.md';

interface RunbookSection {
  heading: string;
  body: string;
  pending: boolean;
}

/** The `### <construct id>` sections of the runbook's `## Alarms` chapter. */
function alarmSections(markdown: string): RunbookSection[] {
  const chapter = markdown.split(/^## /m).find((part) => part.startsWith('Alarms\n'));
  if (!chapter) throw new Error(`${RUNBOOK} has no "## Alarms" chapter`);
  return chapter
    .split(/^### /m)
    .slice(1)
    .map((part) => {
      const [heading = '', ...rest] = part.split('\n');
      const body = rest.join('\n');
      return { heading: heading.trim(), body, pending: /<!--\s*pending:/.test(body) };
    });
}

interface DeployedAlarm {
  constructId: string;
  path: string;
  logicalId: string;
  stackName: string;
}

/**
 * Every alarm resource of the app, named by its construct id: the id given to `notifyingAlarm` (or to
 * `new Alarm`), i.e. the parent of the L1 `Resource`, or the L1's own id when it was created directly.
 */
function alarmsOf(stage: 'dev' | 'prod'): { alarms: DeployedAlarm[]; templateAlarmIds: { stackName: string; logicalId: string }[] } {
  const { built, regions } = synthesize(stage, 'ap-northeast-1');
  const alarms = built.app.node
    .findAll()
    .filter((node): node is CfnAlarm | CfnCompositeAlarm => node instanceof CfnAlarm || node instanceof CfnCompositeAlarm)
    .map((cfn) => {
      const named = cfn.node.id === 'Resource' && cfn.node.scope ? cfn.node.scope : cfn;
      const stack = Stack.of(cfn);
      return { constructId: named.node.id, path: named.node.path, logicalId: stack.getLogicalId(cfn), stackName: stack.stackName };
    });
  const templateAlarmIds = regions.flatMap(({ data, app }, i) =>
    [data, app].flatMap((template, j) => {
      const stackName = j === 0 ? built.stacks[i]!.data.stackName : built.stacks[i]!.app.stackName;
      return ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'].flatMap((type) => Object.keys(template.findResources(type)).map((logicalId) => ({ stackName, logicalId })));
    }),
  );
  return { alarms, templateAlarmIds };
}

describe('runbook: one section per alarm (docs/runbook.md)', () => {
  const sections = alarmSections(readFileSync(RUNBOOK, 'utf8'));
  const stages = (['dev', 'prod'] as const).map((stage) => ({ stage, ...alarmsOf(stage) }));
  const deployed = new Map(stages.flatMap(({ alarms }) => alarms.map((alarm) => [alarm.constructId, alarm] as const)));

  it.each(stages)('$stage: every alarm in the templates is found in the construct tree (so none escapes the check)', ({ alarms, templateAlarmIds }) => {
    const known = new Set(alarms.map(({ stackName, logicalId }) => `${stackName}/${logicalId}`));
    const unknown = templateAlarmIds.filter(({ stackName, logicalId }) => !known.has(`${stackName}/${logicalId}`));
    expect(unknown, 'alarms in the template that no CfnAlarm construct produced').toEqual([]);
    expect(alarms.length).toBeGreaterThan(0);
  });

  it.each(stages)('$stage: every alarm has a "### <construct id>" section', ({ alarms }) => {
    const documented = new Set(sections.filter((section) => !section.pending).map((section) => section.heading));
    const missing = alarms
      .filter(({ constructId }) => !documented.has(constructId))
      .map(({ constructId, path }) => `alarm ${constructId} (${path}) has no section "### ${constructId}" in ${RUNBOOK}`);
    expect(missing).toEqual([]);
  });

  it('has no section for an alarm that does not exist, except the pending ones of the allow-list', () => {
    const stray = sections
      .filter(({ heading, pending }) => !deployed.has(heading) && !(pending && PENDING_ALARMS.includes(heading)))
      .map(({ heading, pending }) =>
        pending
          ? `"### ${heading}" is marked pending but is not in PENDING_ALARMS (test/infra/runbook.test.ts)`
          : `"### ${heading}" names no alarm of either stage: rename it to the alarm's construct id, mark it <!-- pending: … --> and add it to PENDING_ALARMS, or delete it`,
      );
    expect(stray).toEqual([]);
  });

  it('pending sections are exactly the allow-list, and none of them has landed yet', () => {
    const pending = sections.filter((section) => section.pending).map((section) => section.heading);
    expect(pending.sort()).toEqual([...PENDING_ALARMS].sort());
    const landed = pending.filter((heading) => deployed.has(heading)).map((heading) => `${heading} exists now: drop its pending comment in ${RUNBOOK} and its entry in PENDING_ALARMS`);
    expect(landed).toEqual([]);
  });

  it('each section says what it means, three things to look at first, and how to recover', () => {
    const incomplete = sections
      .filter(({ body }) => !(body.includes('**Means.**') && body.includes('**Recover.**') && /\*\*Look first\.\*\*\n1\. [\s\S]*\n2\. [\s\S]*\n3\. /.test(body)))
      .map(({ heading }) => heading);
    expect(incomplete).toEqual([]);
  });

  it('has one section per heading (no duplicates)', () => {
    const headings = sections.map((section) => section.heading);
    expect(headings.filter((heading, i) => headings.indexOf(heading) !== i)).toEqual([]);
  });
});
