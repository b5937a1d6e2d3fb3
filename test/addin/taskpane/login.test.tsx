/** @jest-environment ./test/addin/taskpane/environment.ts */
/* eslint-disable @typescript-eslint/require-await -- the fakes answer as the async API they stand in for */
// Login with each second factor (app, SMS, backup code), the client's own KDF floor, and one run
// through the real API client against a fake fetch that records what leaves the pane.
import { waitFor } from '@testing-library/react';
import { createApiClient } from '../../../addin/api/client';
import { createAccountCrypto } from '../../../addin/state/account-crypto';
import { SESSION_KEY } from '../../../addin/state/session-store';
import { TEST_KDF_PARAMS } from '../../../shared/crypto/kdf';
import type { SecondFactorMethod } from '../../../addin/api/types';
import { press, PASSWORD, accountFixture, apiError, expectAccessible, fakeApi, harness, renderApp, screen, session, userEvent } from './helpers';

jest.setTimeout(30_000);

const EMAIL = 'mr.jansen@kantoor.nl';
const ACCOUNT = 'acct_jansen_0123456789ab';
let fixture: Awaited<ReturnType<typeof accountFixture>>;

beforeAll(async () => {
  fixture = await accountFixture({ accountId: ACCOUNT, password: PASSWORD });
});

const me = { accountId: ACCOUNT, email: EMAIL, status: 'active', invitation: { kind: 'lawyer' as const }, fingerprint: 'f', recoveryCodeCreatedAt: null };

/** A server that knows one account: the auth value, the factors, and the wrapped keys it returns. */
function server(methods: SecondFactorMethod[] = ['totp', 'sms', 'backup']) {
  return fakeApi({
    prelogin: async () => ({ kdf: fixture.request.kdf }),
    login: async ({ email, authValue }) =>
      email === EMAIL && authValue === fixture.request.authValue
        ? { stage: 'second-factor', attemptToken: 'attempt_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', methods, expiresAt: '2026-11-28T09:05:00Z' }
        : Promise.reject(apiError('CREDENTIALS_INVALID')),
    sendLoginSms: async () => undefined,
    completeLogin: async ({ method, code }) => {
      const good = { totp: '123456', sms: '654321', backup: 'ABCD-EFGH-JKMN-PQRS' }[method];
      if (code !== good) throw apiError(method === 'totp' ? 'TOTP_INVALID' : method === 'sms' ? 'SMS_CODE_INVALID' : 'BACKUP_CODE_INVALID');
      return { stage: 'full', session: session('full', 'refresh-full-1'), keys: fixture.request.keys, kdf: fixture.request.kdf, notice: method === 'backup' ? 'backup-code-used' : null };
    },
    me: async () => me,
    twoFactorStatus: async () => ({ totp: true, sms: true, phoneLast2: '78', backupCodesLeft: 9, methods, configured: true }),
    professionalStatus: async () => ({ linked: true, active: true, kind: 'lawyer' }),
  });
}

async function passwordStage(h: ReturnType<typeof harness>) {
  const user = userEvent.setup();
  h.services.progress.save('done', EMAIL);
  const rendered = renderApp(h);
  expect(await screen.findByRole('heading', { name: 'Inloggen' })).toBeInTheDocument();
  expect(screen.getByLabelText(/E-mailadres/)).toHaveValue(EMAIL);
  await user.type(screen.getByLabelText(/^Wachtwoord/, { selector: 'input' }), PASSWORD);
  await press(user, 'Inloggen');
  await screen.findByRole('heading', { name: 'Extra inlogmethode' });
  return { user, ...rendered };
}

