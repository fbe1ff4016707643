import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../local/paths';

describe('.ci/run', () => {
  it("installs nothing beyond the README's prerequisites (a Java runtime), so CI sees what a newcomer sees", () => {
    const script = readFileSync(join(repoRoot, '.ci', 'run'), 'utf8');
    const commands = script.split('\n').filter((line) => !line.trimStart().startsWith('#'));
    const installs = commands.filter((line) => /apt-get install\b/.test(line));

    expect(installs).toHaveLength(1);
    expect(installs[0]).toMatch(/ default-jre-headless$/);
    expect(commands.filter((line) => /chromium/i.test(line))).toEqual([]);
  });
});
