// The OpenPGP calls behind messages, unit-key wraps and grants: sign-then-encrypt one buffer, and
// decrypt-then-verify one buffer with the signature required by the library call (checklist I3, I4, I6).
import * as openpgp from 'openpgp';
import type { PartialConfig, PrivateKey, PublicKey } from 'openpgp';
import { checkCiphertextChunk } from './ciphertext-check';
import { CryptoError } from './errors';

/** A public key as an object or as armored text (as the API serves keys). */
export type KeyInput = PublicKey | string;

/** Largest plaintext any single OpenPGP message in this folder may hold (a chunk plus its header, with room). */
export const MAX_PLAINTEXT_PER_MESSAGE = 9 * 1024 * 1024;

/**
 * Never compress (compression before encryption leaks through sizes, and a bomb needs no key), keep the
 * library's refusal of unauthenticated data, and cap decompression anyway should a foreign message carry it.
 */
const CONFIG: PartialConfig = {
  preferredCompressionAlgorithm: openpgp.enums.compression.uncompressed,
  allowUnauthenticatedMessages: false,
  allowUnauthenticatedStream: false,
  maxDecompressedMessageSize: MAX_PLAINTEXT_PER_MESSAGE,
};

/**
 * Signatures are checked as of this far ahead of the local clock: a sender whose clock runs a few
 * minutes fast must not make a message unreadable ("signature creation time is in the future").
 */
export const SIGNATURE_CLOCK_SKEW_MS = 15 * 60 * 1000;

export function verificationDate(): Date {
  return new Date(Date.now() + SIGNATURE_CLOCK_SKEW_MS);
}

function fullConfig(): openpgp.Config {
  return { ...openpgp.config, ...CONFIG };
}

/** Array.isArray without narrowing a typed readonly array to any[]: for checking callers' input at run time. */
export function isList(value: unknown): boolean {
  return Array.isArray(value);
}

export function fingerprintOf(key: PublicKey): string {
  return key.getFingerprint().toLowerCase();
}

/** Reads keys given as objects or armored text, refusing anything but v6 public keys; duplicates are dropped. */
export async function readPublicKeys(inputs: readonly KeyInput[], what: string): Promise<PublicKey[]> {
  if (!isList(inputs)) throw new CryptoError('INVALID_INPUT', `${what} must be a list of keys.`);
  const keys = new Map<string, PublicKey>();
  for (const input of inputs) {
    const key = await readPublicKey(input, what);
    keys.set(fingerprintOf(key), key);
  }
  return [...keys.values()];
}

export async function readPublicKey(input: KeyInput, what: string): Promise<PublicKey> {
  let key: PublicKey;
  if (typeof input === 'string') {
    try {
      key = await openpgp.readKey({ armoredKey: input });
    } catch (error) {
      throw new CryptoError('KEY_UNUSABLE', `${what}: not an OpenPGP public key.`, { cause: error });
    }
  } else if (input instanceof openpgp.PublicKey) {
    key = input;
  } else {
    throw new CryptoError('KEY_UNUSABLE', `${what}: not an OpenPGP public key.`);
  }
  // A private key passed where a public one is wanted is used as its public half only.
  if (key.isPrivate()) key = key.toPublic();
  if (key.keyPacket.version !== 6) throw new CryptoError('KEY_UNUSABLE', `${what}: only v6 (RFC 9580) keys are accepted.`);
  return key;
}

/** Checks that every key can receive encrypted data now (not revoked or expired, has an encryption subkey). */
export async function assertEncryptionKeys(keys: readonly PublicKey[], what: string): Promise<void> {
  for (const key of keys) {
    try {
      await key.getEncryptionKey(undefined, new Date(), undefined, fullConfig());
    } catch (error) {
      throw new CryptoError('KEY_UNUSABLE', `${what}: a key cannot be encrypted to (${fingerprintOf(key).slice(0, 16)}…).`, { cause: error });
    }
  }
}

export async function assertSigningKey(key: PrivateKey, what: string): Promise<void> {
  if (!(key instanceof openpgp.PrivateKey) || !key.isPrivate()) throw new CryptoError('KEY_UNUSABLE', `${what}: not an OpenPGP private key.`);
  if (key.keyPacket.version !== 6) throw new CryptoError('KEY_UNUSABLE', `${what}: only v6 (RFC 9580) keys are accepted.`);
  if (!key.isDecrypted()) throw new CryptoError('KEY_UNUSABLE', `${what}: the private key is locked.`);
  try {
    await key.getSigningKey(undefined, new Date(), undefined, fullConfig());
  } catch (error) {
    throw new CryptoError('KEY_UNUSABLE', `${what}: the key cannot sign.`, { cause: error });
  }
}

