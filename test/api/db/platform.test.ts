// Unit tests of the pure decisions: when a newer glibc is needed, which mirror is used, and the one clear error.
import fs from 'node:fs';
import path from 'node:path';
import {
  EMBEDDED_ENGINE_WARNING,
  READY_MARKER,
  glibcRoot,
  preparedLoader,
  REQUIRED_GLIBC,
  debianMirrorFromSources,
  engineSupport,
  glibcAtLeast,
  parseGlibcVersion,
  unsupportedEngineMessage,
} from '../../../api/db/engine/platform.cjs';
import {
  EmbeddedEngineUnavailableError,
  engineCommandFor,
  resolveEngineCommand,
} from '../../../api/db/engine/launcher';
import { makeTempDir, removeTempDir } from './helpers';

describe('glibc version decision', () => {
  test('parses glibc versions from the report header and from ldd output', () => {
    expect(parseGlibcVersion('2.36')).toEqual([2, 36]);
    expect(parseGlibcVersion('ldd (Debian GLIBC 2.36-9+deb12u4) 2.36')).toEqual([2, 36]);
    expect(parseGlibcVersion(undefined)).toBeUndefined();
    expect(parseGlibcVersion('musl')).toBeUndefined();
  });

  test('compares numerically, not as text', () => {
    expect(REQUIRED_GLIBC).toBe('2.38');
    expect(glibcAtLeast('2.38')).toBe(true);
    expect(glibcAtLeast('2.41')).toBe(true);
    expect(glibcAtLeast('3.0')).toBe(true);
    expect(glibcAtLeast('2.36')).toBe(false);
    expect(glibcAtLeast('2.4')).toBe(false); // "2.4" > "2.38" as a string
    expect(glibcAtLeast(undefined)).toBe(false);
  });

  test('Linux with an old glibc runs node under the fetched loader', () => {
    expect(engineSupport({ platform: 'linux', arch: 'x64', glibcVersion: '2.36' })).toEqual({
      kind: 'glibc-loader',
      systemGlibc: '2.36',
      debArch: 'amd64',
      triplet: 'x86_64-linux-gnu',
      loaderName: 'ld-linux-x86-64.so.2',
    });
    expect(engineSupport({ platform: 'linux', arch: 'arm64', glibcVersion: '2.31' })).toMatchObject({
      kind: 'glibc-loader',
      debArch: 'arm64',
      loaderName: 'ld-linux-aarch64.so.1',
    });
  });

  test('new enough glibc and Apple silicon run the engine natively', () => {
    expect(engineSupport({ platform: 'linux', arch: 'x64', glibcVersion: '2.38' })).toEqual({ kind: 'native' });
    expect(engineSupport({ platform: 'linux', arch: 'arm64', glibcVersion: '2.39' })).toEqual({ kind: 'native' });
    expect(engineSupport({ platform: 'darwin', arch: 'arm64' })).toEqual({ kind: 'native' });
  });

  test.each([
    [{ platform: 'win32', arch: 'x64' }, /win32\/x64/],
    [{ platform: 'darwin', arch: 'x64' }, /macOS on x64/],
    [{ platform: 'linux', arch: 'x64', glibcVersion: undefined }, /musl/],
    [{ platform: 'linux', arch: 'ia32', glibcVersion: '2.36' }, /Linux on ia32/],
  ])('%o is unsupported', (description, reason) => {
    const support = engineSupport(description);
    expect(support.kind).toBe('unsupported');
    expect(support.kind === 'unsupported' && support.reason).toMatch(reason);
  });
});

describe('the one clear error', () => {
  test('says what failed and how to set MONGODB_URI', () => {
    const message = unsupportedEngineMessage('the embedded engine has no build for win32/x64');
    expect(message).toMatch(/^Cannot start the embedded MongoDB engine: the embedded engine has no build for win32\/x64\./);
    expect(message).toContain('MONGODB_URI="mongodb://127.0.0.1:27017/zegel" npm start');
    expect(message.split('\n')).toHaveLength(1);
  });

  test('engineCommandFor throws it for an unsupported platform', () => {
    const support = engineSupport({ platform: 'win32', arch: 'x64' });
    expect(() => engineCommandFor(support, undefined)).toThrow(EmbeddedEngineUnavailableError);
    expect(() => engineCommandFor(support, undefined)).toThrow(/Set MONGODB_URI/);
  });

  test('resolveEngineCommand rejects with it, without starting anything', async () => {
    await expect(resolveEngineCommand(undefined, { platform: 'win32', arch: 'x64' })).rejects.toBeInstanceOf(
      EmbeddedEngineUnavailableError,
    );
    await expect(resolveEngineCommand(undefined, { platform: 'darwin', arch: 'x64' })).rejects.toThrow(
      new EmbeddedEngineUnavailableError(
        unsupportedEngineMessage('the embedded engine has no build for macOS on x64 (only Apple silicon)'),
      ),
    );
  });

  test('the warning for npm start names its purpose and MONGODB_URI', () => {
    expect(EMBEDDED_ENGINE_WARNING).toMatch(/development, evaluation and tests only/);
    expect(EMBEDDED_ENGINE_WARNING).toMatch(/SSPL, alpha/);
    expect(EMBEDDED_ENGINE_WARNING).toMatch(/MONGODB_URI/);
  });
});

