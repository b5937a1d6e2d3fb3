// Which recipient keys the client trusts: court unit keys must match a fingerprint pinned in the
// add-in build (protects against a tampered database, not against the host that serves the script);
// other keys are remembered on first use, and a changed key gets a clear warning before sending.

export type KeyTrust =
  | { status: 'pinned' }
  | { status: 'pin-mismatch' }
  | { status: 'first-use' }
  | { status: 'known' }
  | { status: 'changed'; previousFingerprint: string };

/** Where the client remembers fingerprints it has seen, per address (e.g. localStorage in the pane). */
export interface FingerprintMemory {
  get(address: string): string | undefined;
  set(address: string, fingerprint: string): void;
}

function normalise(fingerprint: string): string {
  return fingerprint.replace(/\s+/g, '').toLowerCase();
}

/** Parses the build's pin list ("fp1,fp2"); empty means no court key is trusted. */
export function parsePins(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map(normalise)
    .filter((fp) => /^([0-9a-f]{40}|[0-9a-f]{64})$/.test(fp));
}

export function courtKeyTrust(fingerprint: string, pins: readonly string[]): KeyTrust {
  return pins.map(normalise).includes(normalise(fingerprint)) ? { status: 'pinned' } : { status: 'pin-mismatch' };
}

/** Trust on first use for people's keys; remembers the first fingerprint, reports a change. */
export function personKeyTrust(address: string, fingerprint: string, memory: FingerprintMemory): KeyTrust {
  const key = address.trim().toLowerCase();
  const seen = memory.get(key);
  const current = normalise(fingerprint);
  if (seen === undefined) {
    memory.set(key, current);
    return { status: 'first-use' };
  }
  return seen === current ? { status: 'known' } : { status: 'changed', previousFingerprint: seen };
}

/** Whether the client may encrypt to this key without asking: a court key must be pinned; a changed person key needs the user's confirmation. */
export function mayEncryptWithoutAsking(trust: KeyTrust): boolean {
  return trust.status === 'pinned' || trust.status === 'first-use' || trust.status === 'known';
}
