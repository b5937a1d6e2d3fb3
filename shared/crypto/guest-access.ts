// Access for recipients without an account ("guests"): a one-off key pair per guest, its private key
// wrapped under a key derived (Argon2id) from the access code the sender shares out of band together
// with a 128-bit secret that travels only in the link's URL fragment. The server stores the wrap, a
// hash of a separate verifier and the public key; without the fragment secret none of it opens the
// message, and the code cannot be guessed offline. Flow and formats: README.md, "Guests".
import * as openpgp from 'openpgp';
import type { PrivateKey } from 'openpgp';
import { canonicalJson } from './canonical-json';
import { CryptoError } from './errors';
import { fromBase64url, randomBytes, toBase64url, utf8 } from './encoding';
import { open, seal } from './envelope';
import { derivePasswordKeys, newKdfParams, type KdfCost, type KdfParams } from './kdf';
import { assertSigningKey, fingerprintOf, readPublicKey, verificationDate, type KeyInput } from './pgp';
import { SHA256_HEX_PATTERN } from './sha256';
import { GUEST_ID_PATTERN, GUEST_SECRET_PATTERN } from './guest-link';

export { GUEST_ID_PATTERN, GUEST_SECRET_PATTERN, guestLink, parseGuestFragment } from './guest-link';

/** 128 random bits, base64url (22 characters): the guest's id (in every link) and the fragment secret. */
const RANDOM_ID_BYTES = 16;
export const ACCESS_CODE_MIN_LENGTH = 6;
export const ACCESS_CODE_MAX_LENGTH = 64;
/** What the sender's client generates when the sender does not choose a code: 8 symbols, 40 bits. */
const GENERATED_CODE_SYMBOLS = 8;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const PAYLOAD_FORMAT = 'zegel-guest-key';
const PAYLOAD_VERSION = 1;
const CERTIFICATE_PURPOSE = 'zegel-guest-key-certificate';
const MAX_SIGNATURE_LENGTH = 8 * 1024;
const KEY_GENERATION_CONFIG = { v6Keys: true, aeadProtect: true } as const;

const invalid = (what: string) => new CryptoError('INVALID_INPUT', what);
const unwrapFailed = (cause?: unknown) => new CryptoError('UNWRAP_FAILED', 'The access code or the link does not open this message.', { cause });

/** A new guest id or fragment secret: 16 random bytes, base64url. */
export function newGuestRandomId(): string {
  return toBase64url(randomBytes(RANDOM_ID_BYTES));
}

/**
 * The form an access code is used in: NFC, without white space and hyphens, upper case. People read
 * codes aloud and retype them; "ab12 cd34", "AB12-CD34" and "ab12cd34" are the same code.
 */
export function normalizeAccessCode(code: string): string {
  return code.normalize('NFC').replace(/[\s-]+/gu, '').toUpperCase();
}

export type AccessCodeProblem = 'too-short' | 'too-long';

export function checkAccessCode(code: string): { ok: true } | { ok: false; reason: AccessCodeProblem } {
  const length = [...normalizeAccessCode(code)].length;
  if (length < ACCESS_CODE_MIN_LENGTH) return { ok: false, reason: 'too-short' };
  if (length > ACCESS_CODE_MAX_LENGTH) return { ok: false, reason: 'too-long' };
  return { ok: true };
}

/** A code for the sender to pass on by phone: 8 Crockford base32 symbols as `XXXX-XXXX` (40 bits). */
export function generateAccessCode(): string {
  const bytes = randomBytes(GENERATED_CODE_SYMBOLS);
  // 256 is a multiple of 32: masking to 5 bits has no bias.
  const symbols = [...bytes].map((b) => CROCKFORD[b & 31]).join('');
  bytes.fill(0);
  return `${symbols.slice(0, 4)}-${symbols.slice(4)}`;
}

export interface GuestKeys {
  /** Non-extractable AES-256-GCM key that opens the wrapped guest key; never leaves the client. */
  wrapKey: CryptoKey;
  /** 32 bytes, base64url: what the guest presents to download; the server keeps only its hash. */
  verifier: string;
}

function assertIds(options: { guestId: string; secret: string }): void {
  if (typeof options.guestId !== 'string' || !GUEST_ID_PATTERN.test(options.guestId)) throw invalid('The guest id is malformed.');
  const secret = typeof options.secret === 'string' && GUEST_SECRET_PATTERN.test(options.secret) ? fromBase64url(options.secret) : undefined;
  if (!secret || secret.length !== RANDOM_ID_BYTES) throw invalid('The link secret is malformed.');
}

/**
 * (access code, fragment secret) → Argon2id (kdf.ts, parameters checked against the client's floor
 * whatever the server sent) → HKDF into the wrap key and, with another info string, the verifier.
 * The Argon2 input is `zegel-guest:v1|<guestId>|<secret>|<normalised code>`: the secret is never stored
 * by the server, so neither the server nor a copy of its database can test a code offline.
 */
