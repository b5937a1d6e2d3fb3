// The add-in as a deployment builds it, for the journeys that send to the court: it trusts the
// court unit key of test/fixtures/court-unit-key.test-only.asc (COURT_KEY_FINGERPRINTS, a build
// constant) and names https://zegel.test as its public origin (PUBLIC_BASE_URL: the only receipt
// issuer it accepts, and where its links point). Built once into test-results/court-dist/ and reused
// while the add-in's sources and the build configuration stay as they were.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import * as openpgp from 'openpgp';
import { fingerprintOf } from '../../../shared/crypto/pgp';
import { RESULTS_DIR, ROOT } from './server';

/** Zegel's public origin in the court journeys (browser.ts answers it from the local server). */
export const PUBLIC_ORIGIN = 'https://zegel.test';
/** Test-only: a court unit key pair kept in the repository so its fingerprint is known before the build. */
export const COURT_UNIT_KEY_FILE = path.join(ROOT, 'test/fixtures/court-unit-key.test-only.asc');

const OUT_DIR = path.join(RESULTS_DIR, 'court-dist');
const STAMP = path.join(OUT_DIR, '.inputs');
const INPUTS = ['addin', 'shared', 'webpack.config.js', 'manifest.xml', 'scripts/manifest-config.cjs', 'tsconfig.json', 'package-lock.json'];

export interface CourtUnitKey {
  privateKey: openpgp.PrivateKey;
  armoredPublicKey: string;
  fingerprint: string;
}

export async function courtUnitKey(): Promise<CourtUnitKey> {
  const privateKey = await openpgp.readPrivateKey({ armoredKey: fs.readFileSync(COURT_UNIT_KEY_FILE, 'utf8') });
  return { privateKey, armoredPublicKey: privateKey.toPublic().armor(), fingerprint: fingerprintOf(privateKey.toPublic()) };
}

function filesUnder(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (!fs.existsSync(full)) return [];
  if (!fs.statSync(full).isDirectory()) return [full];
  return fs.readdirSync(full, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));
}

/** A digest of what the build reads: every input file's path, size and modification time, and the constants. */
function inputsDigest(constants: Record<string, string>): string {
  const hash = crypto.createHash('sha256').update(JSON.stringify(constants));
  for (const file of INPUTS.flatMap(filesUnder).sort()) {
    const stat = fs.statSync(file);
    hash.update(`${path.relative(ROOT, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

/** The court build's folder (for the server's DIST_DIR), built now unless an identical one exists. */
export async function courtBuild(): Promise<{ distDir: string; pin: string }> {
  const { fingerprint } = await courtUnitKey();
  const constants = { COURT_KEY_FINGERPRINTS: fingerprint, PUBLIC_BASE_URL: PUBLIC_ORIGIN };
  const digest = inputsDigest(constants);
  const built = fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === digest && fs.existsSync(path.join(OUT_DIR, 'taskpane.html'));
  if (!built) {
    fs.rmSync(OUT_DIR, { recursive: true, force: true });
    const logFile = path.join(RESULTS_DIR, 'logs', 'court-build.log');
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'webpack'), ['--mode', 'production', '--output-path', OUT_DIR], {
      cwd: ROOT,
      env: { ...process.env, ...constants },
      encoding: 'utf8',
      timeout: 600_000,
    });
    fs.writeFileSync(logFile, `${result.stdout ?? ''}${result.stderr ?? ''}`);
    if (result.status !== 0) throw new Error(`the court build failed (exit ${result.status ?? result.signal}); see ${path.relative(ROOT, logFile)}`);
    fs.writeFileSync(STAMP, digest);
  }
  return { distDir: OUT_DIR, pin: fingerprint };
}
