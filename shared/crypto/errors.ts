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
  | 'INVALID_INPUT';

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