export async function deriveGuestKeys(options: { guestId: string; secret: string; accessCode: string; kdfParams: KdfParams; floor?: Readonly<KdfCost> | undefined }): Promise<GuestKeys> {
  assertIds(options);
  if (typeof options.accessCode !== 'string' || !checkAccessCode(options.accessCode).ok) throw invalid('The access code is too short or too long.');
  const password = `zegel-guest:v1|${options.guestId}|${options.secret}|${normalizeAccessCode(options.accessCode)}`;
  const keys = await derivePasswordKeys({ password, params: options.kdfParams, floor: options.floor });
  return { wrapKey: keys.wrapKey, verifier: keys.authValue };
}

/** The envelope's associated-data name: binds the wrap to this message and this guest. Never an account id (those have no ':'). */
function wrapName(messageId: string, guestId: string): string {
  if (typeof messageId !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(messageId)) throw invalid('The message id is malformed.');
  return `guest:${messageId}:${guestId}`;
}

/** What the sender's client makes for one guest before the message is encrypted. Secrets stay in the client. */
export interface PreparedGuest {
  address: string;
  guestId: string;
  /** The fragment secret: only in the link the sender passes on. */
  secret: string;
  /** The access code the sender passes on by another channel (phone, SMS, in person). */
  accessCode: string;
  privateKey: PrivateKey;
  /** Armored; encrypt the message to it like to any other recipient. */
  publicKey: string;
  fingerprint: string;
}

/** Step 1 (before encryptMessage): a one-off v6 key pair, an id, a secret and the code (generated when not given). */
export async function prepareGuest(options: { address: string; accessCode?: string | undefined }): Promise<PreparedGuest> {
  const accessCode = options.accessCode ?? generateAccessCode();
  const verdict = checkAccessCode(accessCode);
  if (!verdict.ok) throw invalid(verdict.reason === 'too-short' ? 'The access code is too short.' : 'The access code is too long.');
  const { privateKey, publicKey } = await openpgp.generateKey({ type: 'curve25519', userIDs: [], config: KEY_GENERATION_CONFIG, format: 'object' });
  return {
    address: options.address.trim().toLowerCase(),
    guestId: newGuestRandomId(),
    secret: newGuestRandomId(),
    accessCode,
    privateKey,
    publicKey: publicKey.armor(),
    fingerprint: privateKey.getFingerprint(),
  };
}

/** What the API stores for a guest (POST /api/messages/{id}/guests); none of it opens the message alone. */
export interface GuestAccessUpload {
  guestId: string;
  address: string;
  verifier: string;
  kdfParams: KdfParams;
  wrappedKey: string;
  publicKey: string;
  fingerprint: string;
  /** The sender's detached signature over the guest key (verifyGuestKeyCertificate checks it), so replies can be trusted. */
  keyCertificate: string;
}

/** The plaintext inside `wrappedKey`. The fingerprints tell the guest whom to trust and to reply to, whatever the server says. */
export interface GuestKeyPayload {
  messageId: string;
  guestId: string;
  /** The key that signed the message (the acting user's). */
  senderFingerprint: string;
  /** The keys a reply goes to: the sender's and, when sent on behalf, the principal's. */
  replyFingerprints: string[];
}

function assertFingerprints(values: readonly unknown[]): void {
  if (values.length === 0 || values.length > 8 || !values.every((v) => typeof v === 'string' && SHA256_HEX_PATTERN.test(v))) throw invalid('Fingerprints must be 64 lowercase hex characters.');
}

/** The signed statement "this is the key I made for guest <address> of message <id>". */
function certificateBytes(fields: { messageId: string; guestId: string; address: string; guestFingerprint: string }): Uint8Array<ArrayBuffer> {
  return utf8(canonicalJson({ purpose: CERTIFICATE_PURPOSE, version: 1, ...fields }));
}

/**
 * Step 2 (after POST /api/messages gave the message id): wraps the guest's private key and the trusted
 * fingerprints under the derived key (AES-GCM, AAD `zegel:v1|guest:<messageId>:<guestId>|private-key`)
 * and signs the guest key with the sender's key. `kdfParams` defaults to fresh production parameters.
 */
