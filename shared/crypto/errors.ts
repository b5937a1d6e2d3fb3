// The one error type of shared/crypto: every expected failure is thrown as a CryptoError with a stable code.

export type CryptoErrorCode =
  /** KDF parameters below the compiled-in floor, an unknown algorithm or a salt under 16 bytes. */
  | 'KDF_PARAMS_TOO_WEAK'
  /** KDF parameters that are not well-formed or exceed what a client will spend (a denial of service). */
  | 'KDF_PARAMS_INVALID'
  /** A wrapped or encrypted blob did not open: wrong secret, another account's blob, tampering or garbage. */
  | 'UNWRAP_FAILED'
  /** A recovery code with a wrong length, a symbol outside the alphabet, or a failing check symbol. */
  | 'RECOVERY_CODE_MALFORMED'
  /** A caller passed something no correct program passes (an empty account id, a 31-byte user key). */
  | 'INVALID_INPUT'
  /**
   * An OpenPGP ciphertext did not decrypt: not addressed to our keys, tampered with (one flipped bit is
   * enough), truncated, or not OpenPGP at all. No plaintext of it is released.
   */
  | 'DECRYPT_FAILED'
  /** It decrypted, but is unsigned, or signed by a key other than the one(s) expected, or the signature is bad. */
  | 'SIGNATURE_INVALID'
  /** Bytes offered as a stored ciphertext are not a binary OpenPGP encrypted message (see ciphertext-check.ts). */
  | 'NOT_OPENPGP_CIPHERTEXT'
  /**
   * A chunk decrypted and verified, but belongs elsewhere: another message, another part, another
   * position, or a part cut short (a reordered, dropped, duplicated or swapped chunk).
   */
  | 'CHUNK_MISPLACED'
  /** The parts disagree with the signed manifest: a plaintext hash or size, a chunk count, or the server's part list. */
  | 'MANIFEST_MISMATCH'
  /** The signed manifest itself is malformed or of an unknown format version. */
  | 'MANIFEST_INVALID'
  /** A key cannot be used for this: unparsable, not a v6 key, no valid encryption or signing key, or a locked private key. */
  | 'KEY_UNUSABLE'
  /** A receipt is not a valid JWS from a key in the given set, or its payload is not a Zegel receipt. */
  | 'RECEIPT_INVALID';

export class CryptoError extends Error {
  readonly code: CryptoErrorCode;

  constructor(code: CryptoErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'CryptoError';
    this.code = code;
  }
}

export function isCryptoError(value: unknown, code?: CryptoErrorCode): value is CryptoError {
  return value instanceof CryptoError && (code === undefined || value.code === code);
}
