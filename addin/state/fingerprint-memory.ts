// Trust on first use for people's keys (shared/keys/trust.ts FingerprintMemory), kept in localStorage
// per account so that a changed key is noticed across openings of the pane. Fingerprints are public:
// nothing secret is written. A value that is not a fingerprint is ignored, never trusted.
import type { FingerprintMemory } from '../../shared/keys/trust';
import { STORAGE_PREFIX, readJson, writeJson, type KeyValueStorage } from './storage';

/** Oldest entries go first beyond this many addresses, so the store stays small. */
export const MAX_REMEMBERED = 2000;

const FINGERPRINT = /^([0-9a-f]{40}|[0-9a-f]{64})$/;

/** Address and fingerprint pairs, oldest first (a list, so no address can be mistaken for an object key). */
type Remembered = [string, string][];

function isRemembered(value: unknown): value is Remembered {
  return Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && typeof pair[1] === 'string');
}

export function fingerprintStorageKey(accountId: string): string {
  return `${STORAGE_PREFIX}fingerprints:${accountId}`;
}

const addressKey = (address: string) => address.trim().toLowerCase();
const normalise = (fingerprint: string) => fingerprint.replace(/\s+/g, '').toLowerCase();

/** The fingerprints this account's pane has seen, one per address; survives closing the pane. */
export function storedFingerprintMemory(storage: KeyValueStorage, accountId: string, max = MAX_REMEMBERED): FingerprintMemory {
  const key = fingerprintStorageKey(accountId);
  const load = (): Map<string, string> => new Map(readJson(storage, key, isRemembered) ?? []);
  return {
    get(address) {
      const value = load().get(addressKey(address));
      return value !== undefined && FINGERPRINT.test(value) ? value : undefined;
    },
    set(address, fingerprint) {
      const value = normalise(fingerprint);
      if (!FINGERPRINT.test(value)) return;
      const all = load();
      const name = addressKey(address);
      // Re-inserted last: the entries keep the order in which they were last confirmed.
      all.delete(name);
      all.set(name, value);
      writeJson(storage, key, [...all].slice(-max));
    },
  };
}
