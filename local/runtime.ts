import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { routes } from '../lambdas/routes';
import { docsControlRoutes } from './docs-page';
import { startDynamoDbLocal, type DynamoDbLocal } from './emulators/dynamodb-local';
import { startFauxqsServer, type Fauxqs } from './emulators/fauxqs';
import { localCredentials, localRegion } from './emulators/local-aws';
import type { LocalExtension, RuntimeContext } from './extension';
import { localExtensions } from './extensions';
import { LocalFunctions } from './functions/local-functions';
import { createGateway, type ControlRoute } from './http-gateway';
import { loadOrCreateIssuer, type LocalIssuer } from './local-issuer';
import { defaultDataDir, issuerKeyFile } from './paths';
import { provisionTopology } from './provision';

export interface LocalRuntimeOptions {
  /** 0 picks a free port. Default: $PORT or 3000. */
  port?: number;
  /** Throwaway data: nothing is read from or written to the data directory. */
  inMemory?: boolean;
  dataDir?: string;
  extensions?: LocalExtension[];
}

export interface LocalRuntime {
  readonly url: string;
  readonly env: Readonly<Record<string, string>>;
  readonly issuer: LocalIssuer;
  /** Child processes this runtime started (DynamoDB Local's JVM); all end with stop(). */
  readonly childPids: readonly number[];
  stop(): Promise<void>;
}

function functionEnvironment(dynamodb: string, sqsS3: string, topologyEnv: Record<string, string>): Record<string, string> {
  return {
    STAGE: 'local',
    AWS_REGION: localRegion,
    AWS_DEFAULT_REGION: localRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamodb,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: dynamodb,
    AWS_ENDPOINT_URL_SQS: sqsS3,
    AWS_ENDPOINT_URL_S3: sqsS3,
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    // A new key per start: cursors are short-lived, and one from before a restart is simply refused.
    CURSOR_SIGNING_KEY: randomBytes(32).toString('base64url'),
    ...topologyEnv,
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Brings the whole backend up on this machine: emulators, provisioned topology, local wiring and the
 * HTTP gateway, running the same handler modules Lambda runs, each function in its own instances
 * (worker threads) with the function environment as their process.env; this process's stays as it was.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const dataDir = options.inMemory ? undefined : (options.dataDir ?? defaultDataDir);
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const part of started.reverse()) await part.stop().catch((error) => console.error('[local] stop failed', error));
    started.length = 0;
  };

  try {
    const dynamodb: DynamoDbLocal = await startDynamoDbLocal(dataDir ? { dataDir: join(dataDir, 'dynamodb') } : {});
    started.push(dynamodb);
    const fauxqs: Fauxqs = await startFauxqsServer();
    started.push(fauxqs);

    const topologyEnv = await provisionTopology({ dynamodb: dynamodb.endpoint, sqsS3: fauxqs.endpoint });
    const env = functionEnvironment(dynamodb.endpoint, fauxqs.endpoint, topologyEnv);
    // Read as each instance starts, so it includes what the extensions add below.
    const functions = new LocalFunctions({ environment: () => ({ ...process.env, ...env }) });
    started.push(functions);

    // The signing key is not data: `--in-memory` keeps it too, so `npm run token` and the seed still work.
    const issuer = await loadOrCreateIssuer(issuerKeyFile(options.dataDir ?? defaultDataDir));
    let apiUrl: string | undefined;
    const context: RuntimeContext = { env, endpoints: { dynamodb: dynamodb.endpoint, sqsS3: fauxqs.endpoint }, issuer, dataDir, functions, apiUrl: () => apiUrl };

    const controlRoutes: ControlRoute[] = docsControlRoutes(routes);
    const lateEnv: ((apiUrl: string) => Record<string, string>)[] = [];
    for (const extension of options.extensions ?? localExtensions()) {
      const contribution = await extension.start(context);
      if (extension.stop) started.push({ stop: () => extension.stop!() });
      if (contribution?.env) Object.assign(env, contribution.env);
      controlRoutes.push(...(contribution?.controlRoutes ?? []));
      if (contribution?.lateEnv) lateEnv.push(contribution.lateEnv);
    }

    const gateway = createGateway({ routes, controlRoutes, issuer, functions });
    const port = await listen(gateway, options.port ?? Number(process.env.PORT ?? 3000));
    apiUrl = `http://127.0.0.1:${port}`;
    for (const late of lateEnv) Object.assign(env, late(apiUrl));
    started.push({ stop: () => new Promise<void>((resolve) => gateway.close(() => resolve())) });
    gateway.closeIdleConnections?.();

    const childPids = dynamodb.process.pid === undefined ? [] : [dynamodb.process.pid];
    return { url: apiUrl, env, issuer, childPids, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