export function assertDecryptionKeys(keys: readonly PrivateKey[]): void {
  if (!isList(keys) || keys.length === 0 || keys.some((k) => !(k instanceof openpgp.PrivateKey) || !k.isPrivate() || !k.isDecrypted())) {
    throw new CryptoError('KEY_UNUSABLE', 'Decryption needs at least one unlocked private key.');
  }
}

/**
 * Signs `data` with `signingKey` and encrypts data and signature to every key, as one binary OpenPGP
 * message. The keys are v6 and advertise SEIPDv2, so the result is AEAD-protected; anything else is refused.
 */
export async function encryptAndSign(options: { data: Uint8Array; encryptionKeys: readonly PublicKey[]; signingKey: PrivateKey }): Promise<Uint8Array> {
  const message = await openpgp.createMessage({ binary: options.data, format: 'binary' });
  let ciphertext: unknown;
  try {
    ciphertext = await openpgp.encrypt({ message, encryptionKeys: [...options.encryptionKeys], signingKeys: options.signingKey, format: 'binary', config: CONFIG });
  } catch (error) {
    throw new CryptoError('KEY_UNUSABLE', 'The message could not be encrypted with these keys.', { cause: error });
  }
  if (!(ciphertext instanceof Uint8Array)) throw new CryptoError('KEY_UNUSABLE', 'The message could not be encrypted with these keys.');
  const check = checkCiphertextChunk(ciphertext);
  if (!check.ok || check.seipdVersion !== 2) throw new CryptoError('KEY_UNUSABLE', 'A recipient key does not support AEAD encryption (SEIPDv2).');
  return ciphertext;
}

/**
 * Decrypts one binary OpenPGP message (SEIPDv2 only) and requires a valid signature by one of
 * `verificationKeys`. Returns the plaintext only once the whole message is authenticated and the
 * signature verified; until then nothing is released. DECRYPT_FAILED for anything that does not
 * decrypt (wrong key, a flipped bit in the encrypted data, truncation, not OpenPGP, SEIPDv1, compressed
 * content), SIGNATURE_INVALID when it decrypts but is unsigned or signed by another key.
 */
export async function decryptAndVerify(options: {
  ciphertext: Uint8Array;
  decryptionKeys: readonly PrivateKey[];
  verificationKeys: readonly PublicKey[];
  maxCiphertextBytes: number;
}): Promise<{ data: Uint8Array; signer: PublicKey }> {
  const { ciphertext } = options;
  const failed = (cause?: unknown) => new CryptoError('DECRYPT_FAILED', 'The encrypted data could not be decrypted.', { cause });
  if (!(ciphertext instanceof Uint8Array) || ciphertext.length > options.maxCiphertextBytes) throw failed();
  const shape = checkCiphertextChunk(ciphertext);
  if (!shape.ok) throw failed(new Error(`not an OpenPGP encrypted message (${shape.reason})`));
  // Everything this folder makes is AEAD (SEIPDv2); older, MDC-protected data is not what any client sent.
  if (shape.seipdVersion !== 2) throw failed(new Error('not AEAD-encrypted (SEIPDv1)'));

  const decrypted = await (async () => {
    try {
      const message = await openpgp.readMessage({ binaryMessage: ciphertext, config: CONFIG });
      // A Uint8Array input is decrypted and authenticated whole before this returns (no streaming).
      return await message.decrypt([...options.decryptionKeys], undefined, undefined, undefined, fullConfig());
    } catch (error) {
      throw failed(error);
    }
  })();
  if (decrypted.packets.filterByTag(openpgp.enums.packet.compressedData).length > 0) throw failed(new Error('compressed content'));

  let data: unknown;
  let signatures: openpgp.VerifyMessageResult['signatures'];
  try {
    const result = await openpgp.verify({ message: decrypted, verificationKeys: [...options.verificationKeys], expectSigned: true, format: 'binary', date: verificationDate(), config: CONFIG });
    data = result.data;
    signatures = result.signatures;
  } catch (error) {
    throw new CryptoError('SIGNATURE_INVALID', 'The data is not signed by the expected sender.', { cause: error });
  }
  if (!(data instanceof Uint8Array)) throw failed();
  for (const signature of signatures) {
    const ok = await signature.verified.then(
      () => true,
      () => false,
    );
    const signer = ok ? options.verificationKeys.find((k) => k.getKeys(signature.keyID).length > 0) : undefined;
    if (signer) return { data, signer };
  }
  throw new CryptoError('SIGNATURE_INVALID', 'The data is not signed by the expected sender.');
}
