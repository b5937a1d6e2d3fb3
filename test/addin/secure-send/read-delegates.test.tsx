/**
 * @jest-environment ./test/addin/secure-send/environment.ts
 */
// A message to a lawyer is also encrypted to the secretaries she gave the read scope, and only to
// those whose grant her own key signed: the directory's word alone adds no reader. The fake API
// (fixtures.ts) stands in for api/messages and api/directory; test/addin/api/delegations-real.test.ts
// runs the same check against the directory of the real API.
import { signGrant, type DelegationGrant } from '../../../shared/crypto/grants';
import type { DirectoryDelegate } from '../../../shared/delegations/directory-trust';
import { readDelegateKeys } from '../../../addin/secure-send/read-delegates';
import { loadSendCrypto } from '../../../addin/secure-send/crypto-loader';
import type { EncryptionTarget } from '../../../addin/secure-send/preflight';
import type { DirectoryEntry } from '../../../addin/secure-send/types';
import { loadOfficeHost, unloadOfficeHost, type OfficeHostControl } from '../../office-host/load';
import { accountEntry, fakeServer, principalInfo, testKey, type TestKey } from './fixtures';
import { expectAccessible, paneProps, paneReady, readStored, renderPane, screen, spiedCrypto, userEvent, type Spied } from './harness';

const COLLEGA = 'b.de.vries@advocaten.nl';
const OWN = 'mr.a.jansen@kantoor.nl';
const COLLEGA_ID = 'acct_devries_000000000001';

let sender: TestKey;
let colleague: TestKey;
let secretary: TestKey;
let impostor: TestKey;
let stranger: TestKey;

beforeAll(async () => {
  [sender, colleague, secretary, impostor, stranger] = await Promise.all([testKey(), testKey(), testKey(), testKey(), testKey()]);
});

function grantFor(delegateId: string, delegate: TestKey, scopes: string[] = ['read']): DelegationGrant {
  return { principalAccountId: COLLEGA_ID, delegateAccountId: delegateId, delegateFingerprint: delegate.fingerprint, scopes, expiresAt: null, createdAt: '2026-11-01T09:00:00.000Z' };
}

/** A delegate as the directory lists it, with the grant signed by `signer` and the principal key it names. */
async function listed(options: { id: string; delegate: TestKey; signer: TestKey; principalKey?: TestKey; scopes?: string[] }): Promise<DirectoryDelegate> {
  const grant = grantFor(options.id, options.delegate, options.scopes);
  return {
    accountId: options.id,
    publicKey: options.delegate.armored,
    fingerprint: options.delegate.fingerprint,
    grant,
    signature: await signGrant({ principalKey: options.signer.privateKey, grant }),
    principalPublicKey: (options.principalKey ?? colleague).armored,
  };
}

/** The colleague's directory entry with the secretary's genuine grant and two forgeries. */
async function entryWithDelegates(): Promise<DirectoryEntry> {
  return {
    ...accountEntry(COLLEGA, colleague),
    delegates: [
      await listed({ id: 'acct_secretary_000000001', delegate: secretary, signer: colleague }),
      // Signed by someone else's key, while claiming the colleague's key as the principal's.
      await listed({ id: 'acct_impostor_0000000001', delegate: impostor, signer: stranger }),
      // Signed properly, but by another principal: not the key this message is encrypted to for her.
      await listed({ id: 'acct_stranger_0000000001', delegate: stranger, signer: impostor, principalKey: impostor }),
    ],
  };
}

