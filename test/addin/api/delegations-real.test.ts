// The taskpane's API client and Secure send's client (on the same session's access token) against the
// real API over loopback HTTP on the embedded engine: a lawyer looks up a secretary, signs a grant
// with her key after a step-up, the secretary accepts it, the directory then lists her as a read
// delegate whose grant the sending client verifies, and a revocation takes her off again; the lawyer
// reads and changes her own settings. The component tests (test/addin/taskpane/delegations.test.tsx)
// drive the screens over a fake client.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { startTestApi, type TestApi } from '../../helpers/api';
import { linkBarNumber, onboard, type OnboardedUser } from '../../helpers/onboarding';
import { createApiClient } from '../../../addin/api/client';
import type { ApiClient } from '../../../addin/api/types';
import { createAccountCrypto } from '../../../addin/state/account-crypto';
import { sessionSecureSendApi } from '../../../addin/taskpane/secure-send-services';
import { loadSendCrypto } from '../../../addin/secure-send/crypto-loader';
import { readDelegateKeys } from '../../../addin/secure-send/read-delegates';
import { TEST_KDF_PARAMS } from '../../../shared/crypto/kdf';

jest.setTimeout(180_000);

let api: TestApi;
let server: Server;
let base = '';
let now = new Date('2026-11-28T09:00:00Z');
const clock = { now: () => now, advance: (s: number) => (now = new Date(now.getTime() + s * 1000)) };
let lawyer: OnboardedUser;
let secretary: OnboardedUser;
const crypto = createAccountCrypto({ kdfCost: TEST_KDF_PARAMS, floor: TEST_KDF_PARAMS });

beforeAll(async () => {
  api = await startTestApi({ now: clock.now });
  lawyer = await onboard(api, { email: 'mr.jansen@advocaten.nl', clock });
  secretary = await onboard(api, { email: 'secretariaat@advocaten.nl', clock });
  await linkBarNumber(api, lawyer, 'A12345', 'Mr. Jansen');
  server = api.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await api?.close();
});

/** Logs in through the client as the Login screen does; returns the client and the password's auth value. */
async function loggedIn(user: OnboardedUser): Promise<{ client: ApiClient; authValue: string }> {
  const client = createApiClient({ fetch: (input, init) => fetch(input, init), baseUrl: base, now: () => clock.now().getTime() });
  const { kdf } = await client.prelogin({ email: user.email });
  const { authValue } = await crypto.passwordKeys({ password: user.password, kdf });
  const attempt = await client.login({ email: user.email, authValue });
  if (attempt.stage !== 'second-factor') throw new Error('expected a second factor');
  await client.completeLogin({ attemptToken: attempt.attemptToken, method: 'totp', code: user.nextCode() });
  return { client, authValue };
}

it('grants, accepts, lists the read delegate for senders to verify, and revokes', async () => {
  const principal = await loggedIn(lawyer);
  const delegate = await loggedIn(secretary);

  // Someone without an account: the API explains what is missing, in Dutch and English.
  await expect(principal.client.lookupDelegate({ email: 'nog.niemand@advocaten.nl' })).rejects.toMatchObject({ code: 'DELEGATE_NOT_READY', texts: { nl: expect.stringContaining('stap 2 en 3'), en: expect.stringContaining('steps 2 and 3') } });

  const candidate = await principal.client.lookupDelegate({ email: secretary.email });
  expect(candidate).toMatchObject({ accountId: secretary.accountId, email: secretary.email, fingerprint: secretary.keys.fingerprint });

  const stepUp = await principal.client.stepUp({ authValue: principal.authValue, method: 'totp', code: lawyer.nextCode(), purpose: 'grant-delegation' });
  const grant = { principalAccountId: lawyer.accountId, delegateAccountId: candidate.accountId, delegateFingerprint: candidate.fingerprint, scopes: ['read', 'send_on_behalf'], expiresAt: null, createdAt: clock.now().toISOString() };
  const signature = await crypto.signGrant({ keys: lawyer.keys, grant });
  const created = await principal.client.grantDelegation({ grant, signature, stepUpToken: stepUp.stepUpToken });
  expect(created).toMatchObject({ state: 'created', delegate: { email: secretary.email }, grant });

  const held = (await delegate.client.listDelegations()).held;
  expect(held.map((g) => [g.grantId, g.state, g.principal.email])).toEqual([[created.grantId, 'created', lawyer.email]]);
  await expect(delegate.client.acceptDelegation(created.grantId)).resolves.toMatchObject({ state: 'active' });
  await expect(delegate.client.acceptDelegation(created.grantId)).rejects.toMatchObject({ code: 'DELEGATION_STATE_INVALID' });
  expect((await principal.client.listDelegations()).given.map((g) => g.state)).toEqual(['active']);

  // A colleague's Secure send looks the lawyer up on its own session's token and keeps the secretary.
  const colleague = await loggedIn(secretary);
  const secureSend = sessionSecureSendApi({ api: colleague.client, fetch: (input, init) => fetch(input, init), baseUrl: base });
  const sendCrypto = await loadSendCrypto();
  const readers = async () => {
    const entries = await secureSend.lookupKeys([lawyer.email]);
    const target = { address: lawyer.email, court: false, publicKey: entries[0]!.publicKey!, fingerprint: lawyer.keys.fingerprint };
    return readDelegateKeys({ targets: [target], entries, check: sendCrypto.trustedReadDelegates, now: clock.now() });
  };
  expect((await readers()).keys.map((k) => k.accountId)).toEqual([secretary.accountId]);

  await expect(principal.client.revokeDelegation(created.grantId)).resolves.toMatchObject({ state: 'revoked' });
  expect((await readers()).keys).toEqual([]);
});

it('reads and changes the lawyer’s own delegation settings; the overview carries them too', async () => {
  const principal = await loggedIn(lawyer);
  await expect(principal.client.delegationSettings()).resolves.toEqual({ showOnlyPrincipalName: false, onBehalfNotice: 'each' });
  await expect(principal.client.updateDelegationSettings({ showOnlyPrincipalName: true })).resolves.toEqual({ showOnlyPrincipalName: true, onBehalfNotice: 'each' });
  await expect(principal.client.updateDelegationSettings({ onBehalfNotice: 'daily' })).resolves.toEqual({ showOnlyPrincipalName: true, onBehalfNotice: 'daily' });
  expect((await principal.client.listDelegations()).settings).toEqual({ showOnlyPrincipalName: true, onBehalfNotice: 'daily' });
  // Refused as a whole (closed schema): nothing half-written.
  await expect(principal.client.updateDelegationSettings({ onBehalfNotice: 'hourly' as 'daily', showOnlyPrincipalName: false })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  await expect(principal.client.delegationSettings()).resolves.toEqual({ showOnlyPrincipalName: true, onBehalfNotice: 'daily' });
  // Each account has its own: the secretary's are untouched.
  await expect((await loggedIn(secretary)).client.delegationSettings()).resolves.toEqual({ showOnlyPrincipalName: false, onBehalfNotice: 'each' });
});

it('tells Secure send that the session is over when the client has none', async () => {
  const client = createApiClient({ fetch: (input, init) => fetch(input, init), baseUrl: base });
  const secureSend = sessionSecureSendApi({ api: client, fetch: (input, init) => fetch(input, init), baseUrl: base });
  await expect(secureSend.lookupKeys([lawyer.email])).rejects.toMatchObject({ name: 'SecureSendApiError', code: 'AUTH_REQUIRED' });
});
