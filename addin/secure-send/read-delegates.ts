// Messages to a lawyer are also encrypted to the secretaries she gave the read scope: the directory
// lists them with the grants she signed, and the pane keeps one only when the grant verifies against
// the very key it is about to encrypt to for her (shared/delegations/directory-trust.ts). The server's
// list alone proves nothing: a forged or stale grant adds no reader. Delegates become extra encryption
// recipients only, never addressees: the request, the receipt and the evidence note do not name them.
import type { DelegateRejection, TrustedDelegates } from '../../shared/delegations/directory-trust';
import type { EncryptionTarget } from './preflight';
import type { DirectoryEntry } from './types';

/** A delegate the message is also encrypted to, for the addressee who granted her the read scope. */
export interface ReadDelegateKey {
  /** The addressee (principal) whose grant this is. */
  forAddress: string;
  accountId: string;
  publicKey: string;
  fingerprint: string;
}

export interface ReadDelegates {
  keys: ReadDelegateKey[];
  /** Delegates the server listed but the pane left out, with why. */
  rejected: { forAddress: string; accountId: string; reason: DelegateRejection }[];
}

type Check = (options: { entry: DirectoryEntry; principalFingerprint: string; now: Date }) => Promise<TrustedDelegates>;

/**
 * The read delegates of every person among the targets (court units have none), each checked against
 * the fingerprint the pane computed and trusts for that person. `exclude` holds fingerprints that are
 * encrypted to anyway (the sender, the principal), so no key is listed twice.
 */
export async function readDelegateKeys(options: {
  targets: readonly EncryptionTarget[];
  entries: readonly DirectoryEntry[];
  check: Check;
  now: Date;
  exclude?: readonly string[];
}): Promise<ReadDelegates> {
  const out: ReadDelegates = { keys: [], rejected: [] };
  const seen = new Set([...options.targets.map((t) => t.fingerprint), ...(options.exclude ?? [])].map((f) => f.toLowerCase()));
  const entries = new Map(options.entries.map((e) => [e.address.trim().toLowerCase(), e]));
  for (const target of options.targets) {
    if (target.court) continue;
    const entry = entries.get(target.address);
    if (!entry || entry.kind !== 'account' || !entry.delegates || entry.delegates.length === 0) continue;
    const verdict = await options.check({ entry, principalFingerprint: target.fingerprint, now: options.now });
    for (const r of verdict.rejected) out.rejected.push({ forAddress: target.address, accountId: r.accountId, reason: r.reason });
    for (const d of verdict.trusted) {
      const fingerprint = d.fingerprint.toLowerCase();
      if (seen.has(fingerprint)) continue;
      seen.add(fingerprint);
      out.keys.push({ forAddress: target.address, accountId: d.accountId, publicKey: d.publicKey, fingerprint });
    }
  }
  return out;
}
