// Delegation grants signed by the principal's account key, so a client encrypts to a delegate only
// when the principal really granted it (the server's copy alone could have been altered).
import * as openpgp from 'openpgp';
import type { PrivateKey } from 'openpgp';
import { canonicalJson } from './canonical-json';
import { utf8 } from './encoding';
import { assertAccountId } from './envelope';
import { CryptoError } from './errors';
import { assertSigningKey, readPublicKey, verificationDate, type KeyInput } from './pgp';
import { SHA256_HEX_PATTERN } from './sha256';

/** Goes into the signed bytes, so a grant signature never verifies as anything else, nor the reverse. */
const GRANT_PURPOSE = 'zegel-delegation-grant';
const GRANT_VERSION = 1;
const SCOPE_PATTERN = /^[a-z][a-z0-9._:-]{0,63}$/;
const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;
const MAX_SIGNATURE_LENGTH = 8 * 1024;
const GRANT_KEYS = ['principalAccountId', 'delegateAccountId', 'delegateFingerprint', 'scopes', 'expiresAt', 'createdAt'] as const;

export interface DelegationGrant {
  principalAccountId: string;
  delegateAccountId: string;
  /** The delegate's account key fingerprint (v6, 64 lowercase hex): the key clients may encrypt to. */
  delegateFingerprint: string;
  /** A set: order does not matter (the signed form sorts them); duplicates are refused. */
  scopes: string[];
  /** ISO 8601 UTC, or null for no end. */
  expiresAt: string | null;
  createdAt: string;
}

function isTimestamp(value: unknown): value is string {
  return typeof value === 'string' && TIMESTAMP_PATTERN.test(value) && !Number.isNaN(Date.parse(value));
}

/** The exact bytes the principal signs: canonical JSON (sorted keys, no spaces) with purpose and version. */
export function grantSigningBytes(grant: DelegationGrant): Uint8Array<ArrayBuffer> {
  const bad = (why: string) => new CryptoError('INVALID_INPUT', `The grant is not valid: ${why}.`);
  if (typeof grant !== 'object' || grant === null || Array.isArray(grant)) throw bad('not an object');
  const keys = Object.keys(grant);
  if (keys.length !== GRANT_KEYS.length || !GRANT_KEYS.every((k) => keys.includes(k))) throw bad('unexpected or missing fields');
  assertAccountId(grant.principalAccountId);
  assertAccountId(grant.delegateAccountId);
  if (grant.principalAccountId === grant.delegateAccountId) throw bad('principal and delegate are the same account');
  if (typeof grant.delegateFingerprint !== 'string' || !SHA256_HEX_PATTERN.test(grant.delegateFingerprint)) throw bad('delegate fingerprint');
  const scopes: unknown = grant.scopes;
  if (!Array.isArray(scopes) || scopes.length === 0 || scopes.length > 32 || !scopes.every((s) => typeof s === 'string' && SCOPE_PATTERN.test(s))) throw bad('scopes');
  const sorted = [...(scopes as string[])].sort();
  if (new Set(sorted).size !== sorted.length) throw bad('duplicate scopes');
  if (!isTimestamp(grant.createdAt)) throw bad('createdAt');
  if (grant.expiresAt !== null && (!isTimestamp(grant.expiresAt) || Date.parse(grant.expiresAt) <= Date.parse(grant.createdAt))) throw bad('expiresAt');
  return utf8(canonicalJson({ purpose: GRANT_PURPOSE, version: GRANT_VERSION, ...grant, scopes: sorted }));
}

/** Signs a grant with the principal's key; returns an armored detached signature to store beside the grant. */
export async function signGrant(options: { principalKey: PrivateKey; grant: DelegationGrant }): Promise<string> {
  const bytes = grantSigningBytes(options.grant);
  await assertSigningKey(options.principalKey, 'principal key');
  const message = await openpgp.createMessage({ binary: bytes, format: 'binary' });
  const signature: unknown = await openpgp.sign({ message, signingKeys: options.principalKey, detached: true, format: 'armored' });
  if (typeof signature !== 'string') throw new CryptoError('KEY_UNUSABLE', 'The grant could not be signed.');
  return signature;
}

/**
 * Whether `signature` is the principal's valid signature over exactly this grant. False for any change
 * to the grant (a scope added, a later expiry, another delegate key), another signer, or malformed input.
 * It does not check expiry or revocation: the server does that on every request.
 */
export async function verifyGrant(options: { grant: DelegationGrant; signature: string; principalPublicKey: KeyInput }): Promise<boolean> {
  try {
    if (typeof options.signature !== 'string' || options.signature.length > MAX_SIGNATURE_LENGTH) return false;
    const bytes = grantSigningBytes(options.grant);
    const key = await readPublicKey(options.principalPublicKey, 'principal key');
    const signature = await openpgp.readSignature({ armoredSignature: options.signature });
    const message = await openpgp.createMessage({ binary: bytes, format: 'binary' });
    const result = await openpgp.verify({ message, signature, verificationKeys: key, expectSigned: true, format: 'binary', date: verificationDate() });
    await Promise.all(result.signatures.map((s) => s.verified));
    return result.signatures.length > 0;
  } catch {
    return false;
  }
}