export async function sealGuestAccess(options: {
  guest: PreparedGuest;
  messageId: string;
  senderKey: PrivateKey;
  replyFingerprints: readonly string[];
  kdfParams?: KdfParams | undefined;
  floor?: Readonly<KdfCost> | undefined;
}): Promise<GuestAccessUpload> {
  const { guest, messageId } = options;
  const name = wrapName(messageId, guest.guestId);
  await assertSigningKey(options.senderKey, 'sender key');
  const senderFingerprint = options.senderKey.getFingerprint();
  assertFingerprints([...options.replyFingerprints, senderFingerprint]);
  const kdfParams = options.kdfParams ?? newKdfParams();
  const keys = await deriveGuestKeys({ guestId: guest.guestId, secret: guest.secret, accessCode: guest.accessCode, kdfParams, floor: options.floor });
  const payload = {
    format: PAYLOAD_FORMAT,
    version: PAYLOAD_VERSION,
    messageId,
    guestId: guest.guestId,
    senderFingerprint,
    replyFingerprints: [...options.replyFingerprints],
    privateKey: toBase64url(guest.privateKey.write()),
  };
  const plaintext = utf8(JSON.stringify(payload));
  const wrappedKey = await seal({ key: keys.wrapKey, plaintext, accountId: name, purpose: 'private-key' });
  plaintext.fill(0);
  const message = await openpgp.createMessage({ binary: certificateBytes({ messageId, guestId: guest.guestId, address: guest.address, guestFingerprint: guest.fingerprint }), format: 'binary' });
  const keyCertificate = String(await openpgp.sign({ message, signingKeys: options.senderKey, detached: true, format: 'armored' }));
  return { guestId: guest.guestId, address: guest.address, verifier: keys.verifier, kdfParams, wrappedKey, publicKey: guest.publicKey, fingerprint: guest.fingerprint, keyCertificate };
}

export interface OpenedGuestKey extends GuestKeyPayload {
  privateKey: PrivateKey;
  fingerprint: string;
}

/**
 * The guest's side, after the server accepted the verifier: opens the wrapped key. UNWRAP_FAILED for a
 * wrong code or secret, another message's or guest's wrap, or tampering; the payload must name this
 * message and guest.
 */
export async function openGuestKey(options: { keys: GuestKeys; messageId: string; guestId: string; wrappedKey: string }): Promise<OpenedGuestKey> {
  const name = wrapName(options.messageId, options.guestId);
  const bytes = await open({ key: options.keys.wrapKey, envelope: options.wrappedKey, accountId: name, purpose: 'private-key' });
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as Record<string, unknown>;
  } catch (error) {
    throw unwrapFailed(error);
  }
  const replyFingerprints = payload.replyFingerprints;
  const ok =
    payload.format === PAYLOAD_FORMAT &&
    payload.version === PAYLOAD_VERSION &&
    payload.messageId === options.messageId &&
    payload.guestId === options.guestId &&
    typeof payload.senderFingerprint === 'string' &&
    SHA256_HEX_PATTERN.test(payload.senderFingerprint) &&
    Array.isArray(replyFingerprints) &&
    replyFingerprints.length > 0 &&
    replyFingerprints.every((f) => typeof f === 'string' && SHA256_HEX_PATTERN.test(f)) &&
    typeof payload.privateKey === 'string';
  if (!ok) throw unwrapFailed();
  const binaryKey = fromBase64url(payload.privateKey as string);
  if (!binaryKey) throw unwrapFailed();
  let privateKey: PrivateKey;
  try {
    privateKey = await openpgp.readPrivateKey({ binaryKey });
  } catch (error) {
    throw unwrapFailed(error);
  }
  if (!privateKey.isDecrypted()) throw unwrapFailed();
  return {
    messageId: options.messageId,
    guestId: options.guestId,
    senderFingerprint: payload.senderFingerprint as string,
    replyFingerprints: replyFingerprints as string[],
    privateKey,
    fingerprint: privateKey.getFingerprint(),
  };
}

/**
 * Picks the server-supplied public key whose fingerprint the sealed payload names. A key the payload does
 * not name is never used: the server cannot slip in its own key as the sender's or as a reply target.
 */
export async function pinnedKey(options: { armored: readonly string[]; fingerprint: string }): Promise<openpgp.PublicKey> {
  for (const armored of options.armored) {
    try {
      const key = await readPublicKey(armored, 'key');
      if (fingerprintOf(key) === options.fingerprint) return key;
    } catch {
      // not this one
    }
  }
  throw new CryptoError('KEY_UNUSABLE', 'The server did not provide the key the sender named.');
}

/**
 * The sender's side when a guest replies: true only when `certificate` is the sender's own signature over
 * this guest key for this message and address (what sealGuestAccess made). A guest key the server swapped
 * in fails, so a reply signed by it is not taken as the guest's.
 */
export async function verifyGuestKeyCertificate(options: {
  certificate: string;
  messageId: string;
  guestId: string;
  address: string;
  guestFingerprint: string;
  senderPublicKey: KeyInput;
}): Promise<boolean> {
  if (typeof options.certificate !== 'string' || options.certificate.length > MAX_SIGNATURE_LENGTH) return false;
  try {
    const senderKey = await readPublicKey(options.senderPublicKey, 'sender key');
    const signature = await openpgp.readSignature({ armoredSignature: options.certificate });
    const message = await openpgp.createMessage({
      binary: certificateBytes({ messageId: options.messageId, guestId: options.guestId, address: options.address.trim().toLowerCase(), guestFingerprint: options.guestFingerprint }),
      format: 'binary',
    });
    const result = await openpgp.verify({ message, signature, verificationKeys: senderKey, expectSigned: true, date: verificationDate() });
    for (const s of result.signatures) if (await s.verified.then(() => true, () => false)) return true;
    return false;
  } catch {
    return false;
  }
}
