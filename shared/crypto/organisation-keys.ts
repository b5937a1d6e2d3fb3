// Organisation unit keys (a court, a team of clerks): made in a clerk's client, and handed to each member
// as the unit's private key encrypted to the member's account key and signed by the clerk who wrapped
// it. The server stores only public keys and these wraps. Rotation = a new unit key wrapped to those who remain.
import * as openpgp from 'openpgp';
import type { PrivateKey, PublicKey } from 'openpgp';
import { fromBase64url, toBase64url, utf8 } from './encoding';
import { CryptoError } from './errors';
import { isIsoUtc } from './manifest';
import { assertDecryptionKeys, assertEncryptionKeys, assertSigningKey, decryptAndVerify, encryptAndSign, fingerprintOf, readPublicKey, readPublicKeys, type KeyInput } from './pgp';
import { SHA256_HEX_PATTERN } from './sha256';

const WRAP_FORMAT = 'zegel-unit-key';
const WRAP_VERSION = 1;
const MAX_WRAPPED_BYTES = 64 * 1024;
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL_PATTERN = /[\u0000-\u001f\u007f-\u009f]/;

export interface UnitKey {
  unitName: string;
  privateKey: PrivateKey;
  publicKey: PublicKey;
  /** Armored public key, to publish (and for clients to pin). */
  armoredPublicKey: string;
  /** v6 fingerprint, 64 lowercase hex characters. */
  fingerprint: string;
}

export interface WrappedUnitKey {
  /** Base64url of one binary OpenPGP message (PKESK + SEIPDv2); the server can check it with checkCiphertextChunk. */
  wrapped: string;
  unitFingerprint: string;
  memberFingerprint: string;
}

export interface UnwrappedUnitKey {
  privateKey: PrivateKey;
  publicKey: PublicKey;
  unitFingerprint: string;
  /** Fingerprint of the clerk key that signed the wrap. */
  wrappedBy: string;
  wrappedAt: string;
}

/**
 * A new unit key pair: v6, Ed25519 + X25519 like account keys, with the unit's name as its user ID
 * (a court unit's name is public, and the name in the key lets a clerk see what was pinned).
 */
export async function createUnitKey(options: { unitName: string }): Promise<UnitKey> {
  const { unitName } = options;
  if (typeof unitName !== 'string' || unitName.trim().length === 0 || unitName.length > 128 || CONTROL_PATTERN.test(unitName) || /[<>]/.test(unitName)) {
    throw new CryptoError('INVALID_INPUT', 'A unit name is 1–128 characters, without control characters or angle brackets.');
  }
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'curve25519',
    userIDs: [{ name: unitName }],
    config: { v6Keys: true, aeadProtect: true },
    format: 'object',
  });
  return { unitName, privateKey, publicKey, armoredPublicKey: publicKey.armor(), fingerprint: fingerprintOf(publicKey) };
}

/**
 * Wraps the unit's private key for one member: encrypted to the member's account key only, signed by
 * the wrapping clerk. The signed plaintext names the unit and the member, so a wrap cannot be passed
 * off as another unit's key or as meant for someone else.
 */
export async function wrapUnitKeyFor(options: { unitPrivateKey: PrivateKey; memberPublicKey: KeyInput; signingKey: PrivateKey }): Promise<WrappedUnitKey> {
  const { unitPrivateKey, signingKey } = options;
  if (!(unitPrivateKey instanceof openpgp.PrivateKey) || !unitPrivateKey.isDecrypted() || unitPrivateKey.keyPacket.version !== 6) {
    throw new CryptoError('KEY_UNUSABLE', 'The unit key must be an unlocked v6 private key.');
  }
  await assertSigningKey(signingKey, 'signing key');
  const member = await readPublicKey(options.memberPublicKey, 'member key');
  await assertEncryptionKeys([member], 'member key');
  const unitFingerprint = fingerprintOf(unitPrivateKey);
  const memberFingerprint = fingerprintOf(member);
  const payload = {
    format: WRAP_FORMAT,
    version: WRAP_VERSION,
    unitFingerprint,
    memberFingerprint,
    wrappedAt: new Date().toISOString(),
    privateKey: toBase64url(unitPrivateKey.write()),
  };
  const plaintext = utf8(JSON.stringify(payload));
  try {
    const ciphertext = await encryptAndSign({ data: plaintext, encryptionKeys: [member], signingKey });
    return { wrapped: toBase64url(ciphertext), unitFingerprint, memberFingerprint };
  } finally {
    plaintext.fill(0);
  }
}