describe('engine command', () => {
  test('native runs node directly; the loader case puts node behind ld.so with the new libc first', () => {
    expect(engineCommandFor({ kind: 'native' }, undefined, '/usr/bin/node')).toMatchObject({
      command: '/usr/bin/node',
      args: [],
    });
    const support = engineSupport({ platform: 'linux', arch: 'x64', glibcVersion: '2.36' });
    const loader = {
      loader: '/p/.engine/glibc/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2',
      libraryPath: '/p/.engine/glibc/usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu',
      glibcVersion: '2.41',
    };
    expect(engineCommandFor(support, loader, '/usr/bin/node')).toMatchObject({
      command: loader.loader,
      args: ['--library-path', loader.libraryPath, '/usr/bin/node'],
    });
    expect(() => engineCommandFor(support, undefined)).toThrow(/npm run engine:prepare/);
  });
});

describe('Debian mirror from the system apt sources', () => {
  test('deb822: the main archive, not security, comments ignored', () => {
    const sources = [
      'Types: deb',
      '# http://snapshot.example/archive/debian/20250520T000000Z',
      'URIs: http://mirror.example/debian',
      'Suites: bookworm bookworm-updates',
      'Components: main',
      '',
      'Types: deb',
      'URIs: http://mirror.example/debian-security',
      'Suites: bookworm-security',
      'Components: main',
    ].join('\n');
    expect(debianMirrorFromSources(sources)).toBe('http://mirror.example/debian');
  });

  test('deb822: security listed first and disabled entries are skipped', () => {
    const sources = [
      'Types: deb',
      'URIs: http://security.example/debian-security',
      'Suites: bookworm-security',
      '',
      'Enabled: no',
      'Types: deb',
      'URIs: http://disabled.example/debian',
      'Suites: bookworm',
      '',
      'Types: deb-src deb',
      'URIs: https://mirror.example/debian/',
      'Suites: bookworm',
    ].join('\n');
    expect(debianMirrorFromSources(sources)).toBe('https://mirror.example/debian');
  });

  test('one-line format with options and commented lines', () => {
    const sources = [
      '# deb http://old.example/debian bullseye main',
      'deb-src http://src.example/debian bookworm main',
      'deb [arch=amd64 signed-by=/k.gpg] http://mirror.example/debian bookworm main contrib',
    ].join('\n');
    expect(debianMirrorFromSources(sources)).toBe('http://mirror.example/debian');
  });

  test('an Ubuntu system has no Debian archive, so nothing is fetched from it', () => {
    const ubuntu = 'deb http://archive.example/ubuntu jammy main restricted\ndeb http://archive.example/ubuntu jammy-updates main';
    expect(debianMirrorFromSources(ubuntu)).toBeUndefined();
    expect(debianMirrorFromSources('')).toBeUndefined();
  });
});

describe('prepared loader detection (what makes engine:prepare idempotent)', () => {
  let project: string | undefined;
  afterEach(() => removeTempDir(project));

  const support = engineSupport({ platform: 'linux', arch: 'x64', glibcVersion: '2.36' });
  if (support.kind !== 'glibc-loader') throw new Error('expected the loader case');

  function fakeGlibc(marker: object | undefined): string {
    project = makeTempDir('prepared');
    const libDir = path.join(glibcRoot(project), 'usr', 'lib', 'x86_64-linux-gnu');
    fs.mkdirSync(libDir, { recursive: true });
    fs.writeFileSync(path.join(libDir, 'ld-linux-x86-64.so.2'), '');
    if (marker) fs.writeFileSync(path.join(glibcRoot(project), READY_MARKER), JSON.stringify(marker));
    return libDir;
  }

  test('a complete unpack is found, with its own libc first on the library path', () => {
    const libDir = fakeGlibc({ glibcVersion: '2.41', debArch: 'amd64' });
    expect(preparedLoader(project!, support)).toEqual({
      loader: path.join(libDir, 'ld-linux-x86-64.so.2'),
      libraryPath: `${libDir}:/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu`,
      glibcVersion: '2.41',
    });
  });

  test('an interrupted unpack (no marker), another architecture or an old glibc is not used', () => {
    fakeGlibc(undefined);
    expect(preparedLoader(project!, support)).toBeUndefined();
    removeTempDir(project);
    fakeGlibc({ glibcVersion: '2.41', debArch: 'arm64' });
    expect(preparedLoader(project!, support)).toBeUndefined();
    removeTempDir(project);
    fakeGlibc({ glibcVersion: '2.37', debArch: 'amd64' });
    expect(preparedLoader(project!, support)).toBeUndefined();
  });
});
