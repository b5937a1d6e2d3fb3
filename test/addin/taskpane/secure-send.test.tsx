/** @jest-environment ./test/addin/secure-send/environment.ts */
/* eslint-disable @typescript-eslint/require-await -- the fakes answer as the async API they stand in for */
// Secure send mounted in the taskpane app: on a draft the signed-in home is Secure send; the query
// ?view=secure-send opens it too; a reopened pane asks for the password to open the keys and comes
// back; a session that ends shows the login, and the login comes back to Secure send. The Office host
// simulator stands in for Outlook, the fake ApiClient (helpers.tsx) for the session API and the fake
// Secure send server (test/addin/secure-send/fixtures.ts) for api/messages; the real clients against
// the real API: test/addin/api/delegations-real.test.ts and test/addin/secure-send/real-api.test.ts.
import { waitFor } from '@testing-library/react';
import { officeCompose } from '../../../addin/secure-send/office-compose';
import { memoryPendingSends } from '../../../addin/secure-send/send-flow';
import { loadSendCrypto } from '../../../addin/secure-send/crypto-loader';
import { SecureSendApiError } from '../../../addin/secure-send/types';
import { fingerprintStorageKey, storedFingerprintMemory } from '../../../addin/state/fingerprint-memory';
import type { OfficeCapabilities } from '../../../addin/taskpane/capabilities';
import type { SecureSendServices } from '../../../addin/taskpane/services';
import { decryptMessage } from '../../../shared/crypto/messages';
import { loadOfficeHost, unloadOfficeHost, type OfficeHostControl } from '../../office-host/load';
import { ISSUER, accountEntry, fakeServer, principalInfo, testKey, type FakeServer, type TestKey } from '../secure-send/fixtures';
import { PASSWORD, accountFixture, apiError, expectAccessible, fakeApi, harness, press, renderApp, screen, session, userEvent, type FakeApi } from './helpers';

jest.setTimeout(60_000);

const EMAIL = 'mr.a.jansen@kantoor.nl';
const ACCOUNT = 'acct_jansen_0123456789ab';
const COLLEGA = 'b.de.vries@advocaten.nl';
let fixture: Awaited<ReturnType<typeof accountFixture>>;
let colleague: TestKey;
let host: OfficeHostControl;

beforeAll(async () => {
  host = loadOfficeHost();
  [fixture, colleague] = await Promise.all([accountFixture({ accountId: ACCOUNT, password: PASSWORD }), testKey()]);
});
afterAll(unloadOfficeHost);

beforeEach(() => {
  host.reset();
  host.setItem({ to: [{ emailAddress: COLLEGA, displayName: 'mr. B. de Vries' }], subject: 'Conclusie', body: { html: '<p>Zie bijlage.</p>' } });
  window.history.replaceState(null, '', '/taskpane.html');
});

const me = { accountId: ACCOUNT, email: EMAIL, status: 'active', invitation: { kind: 'lawyer' as const }, fingerprint: 'f', recoveryCodeCreatedAt: null };

/** The session API of one lawyer: login with the app code, or a kept session resumed. */
function sessionApi(): FakeApi {
  return fakeApi({
    prelogin: async () => ({ kdf: fixture.request.kdf }),
    login: async ({ authValue }) =>
      authValue === fixture.request.authValue ? { stage: 'second-factor', attemptToken: 'attempt_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', methods: ['totp'], expiresAt: '2026-11-28T09:05:00Z' } : Promise.reject(apiError('CREDENTIALS_INVALID')),
    completeLogin: async () => ({ stage: 'full', session: session('full', 'refresh-login'), keys: fixture.request.keys, kdf: fixture.request.kdf, notice: null }),
    resumeSession: async () => session('full', 'refresh-resumed'),
    me: async () => me,
    twoFactorStatus: async () => ({ totp: true, sms: false, phoneLast2: null, backupCodesLeft: 10, methods: ['totp', 'backup'], configured: true }),
    professionalStatus: async () => ({ linked: true, active: true, kind: 'lawyer' }),
  });
}

