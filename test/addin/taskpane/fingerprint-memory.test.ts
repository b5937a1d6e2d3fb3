// The pane's trust-on-first-use memory in localStorage: per account, per address (case-folded),
// surviving a new store over the same storage (a reopened pane), ignoring anything that is not a
// fingerprint, and bounded in size.
import { fingerprintStorageKey, storedFingerprintMemory } from '../../../addin/state/fingerprint-memory';
import { memoryStorage } from '../../../addin/state/storage';
import { personKeyTrust } from '../../../shared/keys/trust';

const FP1 = 'a'.repeat(64);
const FP2 = 'b'.repeat(64);

describe('the stored fingerprint memory', () => {
  it('remembers a fingerprint per address across openings of the pane', () => {
    const storage = memoryStorage();
    storedFingerprintMemory(storage, 'acct_one').set(' B.de.Vries@Advocaten.NL ', FP1.toUpperCase());
    const reopened = storedFingerprintMemory(storage, 'acct_one');
    expect(reopened.get('b.de.vries@advocaten.nl')).toBe(FP1);
    expect(reopened.get('other@advocaten.nl')).toBeUndefined();
  });

  it('lets the shared trust rules see a changed key', () => {
    const storage = memoryStorage();
    expect(personKeyTrust('b.de.vries@advocaten.nl', FP1, storedFingerprintMemory(storage, 'acct_one'))).toEqual({ status: 'first-use' });
    expect(personKeyTrust('b.de.vries@advocaten.nl', FP1, storedFingerprintMemory(storage, 'acct_one'))).toEqual({ status: 'known' });
    expect(personKeyTrust('b.de.vries@advocaten.nl', FP2, storedFingerprintMemory(storage, 'acct_one'))).toEqual({ status: 'changed', previousFingerprint: FP1 });
  });

  it('keeps each account’s memory apart', () => {
    const storage = memoryStorage();
    storedFingerprintMemory(storage, 'acct_one').set('b.de.vries@advocaten.nl', FP1);
    expect(storedFingerprintMemory(storage, 'acct_two').get('b.de.vries@advocaten.nl')).toBeUndefined();
  });

  it('ignores values that are not fingerprints, when written and when read', () => {
    const storage = memoryStorage();
    const memory = storedFingerprintMemory(storage, 'acct_one');
    memory.set('b.de.vries@advocaten.nl', 'not a fingerprint');
    expect(memory.get('b.de.vries@advocaten.nl')).toBeUndefined();
    storage.setItem(fingerprintStorageKey('acct_one'), JSON.stringify([['b.de.vries@advocaten.nl', 'zz'], ['__proto__', FP1]]));
    expect(memory.get('b.de.vries@advocaten.nl')).toBeUndefined();
    expect(memory.get('__proto__')).toBe(FP1);
    storage.setItem(fingerprintStorageKey('acct_one'), '{"b.de.vries@advocaten.nl": "x"');
    expect(memory.get('b.de.vries@advocaten.nl')).toBeUndefined();
  });

  it('forgets the longest-unconfirmed addresses beyond its limit', () => {
    const storage = memoryStorage();
    const memory = storedFingerprintMemory(storage, 'acct_one', 2);
    memory.set('one@x.nl', FP1);
    memory.set('two@x.nl', FP1);
    memory.set('one@x.nl', FP2);
    memory.set('three@x.nl', FP1);
    expect(memory.get('two@x.nl')).toBeUndefined();
    expect(memory.get('one@x.nl')).toBe(FP2);
    expect(memory.get('three@x.nl')).toBe(FP1);
  });
});
