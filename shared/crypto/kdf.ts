// Password → Argon2id root → HKDF into a wrap key (never leaves the client) and an auth value (sent to the server).
import { argon2id } from 'hash-wasm';
import { CryptoError } from './errors';
import { fromBase64url, randomBytes, toBase64url, utf8, wipe } from './encoding';
import { deriveWrapKeyAndAuthValue } from './envelope';
import { normalizePassword } from './password-rules';

/** The cost of one Argon2id evaluation. */
export interface KdfCost {
  /** Memory in KiB (Argon2 `m`). */
  memoryKiB: number;
  /** Passes over memory (Argon2 `t`). */
  iterations: number;
  /** Lanes (Argon2 `p`); hash-wasm runs them one after another, so this does not speed the client up. */
  parallelism: number;
}

/** Stored per account on the server and returned at pre-login; the client checks it before use. */
export interface KdfParams extends KdfCost {
  algorithm: 'argon2id';
  /** 16–64 random bytes, base64url without padding. */
  salt: string;
}

/**
 * What new accounts and password changes use: 64 MiB, 3 passes, 1 lane (RFC 9106's second recommended
 * option with p = 1; well above OWASP's floor). About 0.3 s in Node on a 2-core CI machine; browsers are
 * somewhat slower. The wrapped user key is open to offline guessing by anyone with the database, and
 * only this cost and the password's length protect it.
 */
export const PRODUCTION_KDF_PARAMS: Readonly<KdfCost & { algorithm: 'argon2id' }> = Object.freeze({
  algorithm: 'argon2id',
  memoryKiB: 65536,
  iterations: 3,
  parallelism: 1,
});

/**
 * The compiled-in floor (OWASP / ASVS 5.0 Appendix C minimum: m = 19 MiB, t = 2, p = 1). Whoever can
 * write the account record, the server included, must not be able to make the password cheap to guess,
 * so the client refuses anything below this.
 */
export const MINIMUM_KDF_PARAMS: Readonly<KdfCost> = Object.freeze({ memoryKiB: 19456, iterations: 2, parallelism: 1 });

/**
 * TEST ONLY: a cheap profile for unit tests. It is below MINIMUM_KDF_PARAMS, so it works only where a
 * test passes it as `floor` explicitly; production code never passes a floor.
 */
export const TEST_KDF_PARAMS: Readonly<KdfCost & { algorithm: 'argon2id' }> = Object.freeze({
  algorithm: 'argon2id',
  memoryKiB: 1024,
  iterations: 1,
  parallelism: 1,
});

/** Ceilings, so a hostile record cannot make the client hang or run out of memory either. */
const MAXIMUM = { memoryKiB: 1048576, iterations: 32, parallelism: 16 } as const;
const SALT_MIN_BYTES = 16;
const SALT_MAX_BYTES = 64;
const SALT_NEW_BYTES = 16;
const ROOT_BYTES = 32;

/**
 * Throws KDF_PARAMS_TOO_WEAK for anything below `floor` (or an unknown algorithm, or a salt under 16
 * bytes) and KDF_PARAMS_INVALID for anything malformed or above the ceilings.
 */
export function assertKdfParams(params: unknown, floor: Readonly<KdfCost> = MINIMUM_KDF_PARAMS): asserts params is KdfParams {
  const weak = (what: string) => new CryptoError('KDF_PARAMS_TOO_WEAK', `The key derivation parameters are too weak: ${what}.`);
  const invalid = (what: string) => new CryptoError('KDF_PARAMS_INVALID', `The key derivation parameters are not valid: ${what}.`);
  if (typeof params !== 'object' || params === null) throw invalid('not an object');
  const p = params as Record<string, unknown>;
  if (p.algorithm !== 'argon2id') throw weak('the algorithm is not argon2id');
  for (const field of ['memoryKiB', 'iterations', 'parallelism'] as const) {
    const value = p[field];
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalid(`${field} is not an integer`);
    if (value < Math.max(1, floor[field])) throw weak(`${field} is below the minimum`);
    if (value > MAXIMUM[field]) throw invalid(`${field} is above the maximum`);
  }
  if ((p.memoryKiB as number) < 8 * (p.parallelism as number)) throw invalid('Argon2 needs at least 8 KiB of memory per lane');
  if (typeof p.salt !== 'string') throw invalid('the salt is missing');
  const salt = fromBase64url(p.salt);
  if (!salt) throw invalid('the salt is not base64url');
  if (salt.length < SALT_MIN_BYTES) throw weak('the salt is shorter than 16 bytes');
  if (salt.length > SALT_MAX_BYTES) throw invalid('the salt is longer than 64 bytes');
}

/** Fresh parameters with a new random salt, at production cost unless a test passes TEST_KDF_PARAMS. */
export function newKdfParams(cost: Readonly<KdfCost> = PRODUCTION_KDF_PARAMS): KdfParams {
  return {
    algorithm: 'argon2id',
    memoryKiB: cost.memoryKiB,
    iterations: cost.iterations,
    parallelism: cost.parallelism,
    salt: toBase64url(randomBytes(SALT_NEW_BYTES)),
  };
}

export interface PasswordKeys {
  /** Non-extractable AES-256-GCM key that wraps the user key; never leaves the client. */
  wrapKey: CryptoKey;
  /** 32 bytes, base64url: sent to the server instead of the password. */
  authValue: string;
  /** The (checked) parameters the keys were derived with. */
  kdfParams: KdfParams;
}

/**
 * Derives the wrap key and the auth value from a password. The parameters are checked against the
 * compiled-in floor first, always. The password is NFC-normalised (so the same password typed on
 * macOS and Windows derives the same keys) and otherwise used exactly: no trimming, truncation or case folding.
 * `floor` exists only for tests (with TEST_KDF_PARAMS); production code never passes it.
 */
export async function derivePasswordKeys(options: { password: string; params: KdfParams; floor?: Readonly<KdfCost> | undefined }): Promise<PasswordKeys> {
  const { params } = options;
  assertKdfParams(params, options.floor ?? MINIMUM_KDF_PARAMS);
  if (typeof options.password !== 'string') throw new CryptoError('INVALID_INPUT', 'The password must be a string.');
  const salt = fromBase64url(params.salt) as Uint8Array<ArrayBuffer>;
  const password = utf8(normalizePassword(options.password));
  const root = await argon2id({
    password,
    salt,
    iterations: params.iterations,
    memorySize: params.memoryKiB,
    parallelism: params.parallelism,
    hashLength: ROOT_BYTES,
    outputType: 'binary',
  });
  wipe(password);
  const ikm = new Uint8Array(root);
  wipe(root);
  try {
    const keys = await deriveWrapKeyAndAuthValue({ ikm, wrapInfo: 'zegel:wrap:v1', authInfo: 'zegel:auth:v1' });
    const kdfParams: KdfParams = {
      algorithm: 'argon2id',
      memoryKiB: params.memoryKiB,
      iterations: params.iterations,
      parallelism: params.parallelism,
      salt: params.salt,
    };
    return { ...keys, kdfParams };
  } finally {
    wipe(ikm);
  }
}