async function secureSendServer(): Promise<FakeServer> {
  const self = principalInfo({ accountId: ACCOUNT, email: EMAIL, self: true, number: 'A12345' });
  return fakeServer({ actorAccountId: ACCOUNT, directory: [accountEntry(COLLEGA, colleague)], principals: { from: EMAIL, match: 'own-address', suggested: ACCOUNT, candidates: [self], choices: [self] } });
}

async function secureSendServices(server: FakeServer, local: ReturnType<typeof harness>['local']): Promise<SecureSendServices> {
  const crypto = await loadSendCrypto();
  return {
    api: server.api,
    courtKeyPins: [],
    receiptIssuer: ISSUER,
    fingerprintMemory: (accountId) => storedFingerprintMemory(local, accountId),
    loadCrypto: () => Promise.resolve(crypto),
    pendingSends: memoryPendingSends(),
    retryDelaysMs: [0, 0],
    sleep: () => Promise.resolve(),
    download: jest.fn(),
  };
}

const composing = (): OfficeCapabilities => ({ mailboxAddress: () => EMAIL, compose: officeCompose() });

/** A pane reopened within the session: the refresh token and the wrapped keys kept, nothing unlocked. */
function keptSession(h: ReturnType<typeof harness>): void {
  h.services.progress.save('done', EMAIL);
  h.services.sessions.save({ refreshToken: 'refresh-kept', email: EMAIL, accountId: ACCOUNT, keys: fixture.request.keys, kdf: fixture.request.kdf });
}

async function build(options: { api?: FakeApi; server?: FakeServer } = {}) {
  const server = options.server ?? (await secureSendServer());
  const base = harness({ api: options.api ?? sessionApi() });
  const h = harness({ api: base.api, local: base.local, session: base.session, secureSend: await secureSendServices(server, base.local) });
  return { h, server };
}

/** The pane has read the draft and the principals. */
async function paneSettled(name = 'Controleren en veilig versturen'): Promise<HTMLElement> {
  const button = await screen.findByRole('button', { name });
  await waitFor(() => expect(screen.queryByText(/Het concept wordt gelezen|Reading the draft/)).toBeNull());
  return button;
}

async function logIn(user: ReturnType<typeof userEvent.setup>) {
  await screen.findByRole('heading', { name: 'Inloggen' });
  await user.type(screen.getByLabelText(/^Wachtwoord/, { selector: 'input' }), PASSWORD);
  await press(user, 'Inloggen');
  await user.type(await screen.findByLabelText(/Code van 6 cijfers/), '123456');
  await press(user, 'Inloggen');
}

