// AES-256-GCM envelopes for everything the server stores encrypted, bound to account and purpose by AAD.
import { CryptoError } from './errors';
import { fromBase64url, randomBytes, toBase64url, utf8 } from './encoding';

/**
 * What an envelope protects. The purpose goes into the associated data, so a blob made for one purpose
 * never opens as another (a recovery-wrapped user key offered as the password-wrapped one fails).
 */
export type EnvelopePurpose = 'password' | 'recovery' | 'private-key';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * `v1.<iv>.<ciphertext and 16-byte tag>`, both base64url without padding; the IV is 12 bytes (16 characters).
 * The API can validate stored blobs with this pattern without importing any crypto.
 */
export const ENVELOPE_PATTERN = /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22,}$/;

/** Account ids go into the AAD between `|` separators, so they must not contain one (no ambiguous AAD). */
const ACCOUNT_ID_PATTERN = /^[\x21-\x7b\x7d\x7e]{1,128}$/;

export function assertAccountId(accountId: unknown): asserts accountId is string {
  if (typeof accountId !== 'string' || !ACCOUNT_ID_PATTERN.test(accountId)) {
    throw new CryptoError('INVALID_INPUT', 'The account id must be 1–128 printable ASCII characters without "|".');
  }
}

function associatedData(accountId: string, purpose: EnvelopePurpose): Uint8Array<ArrayBuffer> {
  assertAccountId(accountId);
  return utf8(`zegel:${VERSION}|${accountId}|${purpose}`);
}

export async function seal(options: { key: CryptoKey; plaintext: Uint8Array<ArrayBuffer>; accountId: string; purpose: EnvelopePurpose }): Promise<string> {
  const iv = randomBytes(IV_BYTES);
  const ciphertext = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: associatedData(options.accountId, options.purpose), tagLength: TAG_BYTES * 8 },
    options.key,
    options.plaintext,
  );
  return `${VERSION}.${toBase64url(iv)}.${toBase64url(new Uint8Array(ciphertext))}`;
}

/**
 * Opens an envelope or throws UNWRAP_FAILED. A malformed envelope, a wrong key, another account's or
 * purpose's blob and a flipped bit are deliberately the same failure.
 */
export async function open(options: { key: CryptoKey; envelope: unknown; accountId: string; purpose: EnvelopePurpose }): Promise<Uint8Array<ArrayBuffer>> {
  const aad = associatedData(options.accountId, options.purpose);
  const fail = (cause?: unknown) => new CryptoError('UNWRAP_FAILED', 'The encrypted key material could not be opened.', { cause });
  if (typeof options.envelope !== 'string' || !ENVELOPE_PATTERN.test(options.envelope)) throw fail();
  const [, ivText = '', ctText = ''] = options.envelope.split('.');
  const iv = fromBase64url(ivText);
  const ciphertext = fromBase64url(ctText);
  if (!iv || iv.length !== IV_BYTES || !ciphertext || ciphertext.length < TAG_BYTES) throw fail();
  try {
    const plaintext = await globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad, tagLength: TAG_BYTES * 8 }, options.key, ciphertext);
    return new Uint8Array(plaintext);
  } catch (error) {
    throw fail(error);
  }
}

/** Imports raw 256-bit key bytes as a non-extractable AES-GCM key. */
export async function importAesKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  if (raw.length !== 32) throw new CryptoError('INVALID_INPUT', 'An AES-256 key must be 32 bytes.');
  return globalThis.crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

/**
 * HKDF-SHA256 from high-entropy input keying material into a non-extractable AES-256-GCM wrap key and a
 * separate 32-byte auth value. Distinct info strings keep the value the server sees from being the key.
 */
export async function deriveWrapKeyAndAuthValue(options: {
  ikm: Uint8Array<ArrayBuffer>;
  wrapInfo: string;
  authInfo: string;
}): Promise<{ wrapKey: CryptoKey; authValue: string }> {
  const subtle = globalThis.crypto.subtle;
  const base = await subtle.importKey('raw', options.ikm, 'HKDF', false, ['deriveKey', 'deriveBits']);
  // An empty salt is fine: the input is already uniformly random (Argon2 output or a random code).
  const salt = new Uint8Array(0);
  const wrapKey = await subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt, info: utf8(options.wrapInfo) },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
  const auth = new Uint8Array(await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info: utf8(options.authInfo) }, base, 256));
  return { wrapKey, authValue: toBase64url(auth) };
}
