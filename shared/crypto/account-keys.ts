// Account key material: the user key, the OpenPGP key pair it encrypts, and the password wrap around the user key.
import * as openpgp from 'openpgp';
import type { PrivateKey, PublicKey } from 'openpgp';
import { CryptoError } from './errors';
import { randomBytes, wipe } from './encoding';
import { importAesKey, open, seal } from './envelope';
import { derivePasswordKeys, newKdfParams, type KdfCost, type KdfParams, type PasswordKeys } from './kdf';

const USER_KEY_BYTES = 32;

/**
 * RFC 9580 v6 keys: Ed25519 primary key for signing, X25519 subkey for encryption, SHA-256 fingerprints.
 * `aeadProtect` makes the key advertise SEIPDv2, so every sender encrypts to it with AEAD. No user ID:
 * v6 keys do not need one, and a name or address in the key would only leak who holds it.
 */
const KEY_GENERATION_CONFIG = { v6Keys: true, aeadProtect: true } as const;

/** What the client holds after unlocking; none of it may be sent to the server. */
export interface UnlockedAccountKeys {
  /** 32 random bytes that encrypt the private key. Keep in memory only; wipe with `.fill(0)` at logout. */
  userKey: Uint8Array<ArrayBuffer>;
  /** Decrypted OpenPGP private key, for the message functions of shared/crypto. */
  privateKey: PrivateKey;
  publicKey: PublicKey;
  /** Lowercase hex, 64 characters (v6 fingerprint). */
  fingerprint: string;
}

/** What the client sends at activation. The server stores all of it except `authValue`, of which it keeps only a hash. */
export interface AccountKeysUpload {
  kdfParams: KdfParams;
  authValue: string;
  /** Envelope `v1.<iv>.<ct>`: the user key under the password wrap key, AAD `zegel:v1|<accountId>|password`. */
  wrappedUserKeyByPassword: string;
  /** Envelope `v1.<iv>.<ct>`: the binary OpenPGP private key under the user key, AAD `zegel:v1|<accountId>|private-key`. */
  encryptedPrivateKey: string;
  /** Armored OpenPGP public key, for senders. */
  publicKey: string;
  fingerprint: string;
}

export interface PasswordWrap {
  kdfParams: KdfParams;
  authValue: string;
  wrappedUserKeyByPassword: string;
}

/** Copies a user key into fresh memory after checking its length (WebCrypto also needs a plain ArrayBuffer). */
export function assertUserKey(userKey: unknown): Uint8Array<ArrayBuffer> {
  if (!(userKey instanceof Uint8Array) || userKey.length !== USER_KEY_BYTES) {
    throw new CryptoError('INVALID_INPUT', 'The user key must be 32 bytes.');
  }
  return new Uint8Array(userKey);
}

/**
 * Makes everything a new account needs: a random user key, a Curve25519 key pair encrypted under it,
 * and the user key wrapped under the password. `kdfParams` defaults to fresh production parameters;
 * `floor` exists only for tests. Check the password with checkPassword first.
 */
export async function createAccountKeys(options: {
  accountId: string;
  password: string;
  kdfParams?: KdfParams;
  floor?: Readonly<KdfCost>;
}): Promise<{ upload: AccountKeysUpload; unlocked: UnlockedAccountKeys }> {
  const { accountId } = options;
  const userKey = randomBytes(USER_KEY_BYTES);
  const passwordWrap = await rewrapForNewPassword({ accountId, userKey, newPassword: options.password, kdfParams: options.kdfParams, floor: options.floor });
  const { privateKey, publicKey } = await openpgp.generateKey({ type: 'curve25519', userIDs: [], config: KEY_GENERATION_CONFIG, format: 'object' });
  const serialized = new Uint8Array(privateKey.write());
  const encryptedPrivateKey = await seal({ key: await importAesKey(userKey), plaintext: serialized, accountId, purpose: 'private-key' });
  wipe(serialized);
  const fingerprint = privateKey.getFingerprint();
  return {
    upload: { ...passwordWrap, encryptedPrivateKey, publicKey: publicKey.armor(), fingerprint },
    unlocked: { userKey, privateKey, publicKey, fingerprint },
  };
}

