// Reading in the web app, without React: the keys a reader decrypts with (her own, and the unit keys
// a clerk holds, unwrapped here), the key a message must be signed by (the sender's, from the
// directory, checked against the fingerprint the server names and remembered on first use), the
// receipt verified before anything is shown, and the message opened chunk by chunk. Case numbers are
// searched in subjects decrypted here; the server never sees a subject.
import type { PrivateKey } from 'openpgp';
import type { OpenedMessage } from '../../shared/crypto/messages';
import type { ReceiptPayload } from '../../shared/crypto/receipt';
import type { KeyInput } from '../../shared/crypto/pgp';
import { courtKeyTrust, personKeyTrust, type FingerprintMemory } from '../../shared/keys/trust';
import type { WebAppCrypto } from './crypto-loader';
import type { Membership, MessageDetail, MessageSummary, SenderKeys, WebAppApi } from './types';

export type ReadFailure = 'not-found' | 'no-key' | 'signature' | 'tampered' | 'receipt' | 'sender-key' | 'unit-key' | 'other';

/** A failure the reader is told about by name; anything else is 'other'. */
export class ReadError extends Error {
  readonly reason: ReadFailure;
  constructor(reason: ReadFailure) {
    super(reason);
    this.name = 'ReadError';
    this.reason = reason;
  }
}

const CRYPTO_FAILURES: Record<string, ReadFailure> = {
  DECRYPT_FAILED: 'no-key',
  SIGNATURE_INVALID: 'signature',
  CHUNK_MISPLACED: 'tampered',
  MANIFEST_MISMATCH: 'tampered',
  MANIFEST_INVALID: 'tampered',
  RECEIPT_INVALID: 'receipt',
  UNWRAP_FAILED: 'unit-key',
};

export function readFailureOf(error: unknown): ReadFailure {
  if (error instanceof ReadError) return error.reason;
  const named = error as { name?: unknown; code?: unknown } | null;
  if (named?.name === 'CryptoError' && typeof named.code === 'string') return CRYPTO_FAILURES[named.code] ?? 'other';
  if (named?.name === 'SecureSendApiError' && named.code === 'NOT_FOUND') return 'not-found';
  return 'other';
}

/**
 * The unit keys of the units the clerk belongs to, every version wrapped to her, keyed by unit id.
 * A wrap must be signed by the clerk who made it: herself (she made or rotated the key), or the clerk
 * who admitted her — the key `clerkKey` names for that account when the host gives one, otherwise the
 * key the API returns with the wrap (api/organisations/README.md). The current version must also be
 * the unit key the API lists.
 */
export async function unlockUnitKeys(options: {
  crypto: Pick<WebAppCrypto, 'unwrapUnitKey'>;
  keys: SenderKeys;
  memberships: readonly Membership[];
  clerkKey?: (accountId: string) => Promise<string | null>;
}): Promise<Map<string, UnitKeys>> {
  const out = new Map<string, UnitKeys>();
  for (const membership of options.memberships) {
    const keys: UnitKeys = { current: null, all: [] };
    for (const wrap of membership.wrappedKeys) {
      const signer = wrap.wrappedBy === options.keys.accountId ? options.keys.publicKey : ((await options.clerkKey?.(wrap.wrappedBy)) ?? wrap.wrappedByKey?.publicKey);
      if (!signer) continue;
      const current = membership.key?.version === wrap.version ? membership.key.fingerprint : undefined;
      const unwrapped = await options.crypto.unwrapUnitKey({ wrapped: wrap.wrapped, memberPrivateKey: options.keys.privateKey, expectedSigners: [signer], ...(current ? { expectedUnitFingerprint: current } : {}) });
      keys.all.push(unwrapped.privateKey);
      if (current) keys.current = unwrapped.privateKey;
    }
    out.set(membership.unitId, keys);
  }
  return out;
}

/** A unit's keys as a clerk holds them: the current one (to sign the court's replies) and every version (to read). */
export interface UnitKeys {
  current: PrivateKey | null;
  all: PrivateKey[];
}

export interface SignerCheck {
  keys: KeyInput[];
  /** The fingerprint remembered for the sender differs from this one. */
  changed: boolean;
}

/**
 * The keys the message may be signed by. The user's own messages: her own key, and the unit keys she
 * signs the court's replies with. A clerk's reply: the key of the court unit the directory names for
 * her address, which must be one the add-in pins (the court answers with the court's key, not a
 * clerk's). Others: the sender's key from the directory, which must have the fingerprint the server
 * names for the message; it is remembered per address on first use, and a change is reported.
 */
