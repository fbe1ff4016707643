/**
 * `npm run preflight -- --stage prod --region ap-northeast-1`: reads the target account's quotas
 * (Service Quotas and Lambda APIs, with the usual AWS credentials) and says which increases to request
 * before deploying. Exit code 0: nothing to request; 1: requests needed; 2: usage or AWS error.
 */
import { parseArgs } from 'node:util';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { IVS_REGIONS, stages, type StageConfig } from '../lib/config';
import { PreflightError, readObserved } from './preflight/account-quotas';
import { compare, report, stageNeeds } from './preflight/needs';

const usage = `usage: npm run preflight -- --stage ${Object.keys(stages).join('|')} --region ${IVS_REGIONS.join('|')}`;
const { values } = parseArgs({ options: { stage: { type: 'string' }, region: { type: 'string' } } });
const config = stages[values.stage as StageConfig['stage']] as StageConfig | undefined;
const region = values.region ?? '';
if (!config || !(IVS_REGIONS as readonly string[]).includes(region)) {
  console.error(usage);
  process.exit(2);
}

try {
  const needs = stageNeeds(config);
  const observed = await readObserved(needs, { serviceQuotas: new ServiceQuotasClient({ region }), lambda: new LambdaClient({ region }) });
  const { text, requestNeeded } = report(config.stage, region, compare(needs, observed));
  console.log(text);
  process.exit(requestNeeded ? 1 : 0);
} catch (error) {
  if (error instanceof PreflightError) {
    console.error(`preflight: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
