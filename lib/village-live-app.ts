import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AppStack } from './app-stack';
import { resolveDeployment, type Deployment } from './config';
import { ControlTowerGuard } from './control-tower-guard';
import { DataStack } from './data-stack';
import { acknowledgeGuardFindings } from './guard-acknowledgements';

export interface VillageLiveApp {
  app: App;
  deployment: Deployment;
  stacks: { region: string; data: DataStack; app: AppStack }[];
}

/**
 * Builds the CDK app for `-c stage=… -c regions=a,b`: per region an independent data stack and app
 * stack (nothing shared across regions), checked by cdk-nag's AwsSolutions pack and AWS Control Tower's
 * cfn-guard rules. `-c cfnGuard=false` skips cfn-guard (the CDK assertion tests do, but for the one test
 * that runs it on both stages: test/infra/control-tower-guard.test.ts).
 */
export function buildVillageLiveApp(props: AppProps = {}): VillageLiveApp {
  const app = new App(props);
  const deployment = resolveDeployment({
    stage: app.node.tryGetContext('stage'),
    regions: app.node.tryGetContext('regions'),
    alarmEmail: app.node.tryGetContext('alarmEmail') ?? process.env.VILLAGE_LIVE_ALARM_EMAIL,
  });
  const { config } = deployment;
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const cfnGuard = app.node.tryGetContext('cfnGuard') !== false && app.node.tryGetContext('cfnGuard') !== 'false';
  if (cfnGuard) Validations.of(app).addPlugins(new ControlTowerGuard());
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const stacks = deployment.regions.map((region) => {
    const env = { account, region };
    const tags = { project: 'village-live', stage: config.stage };
    const data = new DataStack(app, `village-live-${config.stage}-${region}-data`, { env, config, tags, terminationProtection: config.stage === 'prod' });
    const appStack = new AppStack(app, `village-live-${config.stage}-${region}-app`, { env, config, data, tags });
    appStack.addStackDependency(data);
    return { region, data, app: appStack };
  });
  acknowledgeGuardFindings(app, config);
  return { app, deployment, stacks };
}