export async function senderKey(options: {
  api: Pick<WebAppApi, 'lookupKeys'>;
  crypto: Pick<WebAppCrypto, 'fingerprintOf' | 'verifyGuestKeyCertificate'>;
  keys: SenderKeys;
  unitPublicKeys?: readonly KeyInput[];
  message: Pick<MessageSummary, 'sender'>;
  memory: FingerprintMemory;
  courtKeyPins: readonly string[];
}): Promise<SignerCheck> {
  const { sender } = options.message;
  if (sender.accountId === options.keys.accountId) return { keys: [options.keys.publicKey, ...(options.unitPublicKeys ?? [])], changed: false };
  if (!sender.email || !sender.fingerprint) throw new ReadError('sender-key');
  if (sender.guest) {
    // A guest's reply: the server passes on the guest's one-off key, and only the certificate the
    // original sender's own key made over it (for that message, guest and address) makes it trusted.
    const { guest } = sender;
    const fingerprint = await options.crypto.fingerprintOf(guest.publicKey);
    const certified =
      fingerprint === sender.fingerprint.toLowerCase() &&
      (await options.crypto.verifyGuestKeyCertificate({ certificate: guest.keyCertificate, messageId: guest.originalMessageId, guestId: guest.guestId, address: sender.email, guestFingerprint: fingerprint, senderPublicKey: options.keys.publicKey }));
    if (!certified) throw new ReadError('sender-key');
    return { keys: [guest.publicKey], changed: false };
  }
  const [entry] = await options.api.lookupKeys([sender.email]);
  const armored = entry?.publicKey;
  const actual = armored ? await options.crypto.fingerprintOf(armored) : null;
  if (!armored || actual === null) throw new ReadError('sender-key');
  if (entry?.kind === 'unit') {
    if (courtKeyTrust(actual, options.courtKeyPins).status !== 'pinned') throw new ReadError('sender-key');
    return { keys: [armored], changed: false };
  }
  if (entry?.kind !== 'account' || actual !== sender.fingerprint.toLowerCase()) throw new ReadError('sender-key');
  const trust = personKeyTrust(sender.email, actual, options.memory);
  return { keys: [armored], changed: trust.status === 'changed' };
}

/** Verifies a message's receipt against the published keys; it must name this very message. */
export async function verifiedReceipt(options: { api: Pick<WebAppApi, 'receiptKeys'>; crypto: Pick<WebAppCrypto, 'verifyReceipt'>; jws: string; messageId: string; issuer: string }): Promise<ReceiptPayload> {
  const payload = await options.crypto.verifyReceipt({ jws: options.jws, jwks: await options.api.receiptKeys(), issuer: options.issuer });
  if (payload.messageId !== options.messageId) throw new ReadError('receipt');
  return payload;
}

/**
 * Opens a stored message: with a verified receipt, the manifest and every chunk must be the ones it
 * lists. Chunks are fetched one at a time as parts are read.
 */
export function openStored(options: {
  api: Pick<WebAppApi, 'fetchChunk'>;
  crypto: Pick<WebAppCrypto, 'openMessage'>;
  message: MessageDetail;
  decryptionKeys: readonly PrivateKey[];
  signers: SignerCheck['keys'];
  receipt: ReceiptPayload | null;
}): Promise<OpenedMessage> {
  const { message } = options;
  return options.crypto.openMessage({
    parts: message.parts,
    fetchChunk: (partId, index) => options.api.fetchChunk(message.messageId, partId, index),
    decryptionKeys: options.decryptionKeys,
    expectedSigners: options.signers,
    ...(options.receipt ? { receipt: { manifestHash: options.receipt.manifestHash, chunks: options.receipt.chunks } } : {}),
  });
}

/** Every chunk of a part, verified, as the pieces of a file (a Blob keeps them; no copy is made). */
export async function readPartPieces(opened: OpenedMessage, partId: string): Promise<Uint8Array[]> {
  const pieces: Uint8Array[] = [];
  for await (const piece of opened.readPart(partId)) pieces.push(piece);
  return pieces;
}

/** Case numbers are compared without case and spaces: "C/13/712345" finds "zaak c/13/ 712345". */
export function normaliseCaseText(text: string): string {
  return text.toLowerCase().replace(/[\s\u00a0]+/g, '');
}

export function subjectMatches(subject: string | null, query: string): boolean {
  const wanted = normaliseCaseText(query);
  if (wanted === '') return true;
  return subject !== null && normaliseCaseText(subject).includes(wanted);
}

/** An HTML body as plain text for display: parsed inertly (no scripts run, nothing loads), tags dropped. */
export function bodyAsText(body: string, contentType: string): string {
  if (!contentType.startsWith('text/html')) return body;
  const doc = new DOMParser().parseFromString(body, 'text/html');
  for (const br of Array.from(doc.querySelectorAll('br'))) br.replaceWith('\n');
  for (const block of Array.from(doc.querySelectorAll('p, div, li, tr, h1, h2, h3, h4'))) block.append('\n');
  return (doc.body.textContent ?? '').replace(/\n{3,}/g, '\n\n').trim();
}
