/** @jest-environment ./test/addin/taskpane/environment.ts */
/* eslint-disable @typescript-eslint/require-await -- the fakes answer as the async API they stand in for */
// The web app mounted in the taskpane app: the overview's "Secure messages" opens the inbox; a
// notification mail's `#message=<id>` link opens that message after login; in Outlook's reading pane
// (`?view=inbox`) the message the open mail's notification link names is opened, and a mail without
// one opens the inbox. The fake ApiClient (helpers.tsx) stands in for the session API, and a recording
// fake for the web app's API (api/messages); the web app's screens against the real API are tested in
// test/addin/webapp/ (inbox.test.tsx, court-desk.test.tsx).
import { waitFor } from '@testing-library/react';
import { SecureSendApiError } from '../../../addin/secure-send/types';
import type { WebAppApi } from '../../../addin/webapp/types';
import type { OfficeCapabilities } from '../../../addin/taskpane/capabilities';
import { PASSWORD, accountFixture, apiError, expectAccessible, fakeApi, fragment, harness, press, renderApp, screen, session, userEvent, type FakeApi } from './helpers';

jest.setTimeout(60_000);

const EMAIL = 'mr.a.jansen@kantoor.nl';
const ACCOUNT = 'acct_jansen_0123456789ab';
const ORIGIN = 'https://zegel.test';
const MESSAGE = 'msg_0123456789abcdefghij';
let fixture: Awaited<ReturnType<typeof accountFixture>>;

beforeAll(async () => {
  fixture = await accountFixture({ accountId: ACCOUNT, password: PASSWORD });
});

const me = { accountId: ACCOUNT, email: EMAIL, status: 'active', invitation: { kind: 'lawyer' as const }, fingerprint: 'f', recoveryCodeCreatedAt: null };

function sessionApi(): FakeApi {
  return fakeApi({
    prelogin: async () => ({ kdf: fixture.request.kdf }),
    login: async ({ authValue }) =>
      authValue === fixture.request.authValue ? { stage: 'second-factor', attemptToken: 'attempt_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', methods: ['totp'], expiresAt: '2026-11-28T09:05:00Z' } : Promise.reject(apiError('CREDENTIALS_INVALID')),
    completeLogin: async () => ({ stage: 'full', session: session('full', 'refresh-login'), keys: fixture.request.keys, kdf: fixture.request.kdf, notice: null }),
    me: async () => me,
    twoFactorStatus: async () => ({ totp: true, sms: false, phoneLast2: null, backupCodesLeft: 10, methods: ['totp', 'backup'], configured: true }),
    professionalStatus: async () => ({ linked: true, active: true, kind: 'lawyer' }),
  });
}

/** The web app's API with an empty inbox; any message asked for is unknown. Records what was asked. */
function webAppApi() {
  const asked: { lists: string[]; messages: string[] } = { lists: [], messages: [] };
  const api = new Proxy({} as WebAppApi, {
    get: (_target, name) => {
      switch (name) {
        case 'listMessages':
          return async (box: unknown) => {
            asked.lists.push(JSON.stringify(box));
            return [];
          };
        case 'readPrincipals':
        case 'memberships':
          return async () => [];
        case 'getMessage':
          return async (messageId: string) => {
            asked.messages.push(messageId);
            throw new SecureSendApiError({ code: 'NOT_FOUND', status: 404 });
          };
        default:
          return () => {
            throw new Error(`unexpected web app call: ${String(name)}`);
          };
      }
    },
  });
  return { api, asked };
}

function build() {
  const web = webAppApi();
  const base = harness({ api: sessionApi() });
  const h = harness({ api: base.api, local: base.local, session: base.session, webApp: web.api });
  h.services.secureSend = { ...h.services.secureSend, receiptIssuer: ORIGIN };
  h.services.progress.save('done', EMAIL);
  return { h, web };
}

async function logIn(user: ReturnType<typeof userEvent.setup>) {
  await screen.findByRole('heading', { name: 'Inloggen' });
  await user.type(screen.getByLabelText(/^Wachtwoord/, { selector: 'input' }), PASSWORD);
  await press(user, 'Inloggen');
  await user.type(await screen.findByLabelText(/Code van 6 cijfers/), '123456');
  await press(user, 'Inloggen');
}

const reading = (body: string | null): OfficeCapabilities => ({ mailboxAddress: () => EMAIL, compose: null, readItemBody: async () => body });

describe('the web app in the taskpane app', () => {
  it('opens the inbox from the overview and goes back', async () => {
    const user = userEvent.setup();
    const { h, web } = build();
    const { container } = renderApp(h);
    await logIn(user);
    await press(user, 'Beveiligde berichten');
    expect(await screen.findByRole('heading', { name: 'Postvak', level: 2 })).toBeInTheDocument();
    await waitFor(() => expect(web.asked.lists.length).toBeGreaterThan(0));
    expect(screen.getByRole('navigation', { name: 'Zegel' }).textContent).toContain(`Ingelogd als ${EMAIL}`);
    await expectAccessible(container);
    await press(user, 'Naar het overzicht');
    expect(await screen.findByRole('button', { name: 'Beveiligde berichten' })).toBeInTheDocument();
  });

  it('opens the message a #message= link names once logged in, and takes the link out of the address', async () => {
    const user = userEvent.setup();
    const { h, web } = build();
    const link = fragment(`#message=${MESSAGE}`);
    renderApp(h, { fragment: link });
    await logIn(user);
    expect(await screen.findByText('Dit bericht bestaat niet of u mag het niet lezen.')).toBeInTheDocument();
    expect(web.asked.messages).toEqual([MESSAGE]);
    expect(link.clear).toHaveBeenCalled();
  });

  it('in the reading pane opens the message of the notification link in the open mail', async () => {
    const user = userEvent.setup();
    const { h, web } = build();
    const body = `<p>U hebt een beveiligd bericht.</p><p><a href="${ORIGIN}/app#message=${MESSAGE}">Openen</a></p>`;
    renderApp(h, { host: { kind: 'outlook', displayLanguage: 'en-GB', dark: false }, office: reading(body), view: 'inbox' });
    await screen.findByRole('heading', { name: 'Log in' });
    await user.type(screen.getByLabelText(/^Password/, { selector: 'input' }), PASSWORD);
    await press(user, 'Log in');
    await user.type(await screen.findByLabelText(/6-digit code/), '123456');
    await press(user, 'Log in');
    expect(await screen.findByText('This message does not exist or you may not read it.')).toBeInTheDocument();
    expect(web.asked.messages).toEqual([MESSAGE]);
  });

  it('in the reading pane opens the inbox when the mail has no link of this Zegel (another origin does not count)', async () => {
    const user = userEvent.setup();
    const { h, web } = build();
    const body = `<a href="https://evil.example/app#message=${MESSAGE}">Openen</a>`;
    renderApp(h, { host: { kind: 'outlook', displayLanguage: 'nl-NL', dark: false }, office: reading(body), view: 'inbox' });
    await logIn(user);
    expect(await screen.findByRole('heading', { name: 'Postvak', level: 2 })).toBeInTheDocument();
    await waitFor(() => expect(web.asked.lists.length).toBeGreaterThan(0));
    expect(web.asked.messages).toEqual([]);
  });
});
