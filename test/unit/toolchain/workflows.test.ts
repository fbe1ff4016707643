import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// js-yaml comes with the OpenAPI tooling (a transitive dependency) and has no bundled types.
const { load: parseYaml } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const workflowsDir = join(repoRoot, '.github', 'workflows');
const validatorCli = join(repoRoot, 'node_modules', '@action-validator', 'cli', 'cli.mjs');

/** @action-validator/cli: GitHub's workflow schema and the glob/action references it can check offline. */
const validate = (path: string) => spawnSync(process.execPath, [validatorCli, path], { encoding: 'utf8' });

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  environment?: string | { name: string };
  strategy?: { 'max-parallel'?: number; matrix?: Record<string, unknown> };
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflowFiles = readdirSync(workflowsDir).filter((name) => /\.ya?ml$/.test(name));
const workflow = (name: string) => parseYaml(readFileSync(join(workflowsDir, name), 'utf8')) as Workflow;
const runs = (job: Job) => job.steps.map((step) => step.run ?? '').join('\n');
const uses = (job: Job, action: string) => job.steps.filter((step) => step.uses?.startsWith(`${action}@`));

describe('GitHub workflows (.github/workflows)', () => {
  it.each(workflowFiles)('%s passes @action-validator/cli', (name) => {
    const result = validate(join(workflowsDir, name));
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('the validator does reject a broken workflow', () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'workflow-')), 'broken.yml');
    writeFileSync(broken, 'name: broken\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    stepz:\n      - run: echo\n');
    const result = validate(broken);
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toContain("Additional property 'stepz' is not allowed");
  });

  it('on pull requests: npm ci and npm test as .ci/run does (Node 24 from the package, Java present), and cdk synth of both stages', () => {
    const ci = workflow('ci.yml');
    expect(Object.keys(ci.on)).toEqual(['pull_request']);
    const { test, synth } = ci.jobs;
    expect(runs(test!)).toMatch(/npm ci[\s\S]*npx node --version[\s\S]*v24[\s\S]*npm test/);
    expect(uses(test!, 'actions/setup-java')).toHaveLength(1);
    expect(synth!.strategy?.matrix?.include).toEqual([
      { stage: 'dev', regions: 'ap-northeast-1' },
      { stage: 'prod', regions: 'ap-northeast-1,eu-west-1' },
    ]);
    const synthStep = synth!.steps.find((step) => step.run?.includes('cdk synth'))!;
    expect(synthStep.run).toContain('-c stage=${{ matrix.stage }} -c regions=${{ matrix.regions }}');
    expect(synthStep.env?.VILLAGE_LIVE_ALARM_EMAIL).toBe('${{ vars.PROD_ALARM_EMAIL }}');
  });

  it('on main: deploys dev, then prod region by region after approval, with OIDC credentials', () => {
    const deploy = workflow('deploy.yml');
    expect(deploy.on).toHaveProperty('push', { branches: ['main'] });
    expect(deploy.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const { dev, prod } = deploy.jobs;
    expect(runs(dev!)).toContain('cdk deploy --all --require-approval never -c stage=dev');
    expect(prod!.needs).toBe('dev');
    expect(prod!.environment).toBe('production');
    expect(prod!.strategy?.['max-parallel']).toBe(1);
    expect(prod!.strategy?.matrix?.region).toEqual(['ap-northeast-1', 'eu-west-1']);
    expect(runs(prod!)).toContain('cdk deploy --all --require-approval never -c stage=prod -c regions=${{ matrix.region }}');
    for (const job of [dev!, prod!]) {
      const [credentials] = uses(job, 'aws-actions/configure-aws-credentials');
      expect(credentials?.with?.['role-to-assume']).toMatch(/^\$\{\{ vars\.[A-Z_]+_ROLE_ARN \}\}$/);
    }
  });

  it('no workflow holds long-lived AWS keys', () => {
    for (const name of workflowFiles) {
      const text = readFileSync(join(workflowsDir, name), 'utf8');
      expect(text, name).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID|AKIA[0-9A-Z]{16}/);
    }
  });
});
