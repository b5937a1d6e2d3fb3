// Secure send's door to shared/crypto, loaded with import() the first time the user presses Send:
// openpgp, jose and hash-wasm stay out of the pane's first paint. Also the PDF checks (pdf-lib) and
// access for recipients without a key (shared/crypto/guest-access.ts).
import type { PrivateKey } from 'openpgp';
import type { AccessCodeProblem, GuestAccessUpload, PreparedGuest } from '../../shared/crypto/guest-access';
import type { KdfCost } from '../../shared/crypto/kdf';
import type { OutgoingMessage, EncryptMessageOptions } from '../../shared/crypto/messages';
import type { CheckVerdict, ReceiptJwk, ReceiptPayload } from '../../shared/crypto/receipt';
import type { ReceiptChunk } from '../../shared/crypto/receipt';
import type { TrustedDelegates, trustedReadDelegates } from '../../shared/delegations/directory-trust';
import type { PreflightInput, PreflightResult } from './preflight';

export interface SendCrypto {
  encryptMessage: (options: EncryptMessageOptions) => Promise<OutgoingMessage>;
  verifyReceipt: (options: { jws: string; jwks: { keys: readonly ReceiptJwk[] }; issuer: string; now?: Date }) => Promise<ReceiptPayload>;
  checkReceiptMatchesUpload: (options: { receipt: ReceiptPayload; sent: { manifestHash: string; chunks: readonly ReceiptChunk[] } }) => CheckVerdict;
  /** The key's own (v6) fingerprint, lowercase hex; null when the text is not a usable public key. */
  fingerprintOf: (armoredKey: string) => Promise<string | null>;
  sha256Hex: (bytes: Uint8Array) => Promise<string>;
  runPreflight: (input: PreflightInput) => Promise<PreflightResult>;
  /** Keeps a recipient's read delegates only where the recipient's own key signed the grant. */
  trustedReadDelegates: (options: Parameters<typeof trustedReadDelegates>[0]) => Promise<TrustedDelegates>;
  guests: GuestSendCrypto;
}

/** The strength of a guest's KDF: production cost unless given (tests pass the test profile with its floor). */
export interface GuestKdf {
  cost: Readonly<KdfCost>;
  floor: Readonly<KdfCost>;
}

/** The sender's side of guest access: codes, the one-off guest key, and the sealed access for the API. */
export interface GuestSendCrypto {
  /** What checkAccessCode enforces, for the hint beside the code field. */
  accessCodeLength: { min: number; max: number };
  generateAccessCode: () => string;
  checkAccessCode: (code: string) => { ok: true } | { ok: false; reason: AccessCodeProblem };
  prepareGuest: (options: { address: string; accessCode: string }) => Promise<PreparedGuest>;
  sealGuestAccess: (options: { guest: PreparedGuest; messageId: string; senderKey: PrivateKey; replyFingerprints: readonly string[]; kdf?: GuestKdf | undefined }) => Promise<GuestAccessUpload>;
}

export async function loadSendCrypto(): Promise<SendCrypto> {
  const [messages, receipt, pgp, sha256, preflight, delegates, guest, kdf] = await Promise.all([
    import(/* webpackChunkName: "secure-send-crypto" */ '../../shared/crypto/messages'),
    import(/* webpackChunkName: "secure-send-crypto" */ '../../shared/crypto/receipt'),
    import(/* webpackChunkName: "secure-send-crypto" */ '../../shared/crypto/pgp'),
    import(/* webpackChunkName: "secure-send-crypto" */ '../../shared/crypto/sha256'),
    import(/* webpackChunkName: "secure-send-preflight" */ './preflight'),
    import(/* webpackChunkName: "secure-send-crypto" */ '../../shared/delegations/directory-trust'),
    import(/* webpackChunkName: "secure-send-crypto" */ '../../shared/crypto/guest-access'),
    import(/* webpackChunkName: "secure-send-crypto" */ '../../shared/crypto/kdf'),
  ]);
  return {
    encryptMessage: messages.encryptMessage,
    verifyReceipt: receipt.verifyReceipt,
    checkReceiptMatchesUpload: receipt.checkReceiptMatchesUpload,
    async fingerprintOf(armoredKey) {
      try {
        return pgp.fingerprintOf(await pgp.readPublicKey(armoredKey, 'key'));
      } catch {
        return null;
      }
    },
    sha256Hex: sha256.sha256Hex,
    runPreflight: preflight.runPreflight,
    trustedReadDelegates: delegates.trustedReadDelegates,
    guests: {
      accessCodeLength: { min: guest.ACCESS_CODE_MIN_LENGTH, max: guest.ACCESS_CODE_MAX_LENGTH },
      generateAccessCode: guest.generateAccessCode,
      checkAccessCode: guest.checkAccessCode,
      prepareGuest: guest.prepareGuest,
      // Production passes no KDF: fresh production parameters, and the compiled-in floor applies.
      sealGuestAccess: ({ kdf: strength, ...options }) =>
        guest.sealGuestAccess({ ...options, ...(strength ? { kdfParams: kdf.newKdfParams(strength.cost), floor: strength.floor } : {}) }),
    },
  };
}