/**
 * Wraps an existing user key under a new password (password change, or reset after a recovery-code
 * unlock). The user key and the private key stay the same, so every message stays readable.
 * Fresh production parameters with a new salt unless `kdfParams` is given.
 */
export async function rewrapForNewPassword(options: {
  accountId: string;
  userKey: Uint8Array;
  newPassword: string;
  kdfParams?: KdfParams | undefined;
  floor?: Readonly<KdfCost> | undefined;
}): Promise<PasswordWrap> {
  const userKey = assertUserKey(options.userKey);
  const keys = await derivePasswordKeys({ password: options.newPassword, params: options.kdfParams ?? newKdfParams(), floor: options.floor });
  try {
    const wrappedUserKeyByPassword = await seal({ key: keys.wrapKey, plaintext: userKey, accountId: options.accountId, purpose: 'password' });
    return { kdfParams: keys.kdfParams, authValue: keys.authValue, wrappedUserKeyByPassword };
  } finally {
    wipe(userKey);
  }
}

/** Opens the account with the password. UNWRAP_FAILED for a wrong password, another account's blob or tampering. */
export async function unlockWithPassword(options: {
  accountId: string;
  password: string;
  kdfParams: KdfParams;
  wrappedUserKeyByPassword: string;
  encryptedPrivateKey: string;
  floor?: Readonly<KdfCost>;
}): Promise<UnlockedAccountKeys> {
  const passwordKeys = await derivePasswordKeys({ password: options.password, params: options.kdfParams, floor: options.floor });
  const { accountId, wrappedUserKeyByPassword, encryptedPrivateKey } = options;
  return unlockWithPasswordKeys({ accountId, passwordKeys, wrappedUserKeyByPassword, encryptedPrivateKey });
}

/**
 * The same with keys already derived at login (the auth value went to the server first), so Argon2 runs once per login.
 */
export async function unlockWithPasswordKeys(options: {
  accountId: string;
  passwordKeys: Pick<PasswordKeys, 'wrapKey'>;
  wrappedUserKeyByPassword: string;
  encryptedPrivateKey: string;
}): Promise<UnlockedAccountKeys> {
  const userKey = await open({ key: options.passwordKeys.wrapKey, envelope: options.wrappedUserKeyByPassword, accountId: options.accountId, purpose: 'password' });
  return openPrivateKey({ accountId: options.accountId, userKey, encryptedPrivateKey: options.encryptedPrivateKey });
}

/** Decrypts the private key with an unwrapped user key. Internal to shared/crypto. */
export async function openPrivateKey(options: { accountId: string; userKey: Uint8Array<ArrayBuffer>; encryptedPrivateKey: string }): Promise<UnlockedAccountKeys> {
  const { userKey } = options;
  const fail = (cause?: unknown) => new CryptoError('UNWRAP_FAILED', 'The encrypted key material could not be opened.', { cause });
  if (userKey.length !== USER_KEY_BYTES) throw fail();
  const serialized = await open({ key: await importAesKey(userKey), envelope: options.encryptedPrivateKey, accountId: options.accountId, purpose: 'private-key' });
  let privateKey: PrivateKey;
  try {
    // Not wiped afterwards: the parsed key keeps views into this buffer, and zeroing it corrupts the key.
    privateKey = await openpgp.readPrivateKey({ binaryKey: serialized });
  } catch (error) {
    throw fail(error);
  }
  // Authenticated, so this is what a client of this account stored; still never hand out a locked key.
  if (!privateKey.isDecrypted()) throw fail();
  const fingerprint = privateKey.getFingerprint();
  return { userKey, privateKey, publicKey: privateKey.toPublic(), fingerprint };
}