describe('login', () => {
  it('with the authenticator app: Argon2id here, the auth value out, the wrapped keys unlocked in memory', async () => {
    const api = server();
    const h = harness({ api });
    const { user, container } = await passwordStage(h);
    expect(api.login).toHaveBeenCalledWith({ email: EMAIL, authValue: fixture.request.authValue });
    expect(screen.getByRole('radio', { name: 'Authenticator-app' })).toBeChecked();
    await expectAccessible(container);
    await user.type(screen.getByLabelText(/Code van 6 cijfers uit de app/), '123456');
    await press(user, 'Inloggen');
    expect(await screen.findByText(`Ingelogd als ${EMAIL}`)).toBeInTheDocument();
    expect(api.completeLogin).toHaveBeenCalledWith({ attemptToken: expect.any(String), method: 'totp', code: '123456' });
    expect(h.services.vault.get()?.fingerprint).toBe(fixture.unlocked.fingerprint);
    expect(JSON.parse(h.session.getItem(SESSION_KEY)!)).toMatchObject({ refreshToken: 'refresh-full-1', accountId: ACCOUNT, keys: { wrappedUserKeyByPassword: fixture.request.keys.wrappedUserKeyByPassword } });
    expect(h.session.getItem(SESSION_KEY)).not.toContain(PASSWORD);
    expect(await screen.findByText('Verbinding met de Rechtspraak actief')).toBeInTheDocument();
    await expectAccessible(container);
  });

  it('with an SMS code, sent for this login attempt', async () => {
    const api = server();
    const h = harness({ api });
    const { user } = await passwordStage(h);
    await user.click(screen.getByRole('radio', { name: 'Sms' }));
    await press(user, 'Code sturen');
    expect(api.sendLoginSms).toHaveBeenCalledWith({ attemptToken: 'attempt_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' });
    expect(await screen.findByText(/We hebben een code gestuurd/)).toBeInTheDocument();
    await user.type(screen.getByLabelText(/Code uit de sms/), '654321');
    await press(user, 'Inloggen');
    expect(await screen.findByText(`Ingelogd als ${EMAIL}`)).toBeInTheDocument();
    expect(api.completeLogin).toHaveBeenCalledWith(expect.objectContaining({ method: 'sms', code: '654321' }));
  });

  it('with a backup code, then advises checking the login methods', async () => {
    const api = server();
    const h = harness({ api });
    const { user } = await passwordStage(h);
    await user.click(screen.getByRole('radio', { name: 'Back-upcode' }));
    await user.type(screen.getByRole('textbox', { name: /^Back-upcode/ }), 'ABCD-EFGH-JKMN-PQRS');
    await press(user, 'Inloggen');
    expect(await screen.findByText(/U heeft een back-upcode gebruikt/)).toBeInTheDocument();
    expect(api.completeLogin).toHaveBeenCalledWith(expect.objectContaining({ method: 'backup', code: 'ABCD-EFGH-JKMN-PQRS' }));
  });

  it('shows a wrong code in Dutch and lets the user try again', async () => {
    const api = server(['totp', 'backup']);
    const h = harness({ api });
    const { user } = await passwordStage(h);
    await user.type(screen.getByLabelText(/Code van 6 cijfers/), '000000');
    await press(user, 'Inloggen');
    expect(await screen.findByRole('alert')).toHaveTextContent('Deze code uit uw authenticator-app is niet juist.');
    expect(h.services.vault.get()).toBeNull();
  });

  it('goes back to the password when the login attempt has expired', async () => {
    const api = server();
    api.completeLogin.mockImplementation(async () => Promise.reject(apiError('CHALLENGE_INVALID')));
    const h = harness({ api });
    const { user } = await passwordStage(h);
    await user.type(screen.getByLabelText(/Code van 6 cijfers/), '123456');
    await press(user, 'Inloggen');
    expect(await screen.findByRole('heading', { name: 'Inloggen' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('Deze stap is verlopen. Begin opnieuw.');
  });

  it('refuses a wrong password with one answer for every case', async () => {
    const user = userEvent.setup();
    const h = harness({ api: server() });
    h.services.progress.save('done', EMAIL);
    renderApp(h);
    await user.type(await screen.findByLabelText(/^Wachtwoord/, { selector: 'input' }), 'niet mijn wachtwoord');
    await press(user, 'Inloggen');
    expect(await screen.findByRole('alert')).toHaveTextContent('Het e-mailadres of het wachtwoord is niet juist.');
  });

  it('refuses KDF parameters below the compiled-in floor before sending anything derived from the password', async () => {
    const user = userEvent.setup();
    const api = server();
    const h = harness({ api });
    // Production crypto: no floor override. The test parameters the server sends are below the floor.
    h.services.loadCrypto = () => Promise.resolve(createAccountCrypto());
    h.services.progress.save('done', EMAIL);
    renderApp(h);
    await user.type(await screen.findByLabelText(/^Wachtwoord/, { selector: 'input' }), PASSWORD);
    await press(user, 'Inloggen');
    expect(await screen.findByRole('alert')).toHaveTextContent(/De server vroeg om onveilige wachtwoordinstellingen/);
    expect(api.login).not.toHaveBeenCalled();
  });
});

describe('login through the real API client', () => {
  it('sends only the auth value and codes, bearer tokens only, never cookies', async () => {
    const requests: { method: string; url: string; body: unknown; authorization: string | undefined; credentials: RequestCredentials | undefined }[] = [];
    const answers: Record<string, unknown> = {
      'POST /api/auth/prelogin': { kdf: fixture.request.kdf },
      'POST /api/auth/login': { stage: 'second-factor', attemptToken: 'attempt_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', methods: ['totp', 'backup'], expiresAt: '2026-11-28T09:05:00Z' },
      'POST /api/auth/second-factor': { stage: 'full', session: session('full', 'refresh-real-1'), keys: fixture.request.keys, kdf: fixture.request.kdf, notice: null },
      'GET /api/me': me,
      'GET /api/two-factor': { totp: true, sms: false, phoneLast2: null, backupCodesLeft: 10, methods: ['totp', 'backup'], configured: true },
      'GET /api/professional/status': null,
    };
    const fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const key = `${init?.method ?? 'GET'} ${urlOf(input)}`;
      const headers = (init?.headers ?? {}) as Record<string, string>;
      requests.push({ method: init?.method ?? 'GET', url: urlOf(input), body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined, authorization: headers.Authorization, credentials: init?.credentials });
      if (answers[key] === null) return new Response(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'Not found.' } }), { status: 404 });
      if (!(key in answers)) throw new Error(`unexpected ${key}`);
      return new Response(JSON.stringify(answers[key]), { status: 200, headers: { 'Content-Type': 'application/json' } });
    });
    const h = harness();
    const rotated: (string | null)[] = [];
    const api = createApiClient({ fetch, onSessionChange: (s) => rotated.push(s?.refreshToken ?? null) });
    h.services.progress.save('done', EMAIL);
    const user = userEvent.setup();
    renderApp(h, { api });
    await user.type(await screen.findByLabelText(/^Wachtwoord/, { selector: 'input' }), PASSWORD);
    await press(user, 'Inloggen');
    await user.type(await screen.findByLabelText(/Code van 6 cijfers/), '123 456');
    await press(user, 'Inloggen');
    expect(await screen.findByText(`Ingelogd als ${EMAIL}`)).toBeInTheDocument();
    await waitFor(() => expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(expect.arrayContaining(['GET /api/two-factor', 'GET /api/professional/status'])));

    expect(requests.slice(0, 4)).toEqual([
      { method: 'POST', url: '/api/auth/prelogin', body: { email: EMAIL }, authorization: undefined, credentials: 'omit' },
      { method: 'POST', url: '/api/auth/login', body: { email: EMAIL, authValue: fixture.request.authValue }, authorization: undefined, credentials: 'omit' },
      { method: 'POST', url: '/api/auth/second-factor', body: { attemptToken: 'attempt_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', method: 'totp', code: '123 456' }, authorization: undefined, credentials: 'omit' },
      { method: 'GET', url: '/api/me', body: undefined, authorization: 'Bearer access-full', credentials: 'omit' },
    ]);
    for (const r of requests) expect(r.credentials).toBe('omit');
    expect(JSON.stringify(requests)).not.toContain(PASSWORD);
    expect(rotated).toEqual(['refresh-real-1']);
    expect(h.services.vault.get()?.fingerprint).toBe(fixture.unlocked.fingerprint);
    expect(TEST_KDF_PARAMS.memoryKiB).toBe(fixture.request.kdf.memoryKiB);
  });
});

function urlOf(input: RequestInfo | URL): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

it('fetches the crypto while the password is still being typed, not only once it is sent', async () => {
  const h = harness({ api: server() });
  const load = jest.fn(() => Promise.resolve(createAccountCrypto({ kdfCost: TEST_KDF_PARAMS, floor: TEST_KDF_PARAMS })));
  h.services.loadCrypto = load;
  h.services.progress.save('done', EMAIL);
  renderApp(h);
  await screen.findByRole('heading', { name: 'Inloggen' });
  await waitFor(() => expect(load).toHaveBeenCalled());
  expect(h.api.login).not.toHaveBeenCalled();
});
