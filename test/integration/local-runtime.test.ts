import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { tables } from '../../lib/topology';
import { assertJavaAvailable, JavaMissingError } from '../../local/emulators/dynamodb-local';
import { localCredentials, localRegion } from '../../local/emulators/local-aws';
import { startLocalRuntime } from '../../local/runtime';

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const dataDir = mkdtempSync(join(tmpdir(), 'village-live-runtime-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('local runtime lifecycle', () => {
  it('keeps data across restarts in its data directory and leaves no process behind', async () => {
    const key = { pk: 'RUNTIME#persistence', sk: 'PROBE' };
    const first = await startLocalRuntime({ dataDir, port: 0, extensions: [] });
    const endpoint = first.env.AWS_ENDPOINT_URL_DYNAMODB!;
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials }));
    await client.send(new PutCommand({ TableName: tables.catalog.localName, Item: { ...key, note: 'survives a restart' } }));
    client.destroy();
    expect(first.childPids.length).toBeGreaterThan(0);
    await first.stop();
    for (const pid of first.childPids) expect(isRunning(pid)).toBe(false);

    const second = await startLocalRuntime({ dataDir, port: 0, extensions: [] });
    try {
      const again = DynamoDBDocumentClient.from(
        new DynamoDBClient({ endpoint: second.env.AWS_ENDPOINT_URL_DYNAMODB!, region: localRegion, credentials: localCredentials }),
      );
      const { Item } = await again.send(new GetCommand({ TableName: tables.catalog.localName, Key: key }));
      again.destroy();
      expect(Item?.note).toBe('survives a restart');
      const health = await fetch(`${second.url}/v1/health`);
      expect(health.status).toBe(200);
    } finally {
      await second.stop();
    }
    for (const pid of second.childPids) expect(isRunning(pid)).toBe(false);
  });

  it('says how to install Java when it is missing', () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(() => assertJavaAvailable()).toThrow(JavaMissingError);
      expect(() => assertJavaAvailable()).toThrow(/apt-get install -y default-jre-headless/);
    } finally {
      process.env.PATH = path;
    }
  });
});
