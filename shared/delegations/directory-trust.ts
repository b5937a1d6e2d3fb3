// The sending client's side of the read scope: before encrypting a message to a lawyer's read-scope
// delegates (as the directory lists them), it checks each grant's signature against the lawyer's own
// key — the key it is about to encrypt to, and has pinned. The server's copy alone proves nothing:
// whoever can write the database could add a grant, but cannot sign one with the lawyer's key.
import type { DelegationGrant } from '../crypto/grants';
import { verifyGrant } from '../crypto/grants';
import { fingerprintOf, readPublicKey } from '../crypto/pgp';

/** One delegate as `POST /api/directory/lookup` lists it for an account address. */
export interface DirectoryDelegate {
  accountId: string;
  publicKey: string;
  fingerprint: string;
  grant: DelegationGrant;
  signature: string;
  principalPublicKey: string;
}

export type DelegateRejection = 'not-read-scope' | 'wrong-delegate' | 'delegate-key-mismatch' | 'principal-key-mismatch' | 'expired' | 'signature-invalid';

export interface TrustedDelegates {
  /** Delegates whose grant is the principal's valid signature, in force now: encrypt to `publicKey`. */
  trusted: DirectoryDelegate[];
  /** The rest, with why they were left out (a forged or stale grant, or a key that changed). */
  rejected: { accountId: string; reason: DelegateRejection }[];
}

async function fingerprintOfArmored(armored: string): Promise<string | null> {
  try {
    return fingerprintOf(await readPublicKey(armored, 'key'));
  } catch {
    return null;
  }
}

/**
 * Sorts a directory entry's delegates into trusted and rejected. `principalFingerprint` is the
 * fingerprint the client has pinned for the address (or, on first use, the entry's own key's); every
 * grant must be signed by exactly that key.
 */
export async function trustedReadDelegates(options: {
  entry: { publicKey?: string; fingerprint?: string; delegates?: readonly DirectoryDelegate[] };
  principalFingerprint?: string;
  now: Date;
}): Promise<TrustedDelegates> {
  const out: TrustedDelegates = { trusted: [], rejected: [] };
  const delegates = options.entry.delegates ?? [];
  if (delegates.length === 0) return out;
  const entryFingerprint = options.entry.publicKey ? await fingerprintOfArmored(options.entry.publicKey) : null;
  const pinned = (options.principalFingerprint ?? entryFingerprint ?? '').toLowerCase();
  for (const d of delegates) {
    const reject = (reason: DelegateRejection) => out.rejected.push({ accountId: String(d.accountId), reason });
    const grant = d.grant;
    if (!Array.isArray(grant?.scopes) || !grant.scopes.includes('read')) {
      reject('not-read-scope');
      continue;
    }
    if (grant.delegateAccountId !== d.accountId) {
      reject('wrong-delegate');
      continue;
    }
    const delegateFingerprint = await fingerprintOfArmored(d.publicKey);
    if (delegateFingerprint === null || delegateFingerprint !== d.fingerprint || delegateFingerprint !== grant.delegateFingerprint) {
      reject('delegate-key-mismatch');
      continue;
    }
    const principalFingerprint = await fingerprintOfArmored(d.principalPublicKey);
    if (principalFingerprint === null || pinned === '' || principalFingerprint !== pinned || (entryFingerprint !== null && principalFingerprint !== entryFingerprint)) {
      reject('principal-key-mismatch');
      continue;
    }
    if (grant.expiresAt !== null && !(Date.parse(grant.expiresAt) > options.now.getTime())) {
      reject('expired');
      continue;
    }
    if (!(await verifyGrant({ grant, signature: d.signature, principalPublicKey: d.principalPublicKey }))) {
      reject('signature-invalid');
      continue;
    }
    out.trusted.push(d);
  }
  return out;
}