describe('readDelegateKeys', () => {
  it('adds a delegate only with a read grant that the addressee’s own key signed', async () => {
    const crypto = await loadSendCrypto();
    const entry = await entryWithDelegates();
    const target: EncryptionTarget = { address: COLLEGA, court: false, publicKey: colleague.armored, fingerprint: colleague.fingerprint };
    const result = await readDelegateKeys({ targets: [target], entries: [entry], check: crypto.trustedReadDelegates, now: new Date('2026-11-28T09:00:00Z') });
    expect(result.keys).toEqual([{ forAddress: COLLEGA, accountId: 'acct_secretary_000000001', publicKey: secretary.armored, fingerprint: secretary.fingerprint }]);
    expect(result.rejected).toEqual([
      { forAddress: COLLEGA, accountId: 'acct_impostor_0000000001', reason: 'signature-invalid' },
      { forAddress: COLLEGA, accountId: 'acct_stranger_0000000001', reason: 'principal-key-mismatch' },
    ]);
  });

  it('checks against the key the pane trusts for the addressee, not the one the server lists', async () => {
    const crypto = await loadSendCrypto();
    const entry = await entryWithDelegates();
    // The pane remembered another key for this address (the user confirmed a change, or the server swapped it).
    const target: EncryptionTarget = { address: COLLEGA, court: false, publicKey: colleague.armored, fingerprint: stranger.fingerprint };
    const result = await readDelegateKeys({ targets: [target], entries: [entry], check: crypto.trustedReadDelegates, now: new Date('2026-11-28T09:00:00Z') });
    expect(result.keys).toEqual([]);
  });

  it('lists no key twice and never a key the message is encrypted to anyway', async () => {
    const crypto = await loadSendCrypto();
    const entry = await entryWithDelegates();
    const target: EncryptionTarget = { address: COLLEGA, court: false, publicKey: colleague.armored, fingerprint: colleague.fingerprint };
    const result = await readDelegateKeys({ targets: [target, target], entries: [entry], check: crypto.trustedReadDelegates, now: new Date('2026-11-28T09:00:00Z'), exclude: [secretary.fingerprint] });
    expect(result.keys).toEqual([]);
  });

  it('asks nothing for court units or entries without delegates', async () => {
    const check = jest.fn();
    const court: EncryptionTarget = { address: 'griffie@rechtspraak.nl', court: true, publicKey: colleague.armored, fingerprint: colleague.fingerprint };
    const person: EncryptionTarget = { address: COLLEGA, court: false, publicKey: colleague.armored, fingerprint: colleague.fingerprint };
    const result = await readDelegateKeys({ targets: [court, person], entries: [{ ...accountEntry('griffie@rechtspraak.nl', colleague), delegates: [] }, accountEntry(COLLEGA, colleague)], check, now: new Date() });
    expect(result.keys).toEqual([]);
    expect(check).not.toHaveBeenCalled();
  });
});

describe('the pane', () => {
  let host: OfficeHostControl;
  let spied: Spied;

  beforeAll(async () => {
    host = loadOfficeHost();
    spied = await spiedCrypto();
  });
  afterAll(unloadOfficeHost);

  it('encrypts to the verified read delegate as well, without naming her as a recipient', async () => {
    host.reset();
    host.setItem({ to: [{ emailAddress: COLLEGA, displayName: 'mr. B. de Vries' }], subject: 'Concept-akte', body: { html: '<p>Zie bijgaand.</p>' } });
    const self = principalInfo({ accountId: 'acc-jansen', email: OWN, self: true, number: 'A12345' });
    const server = await fakeServer({
      actorAccountId: 'acc-jansen',
      directory: [await entryWithDelegates()],
      principals: { from: OWN, match: 'own-address', suggested: 'acc-jansen', candidates: [self], choices: [self] },
    });
    const props = paneProps({ server, accountId: 'acc-jansen', key: sender, pins: [], crypto: spied.crypto });
    renderPane(props);
    await userEvent.click(await paneReady());
    await screen.findByRole('heading', { name: 'Ontvangstbewijs' });
    await screen.findByText(/Klik in Outlook op Verzenden/);
    await expectAccessible();

    const request = server.api.createMessage.mock.calls[0]![0];
    expect(request.recipients).toEqual([{ address: COLLEGA }]);
    const [stored] = [...server.messages.values()];
    for (const reader of [colleague, secretary]) {
      const opened = await readStored(server, stored!.messageId, reader.privateKey, sender.publicKey);
      expect(opened.subject).toBe('Concept-akte');
    }
    // The delegates of the forged grants cannot open it.
    for (const outsider of [impostor, stranger]) await expect(readStored(server, stored!.messageId, outsider.privateKey, sender.publicKey)).rejects.toThrow();
  });
});
