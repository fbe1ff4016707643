/**
 * `npm run redrive`: moves the fulfilment DLQ's messages back to the fulfilment queue of the running
 * local runtime (`npm start`), through its control route. Prints `{ "moved": n }`.
 *
 *   npm run redrive [-- --url http://127.0.0.1:3000]
 *
 * Deployed, use SQS's own redrive instead (see docs/orders.md):
 *   aws sqs start-message-move-task --source-arn <fulfilment DLQ ARN>
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export async function redrive(baseUrl: string): Promise<{ moved: number }> {
  // The gateway takes `/_local/*` writes only as JSON, even without a body.
  const response = await fetch(new URL('/_local/queues/fulfilment-dlq/redrive', baseUrl), { method: 'POST', headers: { 'content-type': 'application/json' } });
  if (!response.ok) throw new Error(`Redrive failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { moved: number };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { url: { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? 3000}` } } });
  try {
    console.log(JSON.stringify(await redrive(values.url!)));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    console.error('Is the local runtime running (npm start)?');
    process.exit(1);
  }
}
