import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../local/paths';

const execFileAsync = promisify(execFile);

// A PATH with nothing on it: no `java`, as on a machine without a Java runtime.
const emptyPath = mkdtempSync(join(tmpdir(), 'village-live-no-java-'));
afterAll(() => rmSync(emptyPath, { recursive: true, force: true }));

/** `npx vitest run <file>` in a child process that cannot find Java. */
async function vitestWithoutJava(file: string): Promise<{ code: number; output: string }> {
  const env = { PATH: emptyPath, HOME: process.env.HOME ?? tmpdir(), TMPDIR: tmpdir(), NO_COLOR: '1', CI: 'true' };
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', file], { cwd: repoRoot, env });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('vitest projects', () => {
  it('runs a unit test file without Java: only the emulator project starts DynamoDB Local', async () => {
    const [unit, emulator] = await Promise.all([
      vitestWithoutJava('test/unit/core/item-decoder.test.ts'),
      // The control: the same empty PATH does stop a run that needs the emulators.
      vitestWithoutJava('test/integration/ivs-standin.test.ts'),
    ]);

    expect(unit.output).toMatch(/\bunit\b.*test\/unit\/core\/item-decoder\.test\.ts/);
    expect(unit.output).toMatch(/Test Files\s+1 passed/);
    expect(unit.output).not.toMatch(/Java runtime/);
    expect(unit.code).toBe(0);
    expect(emulator.code).not.toBe(0);
    expect(emulator.output).toMatch(/DynamoDB Local needs a Java runtime/);
  });
});
