// Court keys only when pinned; people's keys on first use, with a warning when one changes.
import { courtKeyTrust, mayEncryptWithoutAsking, parsePins, personKeyTrust, type FingerprintMemory } from '../../../shared/keys/trust';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

it('reads the build’s pin list, ignoring anything that is not a fingerprint', () => {
  expect(parsePins(` ${A.toUpperCase()} , nonsense,${B}`)).toEqual([A, B]);
  expect(parsePins(undefined)).toEqual([]);
});

it('trusts a court key only when its fingerprint is pinned', () => {
  expect(courtKeyTrust(A, [A])).toEqual({ status: 'pinned' });
  expect(courtKeyTrust(B, [A])).toEqual({ status: 'pin-mismatch' });
  expect(mayEncryptWithoutAsking(courtKeyTrust(B, [A]))).toBe(false);
  expect(courtKeyTrust(A, [])).toEqual({ status: 'pin-mismatch' });
});

it('remembers a person’s key on first use and warns when it changes', () => {
  const seen = new Map<string, string>();
  const memory: FingerprintMemory = { get: (a) => seen.get(a), set: (a, f) => void seen.set(a, f) };
  expect(personKeyTrust('Mr.X@kantoor.nl', A, memory)).toEqual({ status: 'first-use' });
  expect(personKeyTrust('mr.x@kantoor.nl', A, memory)).toEqual({ status: 'known' });
  const changed = personKeyTrust('mr.x@kantoor.nl', B, memory);
  expect(changed).toEqual({ status: 'changed', previousFingerprint: A });
  expect(mayEncryptWithoutAsking(changed)).toBe(false);
});