describe('Secure send in the taskpane', () => {
  it('is the home after login on a draft, and sends with the unlocked keys, the pins, the issuer and the fingerprint memory', async () => {
    const user = userEvent.setup();
    const { h, server } = await build();
    h.services.progress.save('done', EMAIL);
    const { container } = renderApp(h, { host: { kind: 'outlook', displayLanguage: 'nl-NL', dark: false }, office: composing() });
    await logIn(user);

    const send = await paneSettled();
    expect(screen.getByRole('heading', { name: 'Veilig versturen' })).toBeInTheDocument();
    expect(screen.getByRole('navigation').textContent).toContain(`Ingelogd als ${EMAIL}`);
    await expectAccessible(container);

    await user.click(send);
    await screen.findByRole('heading', { name: 'Ontvangstbewijs' });
    await screen.findByText(/Klik in Outlook op Verzenden/);
    // Encrypted to the colleague and signed with the key the login unlocked; the receipt verified against ISSUER.
    const [stored] = [...server.messages.values()];
    const opened = await decryptMessage({
      parts: stored!.request.parts,
      fetchChunk: (partId, index) => Promise.resolve(stored!.chunks.get(`${partId}/${index}`)!.bytes),
      decryptionKeys: [colleague.privateKey],
      expectedSigners: [fixture.unlocked.publicKey],
    });
    expect(opened.subject).toBe('Conclusie');
    // Trust on first use, kept for this account in localStorage.
    expect(storedFingerprintMemory(h.local, ACCOUNT).get(COLLEGA)).toBe(colleague.fingerprint);
    expect(h.local.getItem(fingerprintStorageKey(ACCOUNT))).toContain(COLLEGA);
    await expectAccessible(container);

    // The overview stays reachable, with a way back to Secure send.
    await press(user, 'Naar het overzicht');
    await screen.findByText(`Ingelogd als ${EMAIL}`);
    expect(await screen.findByRole('button', { name: 'Veilig versturen' })).toBeInTheDocument();
  });

  it('opens with ?view=secure-send, and outside a draft says where Secure send works', async () => {
    const { h } = await build();
    keptSession(h);
    h.services.vault.set(fixture.unlocked);
    window.history.replaceState(null, '', '/taskpane.html?view=secure-send');
    const { container } = renderApp(h, { office: { mailboxAddress: () => null } });
    expect(await screen.findByText(/Veilig versturen werkt vanuit een nieuw bericht in Outlook/)).toBeInTheDocument();
    await expectAccessible(container);
  });

  it('opens the overview, not Secure send, without a draft or the query', async () => {
    const { h } = await build();
    keptSession(h);
    h.services.vault.set(fixture.unlocked);
    renderApp(h, { office: { mailboxAddress: () => null } });
    expect(await screen.findByText(`Ingelogd als ${EMAIL}`)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Veilig versturen' })).toBeNull();
    expect(screen.queryByText(/Veilig versturen werkt vanuit/)).toBeNull();
  });

  it('asks for the password when the reopened pane has no keys, then returns to Secure send', async () => {
    const user = userEvent.setup();
    const { h } = await build();
    keptSession(h);
    const { container } = renderApp(h, { host: { kind: 'outlook', displayLanguage: 'nl-NL', dark: false }, office: composing() });
    expect(await screen.findByRole('heading', { name: 'Open uw sleutels' })).toBeInTheDocument();
    expect(h.api.resumeSession).toHaveBeenCalledWith('refresh-kept');
    await expectAccessible(container);

    await user.type(screen.getByLabelText(/^Wachtwoord/, { selector: 'input' }), 'niet het wachtwoord');
    await press(user, 'Openen');
    expect(await screen.findByRole('alert')).toHaveTextContent('Uw sleutels konden niet worden geopend.');
    expect(h.services.vault.get()).toBeNull();

    await user.clear(screen.getByLabelText(/^Wachtwoord/, { selector: 'input' }));
    await user.type(screen.getByLabelText(/^Wachtwoord/, { selector: 'input' }), PASSWORD);
    await press(user, 'Openen');
    await paneSettled();
    expect(h.services.vault.get()?.fingerprint).toBe(fixture.unlocked.fingerprint);
    // No second factor was asked: the kept session already had one.
    expect(h.api.completeLogin).not.toHaveBeenCalled();
  });

  it('shows the login when the session ends in Secure send, and comes back to it after logging in', async () => {
    const user = userEvent.setup();
    const server = await secureSendServer();
    const principals = server.api.principals.getMockImplementation()!;
    server.api.principals.mockImplementationOnce(() => Promise.reject(new SecureSendApiError({ code: 'SESSION_EXPIRED', status: 401 })));
    const { h } = await build({ server });
    keptSession(h);
    h.services.vault.set(fixture.unlocked);
    renderApp(h, { host: { kind: 'outlook', displayLanguage: 'nl-NL', dark: false }, office: composing() });
    expect(await screen.findByText('Uw sessie is beëindigd. Log opnieuw in.')).toBeInTheDocument();
    expect(h.services.vault.get()).toBeNull();
    expect(h.services.sessions.load()).toBeNull();

    server.api.principals.mockImplementation(principals);
    await logIn(user);
    await paneSettled();
  });

  it('speaks English when Outlook does', async () => {
    const user = userEvent.setup();
    const { h } = await build();
    keptSession(h);
    const { container } = renderApp(h, { host: { kind: 'outlook', displayLanguage: 'en-GB', dark: false }, office: composing() });
    expect(await screen.findByRole('heading', { name: 'Open your keys' })).toBeInTheDocument();
    await user.type(screen.getByLabelText(/^Password/, { selector: 'input' }), PASSWORD);
    await press(user, 'Open');
    await paneSettled('Check and send securely');
    expect(screen.getByRole('heading', { name: 'Secure send' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'To the overview' })).toBeInTheDocument();
    await expectAccessible(container);
  });
});