/**
 * Opens a wrap with the member's own private key. The wrap must be signed by one of `expectedSigners`
 * (the clerks this client trusts to admit members) and name this member; with `expectedUnitFingerprint`
 * (a pinned court key) it must also hold that unit's key. DECRYPT_FAILED when it is not for this key
 * (a member removed before a rotation gets this for the new key), SIGNATURE_INVALID for a wrong or
 * missing signature, UNWRAP_FAILED when the signed content is not this member's wrap of a valid unit key.
 */
export async function unwrapUnitKey(options: {
  wrapped: string;
  memberPrivateKey: PrivateKey;
  expectedSigners: readonly KeyInput[];
  expectedUnitFingerprint?: string;
}): Promise<UnwrappedUnitKey> {
  assertDecryptionKeys([options.memberPrivateKey]);
  const signers = await readPublicKeys(options.expectedSigners, 'expected signers');
  if (signers.length === 0) throw new CryptoError('KEY_UNUSABLE', 'Name the key(s) the wrap must be signed by.');
  const ciphertext = typeof options.wrapped === 'string' ? fromBase64url(options.wrapped) : undefined;
  if (!ciphertext) throw new CryptoError('DECRYPT_FAILED', 'The wrapped unit key could not be decrypted.');
  const { data, signer } = await decryptAndVerify({ ciphertext, decryptionKeys: [options.memberPrivateKey], verificationKeys: signers, maxCiphertextBytes: MAX_WRAPPED_BYTES });

  const fail = (cause?: unknown) => new CryptoError('UNWRAP_FAILED', 'The wrapped unit key is not a valid wrap for this member.', { cause });
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch (error) {
    throw fail(error);
  } finally {
    data.fill(0);
  }
  const keys = ['format', 'version', 'unitFingerprint', 'memberFingerprint', 'wrappedAt', 'privateKey'];
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || Object.keys(payload).length !== keys.length || !keys.every((k) => k in payload)) throw fail();
  const p = payload as Record<string, unknown>;
  if (p.format !== WRAP_FORMAT || p.version !== WRAP_VERSION || !isIsoUtc(p.wrappedAt)) throw fail();
  if (typeof p.unitFingerprint !== 'string' || !SHA256_HEX_PATTERN.test(p.unitFingerprint)) throw fail();
  if (p.memberFingerprint !== fingerprintOf(options.memberPrivateKey)) throw fail();
  if (options.expectedUnitFingerprint !== undefined && p.unitFingerprint !== options.expectedUnitFingerprint.toLowerCase()) throw fail();
  const binaryKey = typeof p.privateKey === 'string' ? fromBase64url(p.privateKey) : undefined;
  if (!binaryKey) throw fail();
  let privateKey: PrivateKey;
  try {
    privateKey = await openpgp.readPrivateKey({ binaryKey });
  } catch (error) {
    throw fail(error);
  }
  if (!privateKey.isDecrypted() || privateKey.keyPacket.version !== 6 || fingerprintOf(privateKey) !== p.unitFingerprint) throw fail();
  return { privateKey, publicKey: privateKey.toPublic(), unitFingerprint: p.unitFingerprint, wrappedBy: fingerprintOf(signer), wrappedAt: p.wrappedAt };
}

/**
 * Rotation after a member leaves: a new unit key, wrapped to each remaining member. Mail sent to the
 * old key stays readable to those who held it (the removed member included); only future mail is
 * closed to the removed member, once senders use the new public key.
 */
export async function rotateUnitKey(options: {
  unitName: string;
  memberPublicKeys: readonly KeyInput[];
  signingKey: PrivateKey;
}): Promise<{ unitKey: UnitKey; wraps: WrappedUnitKey[] }> {
  const members = await readPublicKeys(options.memberPublicKeys, 'member keys');
  await assertSigningKey(options.signingKey, 'signing key');
  const unitKey = await createUnitKey({ unitName: options.unitName });
  const wraps: WrappedUnitKey[] = [];
  for (const member of members) wraps.push(await wrapUnitKeyFor({ unitPrivateKey: unitKey.privateKey, memberPublicKey: member, signingKey: options.signingKey }));
  return { unitKey, wraps };
}
