import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AppStack } from './app-stack';
import { resolveDeployment, type Deployment, type StageConfig } from './config';
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
 * that runs it on both stages: test/infra/control-tower-guard.test.ts). `overrides` replace parts of the
 * stage config (tests: e.g. the seed's 270 county channels).
 */
export function buildVillageLiveApp(props: AppProps = {}, overrides: Partial<StageConfig> = {}): VillageLiveApp {
  const app = new App(props);
  // Server access logs are delivered under a bucket policy, not the LogDeliveryWrite ACL (ACLs are off).
  app.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
  const deployment = resolveDeployment({
    stage: app.node.tryGetContext('stage'),
    regions: app.node.tryGetContext('regions'),
    alarmEmail: app.node.tryGetContext('alarmEmail') ?? process.env.VILLAGE_LIVE_ALARM_EMAIL,
    sesFromEmail: app.node.tryGetContext('sesFromEmail') ?? process.env.VILLAGE_LIVE_SES_FROM_EMAIL,
    sesFromName: app.node.tryGetContext('sesFromName') ?? process.env.VILLAGE_LIVE_SES_FROM_NAME,
    sesReplyTo: app.node.tryGetContext('sesReplyTo') ?? process.env.VILLAGE_LIVE_SES_REPLY_TO,
    sesRegion: app.node.tryGetContext('sesRegion') ?? process.env.VILLAGE_LIVE_SES_REGION,
  }, overrides);
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
