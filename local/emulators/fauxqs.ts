import { buildApp } from 'fauxqs';

export interface Fauxqs {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * fauxqs, the SQS + S3 emulator, on loopback. `startFauxqs` always binds 0.0.0.0 and its persistent
 * stores are not exported, so queues and objects live in memory: after a restart the orders stream is
 * replayed into the queue (consumers are idempotent) and reports can be regenerated.
 */
export async function startFauxqsServer(): Promise<Fauxqs> {
  const app = buildApp({ logger: false, host: '127.0.0.1' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('fauxqs did not report its address');
  return { endpoint: `http://127.0.0.1:${address.port}`, stop: () => app.close() };
}
