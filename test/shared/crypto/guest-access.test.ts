// Guest access crypto on small real keys: code and fragment secret together derive the wrap key and a
// separate verifier; the wrap is bound to message and guest; the payload pins the sender's keys; the
// client refuses weak KDF parameters; codes and links parse as people type and paste them.
import {
  checkAccessCode,
  deriveGuestKeys,
  generateAccessCode,
  guestLink,
  newGuestRandomId,
  normalizeAccessCode,
  openGuestKey,
  parseGuestFragment,
  pinnedKey,
  prepareGuest,
  sealGuestAccess,
  verifyGuestKeyCertificate,
} from '../../../shared/crypto/guest-access';
import { createAccountKeys } from '../../../shared/crypto/account-keys';
import { newKdfParams, TEST_KDF_PARAMS, MINIMUM_KDF_PARAMS } from '../../../shared/crypto/kdf';
import { fingerprintOf } from '../../../shared/crypto/pgp';
import { decryptMessage, encryptMessageAtOnce } from '../../../shared/crypto/messages';

jest.setTimeout(60_000);

const MESSAGE_ID = 'bWVzc2FnZS1pZC0xMjM0NTY';
const floor = TEST_KDF_PARAMS;

async function sender() {
  const { unlocked } = await createAccountKeys({ accountId: 'acc-sender', password: 'een heel lang wachtwoord', kdfParams: newKdfParams(TEST_KDF_PARAMS), floor });
  return unlocked;
}

async function sealed(options: { accessCode?: string } = {}) {
  const me = await sender();
  const guest = await prepareGuest({ address: ' Mr.DeVries@Wederpartij.nl ', accessCode: options.accessCode ?? 'zaak-4711' });
  const upload = await sealGuestAccess({ guest, messageId: MESSAGE_ID, senderKey: me.privateKey, replyFingerprints: [me.fingerprint], kdfParams: newKdfParams(TEST_KDF_PARAMS), floor });
  return { me, guest, upload };
}

