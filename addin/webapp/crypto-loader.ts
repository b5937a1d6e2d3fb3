// The web app's door to shared/crypto, loaded with import() when a screen first needs it: Secure send's
// (encrypt, receipts, fingerprints, PDF pre-flight) plus what reading needs (open a message, unwrap a
// unit key) and the read-scope check of a recipient's delegates. openpgp, jose, hash-wasm and pdf-lib
// stay out of the first paint.
import type { OpenedMessage, OpenMessageOptions } from '../../shared/crypto/messages';
import type { UnwrappedUnitKey } from '../../shared/crypto/organisation-keys';
import type { KeyInput } from '../../shared/crypto/pgp';
import type { PrivateKey } from 'openpgp';
import type { verifyGuestKeyCertificate } from '../../shared/crypto/guest-access';
import { loadSendCrypto, type SendCrypto } from '../secure-send/crypto-loader';

export interface WebAppCrypto extends SendCrypto {
  openMessage: (options: OpenMessageOptions) => Promise<OpenedMessage>;
  unwrapUnitKey: (options: { wrapped: string; memberPrivateKey: PrivateKey; expectedSigners: readonly KeyInput[]; expectedUnitFingerprint?: string }) => Promise<UnwrappedUnitKey>;
  /** A PDF by name, declared type or its first bytes: then it is opened whole before sending. */
  looksLikePdf: (file: { name: string; contentType: string; content: Uint8Array | null }) => boolean;
  /** Whether the sender's key certified this guest key for that message (a guest's reply). */
  verifyGuestKeyCertificate: (options: Parameters<typeof verifyGuestKeyCertificate>[0]) => Promise<boolean>;
}

export async function loadWebAppCrypto(): Promise<WebAppCrypto> {
  const [send, messages, unitKeys, preflight, guests] = await Promise.all([
    loadSendCrypto(),
    import(/* webpackChunkName: "secure-send-crypto" */ '../../shared/crypto/messages'),
    import(/* webpackChunkName: "secure-send-crypto" */ '../../shared/crypto/organisation-keys'),
    import(/* webpackChunkName: "secure-send-preflight" */ '../secure-send/preflight'),
    import(/* webpackChunkName: "secure-send-crypto" */ '../../shared/crypto/guest-access'),
  ]);
  return {
    ...send,
    openMessage: messages.openMessage,
    unwrapUnitKey: unitKeys.unwrapUnitKey,
    looksLikePdf: preflight.looksLikePdf,
    verifyGuestKeyCertificate: guests.verifyGuestKeyCertificate,
  };
}
