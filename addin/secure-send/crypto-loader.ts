// Secure send's door to shared/crypto, loaded with import() the first time the user presses Send:
// openpgp, jose and hash-wasm stay out of the pane's first paint. Also the PDF checks (pdf-lib).
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
}

export async function loadSendCrypto(): Promise<SendCrypto> {
  const [messages, receipt, pgp, sha256, preflight, delegates] = await Promise.all([
    import(/* webpackChunkName: "secure-send-crypto" */ '../../shared/crypto/messages'),
    import(/* webpackChunkName: "secure-send-crypto" */ '../../shared/crypto/receipt'),
    import(/* webpackChunkName: "secure-send-crypto" */ '../../shared/crypto/pgp'),
    import(/* webpackChunkName: "secure-send-crypto" */ '../../shared/crypto/sha256'),
    import(/* webpackChunkName: "secure-send-preflight" */ './preflight'),
    import(/* webpackChunkName: "secure-send-crypto" */ '../../shared/delegations/directory-trust'),
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
  };
}