describe('deriving from the access code and the fragment secret', () => {
  it('the same code and secret give the same verifier; another secret or another code does not', async () => {
    const params = newKdfParams(TEST_KDF_PARAMS);
    const guestId = newGuestRandomId();
    const secret = newGuestRandomId();
    const a = await deriveGuestKeys({ guestId, secret, accessCode: 'ab12-cd34', kdfParams: params, floor });
    const b = await deriveGuestKeys({ guestId, secret, accessCode: 'AB12 CD34', kdfParams: params, floor });
    const otherSecret = await deriveGuestKeys({ guestId, secret: newGuestRandomId(), accessCode: 'ab12-cd34', kdfParams: params, floor });
    const otherCode = await deriveGuestKeys({ guestId, secret, accessCode: 'ab12-cd35', kdfParams: params, floor });
    const otherGuest = await deriveGuestKeys({ guestId: newGuestRandomId(), secret, accessCode: 'ab12-cd34', kdfParams: params, floor });
    expect(a.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(b.verifier).toBe(a.verifier);
    expect(new Set([a.verifier, otherSecret.verifier, otherCode.verifier, otherGuest.verifier]).size).toBe(4);
  });

  it('the verifier is not the wrap key: the wrap key cannot be exported, and knowing the verifier opens nothing', async () => {
    const { guest, upload } = await sealed();
    const keys = await deriveGuestKeys({ guestId: guest.guestId, secret: guest.secret, accessCode: guest.accessCode, kdfParams: upload.kdfParams, floor });
    expect(keys.wrapKey.extractable).toBe(false);
    // An attacker who learned the verifier (it crosses the wire) and imports it as a key gets nowhere.
    const asKey = await globalThis.crypto.subtle.importKey('raw', Buffer.from(keys.verifier, 'base64url'), { name: 'AES-GCM' }, false, ['decrypt']);
    await expect(openGuestKey({ keys: { wrapKey: asKey, verifier: keys.verifier }, messageId: MESSAGE_ID, guestId: guest.guestId, wrappedKey: upload.wrappedKey })).rejects.toMatchObject({ code: 'UNWRAP_FAILED' });
  });

  it('refuses KDF parameters below the compiled-in floor, whatever the server sent', async () => {
    const weak = { ...newKdfParams(TEST_KDF_PARAMS) };
    await expect(deriveGuestKeys({ guestId: newGuestRandomId(), secret: newGuestRandomId(), accessCode: 'ab12-cd34', kdfParams: weak })).rejects.toMatchObject({ code: 'KDF_PARAMS_TOO_WEAK' });
    expect(MINIMUM_KDF_PARAMS.memoryKiB).toBeGreaterThan(weak.memoryKiB);
  });

  it('refuses a malformed secret or a too short code instead of deriving from it', async () => {
    const params = newKdfParams(TEST_KDF_PARAMS);
    await expect(deriveGuestKeys({ guestId: newGuestRandomId(), secret: 'short', accessCode: 'ab12-cd34', kdfParams: params, floor })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(deriveGuestKeys({ guestId: newGuestRandomId(), secret: newGuestRandomId(), accessCode: '12-34', kdfParams: params, floor })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('the wrapped guest key', () => {
  it('opens with the right code and secret and pins the sender and reply keys', async () => {
    const { me, guest, upload } = await sealed();
    const keys = await deriveGuestKeys({ guestId: guest.guestId, secret: guest.secret, accessCode: 'ZAAK4711', kdfParams: upload.kdfParams, floor });
    const opened = await openGuestKey({ keys, messageId: MESSAGE_ID, guestId: guest.guestId, wrappedKey: upload.wrappedKey });
    expect(opened.fingerprint).toBe(guest.fingerprint);
    expect(opened.senderFingerprint).toBe(me.fingerprint);
    expect(opened.replyFingerprints).toEqual([me.fingerprint]);
    expect(upload.address).toBe('mr.devries@wederpartij.nl');
  });

  it('fails the same way for a wrong code, another message id, another guest id or a flipped bit', async () => {
    const { guest, upload } = await sealed();
    const right = await deriveGuestKeys({ guestId: guest.guestId, secret: guest.secret, accessCode: guest.accessCode, kdfParams: upload.kdfParams, floor });
    const wrong = await deriveGuestKeys({ guestId: guest.guestId, secret: guest.secret, accessCode: 'zaak-4712', kdfParams: upload.kdfParams, floor });
    const flipped = upload.wrappedKey.slice(0, -2) + (upload.wrappedKey.at(-2) === 'A' ? 'B' : 'A') + upload.wrappedKey.at(-1);
    const attempts = [
      openGuestKey({ keys: wrong, messageId: MESSAGE_ID, guestId: guest.guestId, wrappedKey: upload.wrappedKey }),
      openGuestKey({ keys: right, messageId: 'YW5vdGhlci1tZXNzYWdlLWlk', guestId: guest.guestId, wrappedKey: upload.wrappedKey }),
      openGuestKey({ keys: right, messageId: MESSAGE_ID, guestId: newGuestRandomId(), wrappedKey: upload.wrappedKey }),
      openGuestKey({ keys: right, messageId: MESSAGE_ID, guestId: guest.guestId, wrappedKey: flipped }),
    ];
    for (const attempt of attempts) await expect(attempt).rejects.toMatchObject({ code: 'UNWRAP_FAILED' });
  });

  it('decrypts a message encrypted to the guest key like any other recipient, signed by the pinned sender', async () => {
    const { me, guest, upload } = await sealed();
    const encrypted = await encryptMessageAtOnce({ subject: 'Onderwerp', body: 'Inhoud', recipientKeys: [guest.publicKey], senderKey: me.publicKey, signingKey: me.privateKey });
    const keys = await deriveGuestKeys({ guestId: guest.guestId, secret: guest.secret, accessCode: guest.accessCode, kdfParams: upload.kdfParams, floor });
    const opened = await openGuestKey({ keys, messageId: MESSAGE_ID, guestId: guest.guestId, wrappedKey: upload.wrappedKey });
    const senderKey = await pinnedKey({ armored: ['not a key', me.publicKey.armor()], fingerprint: opened.senderFingerprint });
    const chunks = new Map(encrypted.parts.flatMap((p) => p.chunks.map((c) => [`${c.partId}/${c.index}`, c.ciphertext] as const)));
    const message = await decryptMessage({ parts: encrypted.layout, fetchChunk: (partId, index) => Promise.resolve(chunks.get(`${partId}/${index}`)!), decryptionKeys: [opened.privateKey], expectedSigners: [senderKey] });
    expect(message.body).toBe('Inhoud');
  });

  it('pinnedKey refuses a key the payload does not name (a server slipping in its own)', async () => {
    const { guest } = await sealed();
    const other = await prepareGuest({ address: 'x@y.nl' });
    await expect(pinnedKey({ armored: [other.publicKey], fingerprint: guest.fingerprint })).rejects.toMatchObject({ code: 'KEY_UNUSABLE' });
    expect(fingerprintOf((await pinnedKey({ armored: [other.publicKey, guest.publicKey], fingerprint: guest.fingerprint })))).toBe(guest.fingerprint);
  });
});

describe("the sender's certificate over the guest key", () => {
  it('verifies for this message, guest, address and key, and for nothing else', async () => {
    const { me, guest, upload } = await sealed();
    const base = { certificate: upload.keyCertificate, messageId: MESSAGE_ID, guestId: guest.guestId, address: 'mr.devries@wederpartij.nl', guestFingerprint: guest.fingerprint, senderPublicKey: me.publicKey };
    expect(await verifyGuestKeyCertificate(base)).toBe(true);
    const stranger = await sender();
    const other = await prepareGuest({ address: 'x@y.nl' });
    expect(await verifyGuestKeyCertificate({ ...base, guestFingerprint: other.fingerprint })).toBe(false);
    expect(await verifyGuestKeyCertificate({ ...base, address: 'iemand.anders@wederpartij.nl' })).toBe(false);
    expect(await verifyGuestKeyCertificate({ ...base, messageId: 'YW5vdGhlci1tZXNzYWdlLWlk' })).toBe(false);
    expect(await verifyGuestKeyCertificate({ ...base, senderPublicKey: stranger.publicKey })).toBe(false);
    expect(await verifyGuestKeyCertificate({ ...base, certificate: 'garbage' })).toBe(false);
  });
});

describe('codes and links', () => {
  it('generated codes have 8 symbols from the Crockford alphabet and pass the check', () => {
    const codes = Array.from({ length: 50 }, generateAccessCode);
    for (const code of codes) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(checkAccessCode(code)).toEqual({ ok: true });
    }
    expect(new Set(codes).size).toBe(50);
  });

  it('normalises case, spaces and hyphens, and bounds the length', () => {
    expect(normalizeAccessCode(' ab12-cd 34 ')).toBe('AB12CD34');
    expect(normalizeAccessCode('e\u0301te\u0301')).toBe('ÉTÉ');
    expect(checkAccessCode('12-34-5')).toEqual({ ok: false, reason: 'too-short' });
    expect(checkAccessCode('x'.repeat(65))).toEqual({ ok: false, reason: 'too-long' });
  });

  it('builds the link with the secret in the fragment and reads it back, also pasted whole or without the secret', () => {
    const guestId = newGuestRandomId();
    const secret = newGuestRandomId();
    const link = guestLink({ baseUrl: 'https://zegel.example/', guestId, secret });
    expect(link).toBe(`https://zegel.example/app#guest=${guestId}.${secret}`);
    expect(new URL(link).pathname).toBe('/app');
    expect(new URL(link).search).toBe('');
    expect(parseGuestFragment(new URL(link).hash)).toEqual({ guestId, secret });
    expect(parseGuestFragment(`  ${link}  `)).toEqual({ guestId, secret });
    expect(parseGuestFragment(`#guest=${guestId}`)).toEqual({ guestId, secret: null });
    expect(parseGuestFragment('#guest=short.secret')).toBeNull();
    expect(parseGuestFragment('#invitation=abc')).toBeNull();
  });
});
