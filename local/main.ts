import { parseArgs } from 'node:util';
import { JavaMissingError } from './emulators/dynamodb-local';
import { startLocalRuntime } from './runtime';

const { values } = parseArgs({ options: { 'in-memory': { type: 'boolean', default: false }, 'data-dir': { type: 'string' } } });
const started = Date.now();

try {
  const runtime = await startLocalRuntime({ inMemory: values['in-memory'], dataDir: values['data-dir'] });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the local runtime…`);
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  console.log(`village-live local API ready on ${runtime.url}`);
  console.log(`(started in ${Date.now() - started} ms; Ctrl-C stops it and every emulator it started)`);
} catch (error) {
  console.error(error instanceof JavaMissingError ? error.message : error);
  process.exit(1);
}
