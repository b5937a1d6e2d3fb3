// The guest reader's door to shared/crypto and the PDF checks, loaded with import() when the guest
// submits the code: openpgp, hash-wasm and pdf-lib stay out of the first paint.
import type { GuestKeys, OpenedGuestKey } from '../../shared/crypto/guest-access';
import type { KdfParams } from '../../shared/crypto/kdf';
import type { EncryptedMessage, EncryptMessageOptions, OpenedMessage, OpenMessageOptions } from '../../shared/crypto/messages';
import type { PdfVerdict } from '../secure-send/preflight';
import type { PublicKey } from 'openpgp';

export interface GuestCrypto {
  deriveGuestKeys(options: { guestId: string; secret: string; accessCode: string; kdfParams: KdfParams }): Promise<GuestKeys>;
  openGuestKey(options: { keys: GuestKeys; messageId: string; guestId: string; wrappedKey: string }): Promise<OpenedGuestKey>;
  pinnedKey(options: { armored: readonly string[]; fingerprint: string }): Promise<PublicKey>;
  openMessage(options: OpenMessageOptions): Promise<OpenedMessage>;
  encryptMessageAtOnce(options: EncryptMessageOptions): Promise<EncryptedMessage>;
  looksLikePdf(file: { name: string; contentType: string; content: Uint8Array | null }): boolean;
  checkPdf(bytes: Uint8Array): Promise<PdfVerdict>;
}

export async function loadGuestCrypto(): Promise<GuestCrypto> {
  const [guest, messages, preflight] = await Promise.all([
    import(/* webpackChunkName: "guest-crypto" */ '../../shared/crypto/guest-access'),
    import(/* webpackChunkName: "guest-crypto" */ '../../shared/crypto/messages'),
    import(/* webpackChunkName: "secure-send-preflight" */ '../secure-send/preflight'),
  ]);
  return {
    // Production never passes a KDF floor: the compiled-in minimum applies to whatever the server sent.
    deriveGuestKeys: (options) => guest.deriveGuestKeys(options),
    openGuestKey: guest.openGuestKey,
    pinnedKey: guest.pinnedKey,
    openMessage: messages.openMessage,
    encryptMessageAtOnce: messages.encryptMessageAtOnce,
    looksLikePdf: preflight.looksLikePdf,
    checkPdf: preflight.checkPdf,
  };
}
