// Delegation grants signed by the principal: any change to the grant, or another signer, fails verification.
import { canonicalJson } from '../../../shared/crypto/canonical-json';
import { grantSigningBytes, signGrant, verifyGrant, type DelegationGrant } from '../../../shared/crypto/grants';
import { expectCode, expectCodeSync } from './helpers';
import { makeKeys, type TestKeys } from './message-fixtures';

let lawyer: TestKeys;
let secretary: TestKeys;
let other: TestKeys;

beforeAll(async () => {
  [lawyer, secretary, other] = await Promise.all([makeKeys(), makeKeys(), makeKeys()]);
});

function grant(overrides: Partial<DelegationGrant> = {}): DelegationGrant {
  return {
    principalAccountId: 'acc-lawyer',
    delegateAccountId: 'acc-secretary',
    delegateFingerprint: secretary.fingerprint,
    scopes: ['send', 'read'],
    expiresAt: null,
    createdAt: '2025-03-01T09:00:00.000Z',
    ...overrides,
  };
}

describe('canonical JSON', () => {
  it('sorts keys at every level, keeps array order, and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1, { z: null, y: 'é' }], c: true } })).toBe('{"a":{"c":true,"d":[3,1,{"y":"é","z":null}]},"b":1}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ a: new Date(0) })).toThrow(TypeError);
  });

  it('is what the principal signs, with purpose and version and the scopes as a sorted set', () => {
    const text = new TextDecoder().decode(grantSigningBytes(grant()));
    expect(text).toBe(
      `{"createdAt":"2025-03-01T09:00:00.000Z","delegateAccountId":"acc-secretary","delegateFingerprint":"${secretary.fingerprint}","expiresAt":null,"principalAccountId":"acc-lawyer","purpose":"zegel-delegation-grant","scopes":["read","send"],"version":1}`,
    );
  });
});

describe('signing and verifying', () => {
  it('verifies a grant signed by the principal', async () => {
    const signature = await signGrant({ principalKey: lawyer.privateKey, grant: grant() });
    expect(signature).toMatch(/^-----BEGIN PGP SIGNATURE-----/);
    await expect(verifyGrant({ grant: grant(), signature, principalPublicKey: lawyer.publicKey })).resolves.toBe(true);
    await expect(verifyGrant({ grant: grant(), signature, principalPublicKey: lawyer.publicKey.armor() })).resolves.toBe(true);
    // Scopes are a set: the same grant with its scopes in another order still verifies.
    await expect(verifyGrant({ grant: grant({ scopes: ['read', 'send'] }), signature, principalPublicKey: lawyer.publicKey })).resolves.toBe(true);
  });

  it('fails for any change to the grant', async () => {
    const signature = await signGrant({ principalKey: lawyer.privateKey, grant: grant({ expiresAt: '2025-09-01T00:00:00.000Z' }) });
    const changed: Partial<DelegationGrant>[] = [
      { scopes: ['send', 'read', 'settings'], expiresAt: '2025-09-01T00:00:00.000Z' },
      { scopes: ['send'], expiresAt: '2025-09-01T00:00:00.000Z' },
      { expiresAt: null },
      { expiresAt: '2026-09-01T00:00:00.000Z' },
      { delegateFingerprint: other.fingerprint, expiresAt: '2025-09-01T00:00:00.000Z' },
      { delegateAccountId: 'acc-other', expiresAt: '2025-09-01T00:00:00.000Z' },
      { principalAccountId: 'acc-other', expiresAt: '2025-09-01T00:00:00.000Z' },
      { createdAt: '2025-03-01T09:00:01.000Z', expiresAt: '2025-09-01T00:00:00.000Z' },
    ];
    for (const change of changed) {
      await expect(verifyGrant({ grant: grant(change), signature, principalPublicKey: lawyer.publicKey })).resolves.toBe(false);
    }
    await expect(verifyGrant({ grant: { ...grant({ expiresAt: '2025-09-01T00:00:00.000Z' }), extra: 1 } as DelegationGrant, signature, principalPublicKey: lawyer.publicKey })).resolves.toBe(false);
  });

  it('fails for a signature by another key, and for garbage', async () => {
    const byOther = await signGrant({ principalKey: other.privateKey, grant: grant() });
    await expect(verifyGrant({ grant: grant(), signature: byOther, principalPublicKey: lawyer.publicKey })).resolves.toBe(false);
    const genuine = await signGrant({ principalKey: lawyer.privateKey, grant: grant() });
    await expect(verifyGrant({ grant: grant(), signature: genuine, principalPublicKey: other.publicKey })).resolves.toBe(false);
    await expect(verifyGrant({ grant: grant(), signature: 'not a signature', principalPublicKey: lawyer.publicKey })).resolves.toBe(false);
    await expect(verifyGrant({ grant: grant(), signature: genuine, principalPublicKey: 'not a key' })).resolves.toBe(false);
  });

  it('refuses to sign a malformed grant', async () => {
    await expectCode(signGrant({ principalKey: lawyer.privateKey, grant: grant({ scopes: [] }) }), 'INVALID_INPUT');
    await expectCode(signGrant({ principalKey: lawyer.privateKey, grant: grant({ scopes: ['read', 'read'] }) }), 'INVALID_INPUT');
    await expectCode(signGrant({ principalKey: lawyer.privateKey, grant: grant({ delegateAccountId: 'acc-lawyer' }) }), 'INVALID_INPUT');
    await expectCode(signGrant({ principalKey: lawyer.privateKey, grant: grant({ expiresAt: '2025-02-01T00:00:00.000Z' }) }), 'INVALID_INPUT');
    await expectCode(signGrant({ principalKey: lawyer.privateKey, grant: grant({ delegateFingerprint: 'ABC' }) }), 'INVALID_INPUT');
    expectCodeSync(() => grantSigningBytes(grant({ createdAt: 'yesterday' })), 'INVALID_INPUT');
  });
});
