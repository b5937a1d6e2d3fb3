// The sending client's check of read delegates: only a grant the principal's own (pinned) key signed,
// for this delegate's key, with the read scope and not expired, is trusted.
import { signGrant, type DelegationGrant } from '../../../shared/crypto/grants';
import { trustedReadDelegates, type DirectoryDelegate } from '../../../shared/delegations/directory-trust';
import { makeKeys, type TestKeys } from '../crypto/message-fixtures';

jest.setTimeout(60_000);

let lawyer: TestKeys;
let secretary: TestKeys;
let intruder: TestKeys;
const now = new Date();

beforeAll(async () => {
  [lawyer, secretary, intruder] = await Promise.all([makeKeys(), makeKeys(), makeKeys()]);
});

function grant(delegate: TestKeys, accountId: string, overrides: Partial<DelegationGrant> = {}): DelegationGrant {
  return { principalAccountId: 'acc-lawyer', delegateAccountId: accountId, delegateFingerprint: delegate.fingerprint, scopes: ['read'], expiresAt: null, createdAt: new Date(now.getTime() - 60_000).toISOString(), ...overrides };
}

function entry(delegates: DirectoryDelegate[]) {
  return { publicKey: lawyer.publicKey.armor(), fingerprint: lawyer.fingerprint, delegates };
}

async function delegateOf(keys: TestKeys, accountId: string, g: DelegationGrant, signer: TestKeys = lawyer): Promise<DirectoryDelegate> {
  return { accountId, publicKey: keys.publicKey.armor(), fingerprint: keys.fingerprint, grant: g, signature: await signGrant({ principalKey: signer.privateKey, grant: g }), principalPublicKey: lawyer.publicKey.armor() };
}

describe('trustedReadDelegates', () => {
  it('trusts the grant the lawyer signed and rejects forgeries with the reason', async () => {
    const good = await delegateOf(secretary, 'acc-secretary', grant(secretary, 'acc-secretary'));
    const selfSigned = await delegateOf(intruder, 'acc-intruder', grant(intruder, 'acc-intruder'), intruder);
    const copied = { ...(await delegateOf(intruder, 'acc-intruder2', grant(intruder, 'acc-intruder2'))), signature: good.signature };
    const swappedKey = { ...good, accountId: 'acc-secretary', publicKey: intruder.publicKey.armor() };
    const sendOnly = await delegateOf(secretary, 'acc-s2', grant(secretary, 'acc-s2', { scopes: ['send_on_behalf'] }));
    const expired = await delegateOf(secretary, 'acc-s3', grant(secretary, 'acc-s3', { expiresAt: new Date(now.getTime() - 1000).toISOString() }));
    const otherPrincipalKey = { ...(await delegateOf(secretary, 'acc-s4', grant(secretary, 'acc-s4'), intruder)), principalPublicKey: intruder.publicKey.armor() };

    const result = await trustedReadDelegates({ entry: entry([good, selfSigned, copied, swappedKey, sendOnly, expired, otherPrincipalKey]), now });
    expect(result.trusted.map((d) => d.accountId)).toEqual(['acc-secretary']);
    expect(result.rejected).toEqual([
      { accountId: 'acc-intruder', reason: 'signature-invalid' },
      { accountId: 'acc-intruder2', reason: 'signature-invalid' },
      { accountId: 'acc-secretary', reason: 'delegate-key-mismatch' },
      { accountId: 'acc-s2', reason: 'not-read-scope' },
      { accountId: 'acc-s3', reason: 'expired' },
      { accountId: 'acc-s4', reason: 'principal-key-mismatch' },
    ]);
  });

  it('checks against the fingerprint the client pinned, not only what the server sent', async () => {
    const good = await delegateOf(secretary, 'acc-secretary', grant(secretary, 'acc-secretary'));
    expect((await trustedReadDelegates({ entry: entry([good]), principalFingerprint: lawyer.fingerprint, now })).trusted).toHaveLength(1);
    expect((await trustedReadDelegates({ entry: entry([good]), principalFingerprint: intruder.fingerprint, now })).rejected).toEqual([{ accountId: 'acc-secretary', reason: 'principal-key-mismatch' }]);
    expect(await trustedReadDelegates({ entry: { publicKey: lawyer.publicKey.armor() }, now })).toEqual({ trusted: [], rejected: [] });
  });
});
