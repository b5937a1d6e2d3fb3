// Server-side hash of the client's auth value (the password itself never arrives). Argon2id with
// ASVS parameters (t=2, m=19 MiB, p=1); the test profile is cheaper and only allowed under NODE_ENV=test.
// Every Argon2id here runs in the process's worker-thread pool (argon2-pool.ts), so a login does not
// hold the event loop; the API closes the pool when it stops (Features.close).
import crypto from 'node:crypto';
import { createArgon2Pool, type Argon2Pool } from './argon2-pool';

export interface VerifierParams {
  iterations: number;
  memoryKiB: number;
  parallelism: number;
}

export const PRODUCTION_VERIFIER_PARAMS: VerifierParams = { iterations: 2, memoryKiB: 19456, parallelism: 1 };
export const TEST_VERIFIER_PARAMS: VerifierParams = { iterations: 1, memoryKiB: 256, parallelism: 1 };

export interface StoredVerifier extends VerifierParams {
  algorithm: 'argon2id';
  salt: string;
  hash: string;
}

let pool: Argon2Pool | undefined;

/** Every hash of this module, real or dummy, goes through this one pool: the same work on both paths. */
function compute(secret: string, salt: Buffer, params: VerifierParams): Promise<Buffer> {
  pool ??= createArgon2Pool();
  return pool.hash({ password: secret, salt, iterations: params.iterations, memoryKiB: params.memoryKiB, parallelism: params.parallelism, hashLength: 32 });
}

/** Ends the pool's threads once their work is done; a later hash starts them again. */
export async function closeVerifierPool(): Promise<void> {
  await pool?.close();
}

export async function createVerifier(secret: string, params: VerifierParams): Promise<StoredVerifier> {
  const salt = crypto.randomBytes(16);
  const hash = await compute(secret, salt, params);
  return { algorithm: 'argon2id', ...params, salt: salt.toString('base64url'), hash: hash.toString('base64url') };
}

/** Same work whether or not the account exists: unknown accounts are checked against a dummy verifier. */
export async function checkVerifier(secret: string, stored: StoredVerifier): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64url');
  const actual = await compute(secret, Buffer.from(stored.salt, 'base64url'), stored);
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}

/** A verifier that no auth value matches, with the same cost as a real one. */
export function dummyVerifier(params: VerifierParams): StoredVerifier {
  return { algorithm: 'argon2id', ...params, salt: crypto.randomBytes(16).toString('base64url'), hash: crypto.randomBytes(32).toString('base64url') };
}

/** SHA-256 for ≥128-bit secrets (tokens, recovery auth values): a fast hash suffices (ASVS 6.5.2). */
export function sha256(value: string): string {
  return crypto.createHash('sha256').update(value).digest('base64url');
}

export function equalHashes(a: string, b: string): boolean {
  const x = Buffer.from(a, 'base64url');
  const y = Buffer.from(b, 'base64url');
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
