import { tables, queues, buckets } from '../../lib/topology';

/**
 * Unit and handler tests import handler modules, which read their environment at init. Give them
 * well-formed values; tests that talk to the emulators take the real ones from `localRuntime`.
 */
const defaults: Record<string, string> = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  STAGE: 'test',
  // Signs list cursors (lambdas/core/http/cursor.ts); the emulator tests take the local runtime's own.
  CURSOR_SIGNING_KEY: 'test-cursor-signing-key-0123456789abcdef',
};
for (const table of Object.values(tables)) defaults[table.envName] = table.localName;
for (const queue of Object.values(queues)) defaults[queue.envName] = `https://sqs.us-east-1.amazonaws.com/000000000000/${queue.localName}`;
for (const bucket of Object.values(buckets)) defaults[bucket.envName] = bucket.localName;

for (const [name, value] of Object.entries(defaults)) process.env[name] ??= value;
