import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { StageConfig } from '../config';

/** One secret per stage and region (secrets are regional): the same name in every region of a stage. */
export const paymentSecretName = (stage: string) => `village-live/${stage}/alipay`;

/** Alipay's classic OpenAPI gateway: dev pays in Alipay's sandbox, prod for real. */
export const ALIPAY_GATEWAYS: Readonly<Record<StageConfig['stage'], string>> = {
  dev: 'https://openapi-sandbox.dl.alipaydev.com/gateway.do',
  prod: 'https://openapi.alipay.com/gateway.do',
};

const PLACEHOLDER = 'SET-BY-OPS';

/**
 * The Alipay secret of a stage in a region: JSON `{ appId, appPrivateKey, alipayPublicKey }`
 * (lambdas/payments/alipay/credentials.ts). CloudFormation creates it with placeholders (the private
 * key field is a random string, so the template never holds anything real); ops put the real value
 * with `aws secretsmanager put-secret-value` (docs/operations in the report). It lives with the data
 * and is retained where data is.
 */
export class PaymentSecret extends Construct {
  readonly secretName: string;

  constructor(scope: Construct, id: string, props: { config: StageConfig }) {
    super(scope, id);
    this.secretName = paymentSecretName(props.config.stage);
    const secret = new Secret(this, 'Secret', {
      secretName: this.secretName,
      description: 'village-live: Alipay app id, app private key and Alipay public key (JSON), set by ops',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ appId: PLACEHOLDER, alipayPublicKey: PLACEHOLDER }),
        generateStringKey: 'appPrivateKey',
        passwordLength: 32,
        excludePunctuation: true,
      },
      removalPolicy: props.config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: "Alipay keys are rotated in Alipay's console (a new app key pair uploaded there), then put here by ops; Secrets Manager cannot rotate them.",
    });
  }
}

/**
 * What a function needs to build the payment provider (lambdas/payments/provider.ts): read access to
 * the stage's Alipay secret, granted by name (`name-??????`, so no cross-stack export ties the app
 * stack to the data stack), and the secret's name, gateway and notify URL in its environment. Never
 * the secret's value.
 */
export function grantPaymentProvider(fn: LambdaFunction, config: StageConfig, options: { notifyUrl?: string } = {}): void {
  const name = paymentSecretName(config.stage);
  Secret.fromSecretNameV2(fn, 'PaymentSecret', name).grantRead(fn);
  fn.addEnvironment('ALIPAY_SECRET_ID', name);
  fn.addEnvironment('ALIPAY_GATEWAY_URL', ALIPAY_GATEWAYS[config.stage]);
  if (options.notifyUrl) fn.addEnvironment('ALIPAY_NOTIFY_URL', options.notifyUrl);
}
