/**
 * Headless Chromium for the browser tests. The machine's own Chromium when it has one (`CHROMIUM_PATH`,
 * else /usr/bin/chromium), otherwise the headless shell that ships inside the `@sparticuz/chromium` npm
 * package, so that `npm ci && npm test` needs no system browser.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { repoRoot } from '../../local/paths';

export type ChromiumSource = { kind: 'system'; executablePath: string } | { kind: 'npm' };

export const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'] as const;

/** Which Chromium to launch. `CHROMIUM_PATH` is a promise: when set, it must exist. */
export function chooseChromium(env: Readonly<Record<string, string | undefined>>, exists: (path: string) => boolean): ChromiumSource {
  const configured = env.CHROMIUM_PATH;
  if (configured) {
    if (!exists(configured)) throw new Error(`CHROMIUM_PATH is ${configured}, which does not exist`);
    return { kind: 'system', executablePath: configured };
  }
  const found = SYSTEM_CHROMIUM_PATHS.find((path) => exists(path));
  return found ? { kind: 'system', executablePath: found } : { kind: 'npm' };
}

/** Quiet and offline: no update checks, sync, QUIC or first-run work; root cannot use the sandbox. */
export function chromiumArgs(source: ChromiumSource, isRoot: boolean): string[] {
  const args = [
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--disable-gpu',
    '--no-first-run',
    '--no-default-browser-check',
    '--no-pings',
  ];
  if (isRoot) args.push('--no-sandbox');
  // The npm headless shell is built for Lambda: no zygote process (as its README launches it).
  if (source.kind === 'npm') args.push('--no-zygote');
  return args;
}

const execFileAsync = promisify(execFile);

function sparticuzPackage(): { dir: string; version: string } {
  const dir = resolve(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..');
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  return { dir, version };
}

/**
 * The npm build reads fonts only from Lambda's paths; point it at its bundled Latin font and at the
 * machine's fonts, so that CJK text is readable in screenshots wherever a CJK font is installed.
 */
function fontConfig(cacheDir: string): string {
  const dirs = [join(cacheDir, 'fonts', 'fonts'), '/usr/share/fonts', '/usr/local/share/fonts'];
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    ...dirs.map((dir) => `  <dir>${dir}</dir>`),
    '  <dir prefix="xdg">fonts</dir>',
    `  <cachedir>${join(cacheDir, 'fontconfig-cache')}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
}

/**
 * Unpacks the npm package's Chromium (≈200 MB from a 67 MB brotli file, a few seconds) once per
 * installed version into node_modules/.cache, which `npm ci` wipes. The package unpacks into
 * `os.tmpdir()`, so it runs in a child process whose TMPDIR is a private staging directory that is
 * then renamed into place: parallel runs never see a half-written binary.
 */
async function unpackedNpmChromium(): Promise<{ executablePath: string; fontConfigFile: string }> {
  const { version } = sparticuzPackage();
  const cacheRoot = join(repoRoot, 'node_modules', '.cache', 'village-live');
  const cacheDir = join(cacheRoot, `sparticuz-chromium-${version}`);
  const unpacked = { executablePath: join(cacheDir, 'chromium'), fontConfigFile: join(cacheDir, 'fonts.conf') };
  if (existsSync(unpacked.fontConfigFile)) return unpacked;

  mkdirSync(cacheRoot, { recursive: true });
  const staging = await mkdtemp(join(cacheRoot, 'staging-'));
  try {
    const unpack = "import chromium from '@sparticuz/chromium'; process.stdout.write(await chromium.executablePath());";
    const { stdout } = await execFileAsync(process.execPath, ['--input-type=module', '-e', unpack], {
      cwd: repoRoot,
      env: { ...process.env, TMPDIR: staging },
    });
    if (stdout !== join(staging, 'chromium')) throw new Error(`@sparticuz/chromium unpacked to ${stdout}, expected ${staging}`);
    // Written last: its presence in the cache means the unpack completed.
    writeFileSync(join(staging, 'fonts.conf'), fontConfig(cacheDir));
    await rename(staging, cacheDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    // Another run renamed its copy into place first: use that one.
    if (!existsSync(unpacked.fontConfigFile)) throw error;
  }
  return unpacked;
}

export async function launchChromium(): Promise<Browser> {
  const source = chooseChromium(process.env, existsSync);
  const args = chromiumArgs(source, process.getuid?.() === 0);
  if (source.kind === 'system') return chromium.launch({ executablePath: source.executablePath, args });

  const { executablePath, fontConfigFile } = await unpackedNpmChromium();
  return chromium.launch({ executablePath, args, env: { ...process.env, FONTCONFIG_FILE: fontConfigFile } });
}
