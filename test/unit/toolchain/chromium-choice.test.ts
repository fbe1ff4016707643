import { describe, expect, it } from 'vitest';
import { chooseChromium, chromiumArgs } from '../../support/browser';

const onDisk = (...paths: string[]) => (path: string) => paths.includes(path);

describe('which Chromium the browser tests launch', () => {
  it('falls back to the npm package on a machine without a system Chromium', () => {
    expect(chooseChromium({}, onDisk())).toEqual({ kind: 'npm' });
  });

  it("prefers the system's Chromium", () => {
    expect(chooseChromium({}, onDisk('/usr/bin/chromium'))).toEqual({ kind: 'system', executablePath: '/usr/bin/chromium' });
  });

  it('takes CHROMIUM_PATH first, and refuses one that does not exist', () => {
    const env = { CHROMIUM_PATH: '/opt/chrome/chrome' };
    expect(chooseChromium(env, onDisk('/opt/chrome/chrome', '/usr/bin/chromium'))).toEqual({ kind: 'system', executablePath: '/opt/chrome/chrome' });
    expect(() => chooseChromium(env, onDisk('/usr/bin/chromium'))).toThrow(/CHROMIUM_PATH/);
  });

  it('launches quiet and offline, without the sandbox only as root', () => {
    const args = chromiumArgs({ kind: 'npm' }, true);
    expect(args).toEqual(expect.arrayContaining(['--disable-background-networking', '--disable-component-update', '--no-sandbox', '--no-zygote']));
    expect(chromiumArgs({ kind: 'system', executablePath: '/usr/bin/chromium' }, false)).not.toContain('--no-sandbox');
  });
});
