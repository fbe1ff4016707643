/**
 * Secrets Manager's GetSecretValue (awsJson1_1) for exactly one secret, the local stage's Alipay
 * secret, so that the product reads it with the same code and SDK client as deployed
 * (`AWS_ENDPOINT_URL_SECRETS_MANAGER`). Nothing else of Secrets Manager is modelled.
 */
export interface JsonAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const AMZ_JSON = 'application/x-amz-json-1.1';

export function secretsManagerAnswer(target: string, requestBody: string, secret: { name: string; arn: string; value: string }): JsonAnswer {
  const error = (status: number, type: string, message: string): JsonAnswer => ({
    status,
    headers: { 'content-type': AMZ_JSON, 'x-amzn-errortype': type },
    body: JSON.stringify({ __type: type, message }),
  });
  if (target !== 'secretsmanager.GetSecretValue') return error(400, 'UnknownOperationException', `The local Secrets Manager answers only GetSecretValue, not ${target}`);
  let secretId: unknown;
  try {
    secretId = (JSON.parse(requestBody) as { SecretId?: unknown }).SecretId;
  } catch {
    return error(400, 'SerializationException', 'Body is not JSON');
  }
  if (secretId !== secret.name && secretId !== secret.arn) return error(400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
  return {
    status: 200,
    headers: { 'content-type': AMZ_JSON },
    body: JSON.stringify({
      ARN: secret.arn,
      Name: secret.name,
      SecretString: secret.value,
      VersionId: '00000000-0000-4000-8000-000000000001',
      VersionStages: ['AWSCURRENT'],
      CreatedDate: 1_700_000_000,
    }),
  };
}
