/** @jest-environment ./test/addin/taskpane/environment.ts */
/* eslint-disable @typescript-eslint/require-await -- the fakes answer as the async API they stand in for */
// The delegations screen over a fake ApiClient (helpers.tsx) that stands in for api/delegations:
// look up, check the fingerprint, choose rights and end date, step-up, sign with the lawyer's own key
// (verified here against her public key), grant; the lists with their states; revoke; accept; the
// API's own explanation of a refusal; the lawyer's own settings for messages sent on her behalf,
// shown as saved only once the API stored them. The real client against the real API:
// test/addin/api/delegations-real.test.ts.
import { waitFor, within } from '@testing-library/react';
import { Delegations } from '../../../addin/taskpane/screens/Delegations';
import type { DelegationOverview, DelegationSettings, GrantView, StepUpPurpose } from '../../../addin/api/types';
import { ApiError } from '../../../addin/api/types';
import { verifyGrant } from '../../../shared/crypto/grants';
import { DELEGATION_TEXTS } from '../../../shared/delegations/texts';
import { PASSWORD, accountFixture, apiError, expectAccessible, fakeApi, harness, openDialog, press, renderApp, renderScreen, screen, session, userEvent, type FakeApi } from './helpers';

jest.setTimeout(30_000);

const EMAIL = 'mr.jansen@kantoor.nl';
const ACCOUNT = 'acct_jansen_0123456789ab';
const SECRETARY = 'secretariaat@kantoor.nl';
const SECRETARY_ID = 'acct_secretariaat_00000001';
const SECRETARY_FP = '0123456789abcdef'.repeat(4);
const STEP_UP = 'stepup_gggggggggggggggggggggggggggggggggggggggg';
let fixture: Awaited<ReturnType<typeof accountFixture>>;

beforeAll(async () => {
  fixture = await accountFixture({ accountId: ACCOUNT, password: PASSWORD });
});

function view(overrides: Partial<GrantView> & Pick<GrantView, 'grantId' | 'state'>): GrantView {
  return {
    scopes: ['send_on_behalf'],
    expiresAt: null,
    createdAt: '2026-11-20T09:00:00.000Z',
    activatedAt: null,
    endedAt: null,
    endReason: null,
    principal: { accountId: ACCOUNT, email: EMAIL },
    delegate: { accountId: SECRETARY_ID, email: SECRETARY, fingerprint: SECRETARY_FP },
    grant: { principalAccountId: ACCOUNT, delegateAccountId: SECRETARY_ID, delegateFingerprint: SECRETARY_FP, scopes: ['send_on_behalf'], expiresAt: null, createdAt: '2026-11-20T09:00:00.000Z' },
    signature: 'sig',
    ...overrides,
  };
}

const DEFAULT_SETTINGS: DelegationSettings = { showOnlyPrincipalName: false, onBehalfNotice: 'each' };
const overview = (given: GrantView[], held: GrantView[] = [], settings: DelegationSettings = DEFAULT_SETTINGS): DelegationOverview => ({ given, held, settings });

/** A lawyer whose court connection is active (or not), with the given grants and settings (stored as api/delegations does: only the fields sent). */
function server(options: { active?: boolean; given?: GrantView[]; held?: GrantView[]; settings?: DelegationSettings } = {}) {
  let state = overview(options.given ?? [], options.held ?? [], options.settings);
  const purposes: StepUpPurpose[] = [];
  const api = fakeApi({
    listDelegations: async () => state,
    professionalStatus: async () => ({ linked: options.active !== false, active: options.active !== false, kind: 'lawyer' }),
    lookupDelegate: async ({ email }) => {
      if (email !== SECRETARY) throw new ApiError({ code: 'DELEGATE_NOT_READY', message: DELEGATION_TEXTS.delegateWithoutSecondFactor.en, status: 409, reason: 'second-factor-missing', texts: DELEGATION_TEXTS.delegateWithoutSecondFactor });
      return { accountId: SECRETARY_ID, email: SECRETARY, publicKey: 'armored', fingerprint: SECRETARY_FP };
    },
    twoFactorStatus: async () => ({ totp: true, sms: false, phoneLast2: null, backupCodesLeft: 10, methods: ['totp', 'backup'], configured: true }),
    prelogin: async () => ({ kdf: fixture.request.kdf }),
    stepUp: async ({ authValue, purpose }) => {
      if (authValue !== fixture.request.authValue) throw apiError('CREDENTIALS_INVALID');
      purposes.push(purpose);
      return { stepUpToken: STEP_UP, expiresAt: '2026-11-28T09:05:00Z' };
    },
    grantDelegation: async ({ grant }) => {
      const created = view({ grantId: 'grant_new_000000000001', state: 'created', scopes: grant.scopes as GrantView['scopes'], expiresAt: grant.expiresAt, grant });
      state = overview([created]);
      return created;
    },
    revokeDelegation: async (grantId) => {
      const ended = view({ grantId, state: 'revoked' });
      state = overview(state.given.map((g) => (g.grantId === grantId ? ended : g)), state.held.map((g) => (g.grantId === grantId ? ended : g)));
      return ended;
    },
    acceptDelegation: async (grantId) => {
      const active = view({ grantId, state: 'active', principal: { accountId: 'acct_other', email: 'mr.de.boer@kantoor.nl' } });
      state = overview(state.given, state.held.map((g) => (g.grantId === grantId ? active : g)));
      return active;
    },
    updateDelegationSettings: async (patch) => {
      state = { ...state, settings: { ...state.settings, ...patch } };
      return state.settings;
    },
  });
  return { api, purposes };
}

async function renderDelegations(api: FakeApi, options: { language?: 'nl' | 'en'; unlocked?: boolean } = {}) {
  const h = harness({ api });
  if (options.unlocked !== false) h.services.vault.set(fixture.unlocked);
  // The wrapped keys kept with the session: a reopened pane opens them with the step-up's password.
  h.services.sessions.save({ refreshToken: 'refresh-kept', email: EMAIL, accountId: ACCOUNT, keys: fixture.request.keys, kdf: fixture.request.kdf });
  const rendered = renderScreen(h, <Delegations email={EMAIL} accountId={ACCOUNT} onBack={jest.fn()} />, { language: options.language ?? 'nl' });
  return { h, ...rendered };
}

async function confirmStepUp(user: ReturnType<typeof userEvent.setup>) {
  const dialog = await openDialog('Bevestig dat u het bent');
  expect(dialog.textContent).toContain('toegang verlenen aan uw secretariaat');
  await user.type(within(dialog).getByLabelText(/Huidig wachtwoord/, { selector: 'input' }), PASSWORD);
  await user.type(await within(dialog).findByLabelText(/^Code van 6 cijfers/), '123456');
  await press(user, 'Bevestigen', dialog);
}

async function lookUp(user: ReturnType<typeof userEvent.setup>, address = SECRETARY) {
  await user.type(await screen.findByLabelText(/E-mailadres van de medewerker/), address);
  await press(user, 'Opzoeken');
}

describe('granting access', () => {
  it('looks up, shows the fingerprint, and signs the chosen grant with the lawyer’s own key after a step-up', async () => {
    const user = userEvent.setup();
    const { api, purposes } = server();
    const { container } = await renderDelegations(api);
    expect(await screen.findByText('U heeft nog niemand toegang gegeven.')).toBeInTheDocument();
    await expectAccessible(container);

    await lookUp(user);
    expect(await screen.findByText(`Gevonden: ${SECRETARY}`)).toBeInTheDocument();
    expect(screen.getByText('0123 4567 89AB CDEF 0123 4567 89AB CDEF 0123 4567 89AB CDEF 0123 4567 89AB CDEF')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: /Namens mij versturen/ })).toBeChecked();
    await user.click(screen.getByRole('checkbox', { name: 'Post aan mij lezen' }));
    await user.type(screen.getByLabelText(/Einddatum/), '2099-12-31');
    await expectAccessible(container);
    await press(user, 'Ondertekenen en toegang verlenen');
    await confirmStepUp(user);

    expect(await screen.findByText(/Toegang verleend aan secretariaat@kantoor.nl/)).toBeInTheDocument();
    expect(purposes).toEqual(['grant-delegation']);
    const sent = api.grantDelegation.mock.calls[0]![0];
    expect(sent.stepUpToken).toBe(STEP_UP);
    expect(sent.grant).toMatchObject({ principalAccountId: ACCOUNT, delegateAccountId: SECRETARY_ID, delegateFingerprint: SECRETARY_FP, scopes: ['read', 'send_on_behalf'] });
    expect(Date.parse(sent.grant.expiresAt!)).toBeGreaterThan(Date.parse('2099-12-31T00:00:00Z'));
    await expect(verifyGrant({ grant: sent.grant, signature: sent.signature, principalPublicKey: fixture.unlocked.publicKey })).resolves.toBe(true);
    // The list shows the new grant, waiting for the secretary.
    // The closing step-up dialog hides the page from the accessibility tree for a moment: wait for it.
    const given = await screen.findByRole('region', { name: 'Toegang die u heeft verleend' });
    await waitFor(() => expect(given.textContent).toContain(`Aan ${SECRETARY}`));
    expect(given.textContent).toContain('Status: Wacht op acceptatie');
    expect(given.textContent).toContain('Rechten: post lezen, namens versturen');
    await expectAccessible(container);
  });

  it('signs after a reopened pane too: the step-up’s password opens the kept keys', async () => {
    const user = userEvent.setup();
    const { api } = server();
    const { h } = await renderDelegations(api, { unlocked: false });
    await lookUp(user);
    await press(user, 'Ondertekenen en toegang verlenen');
    await confirmStepUp(user);
    await screen.findByText(/Toegang verleend aan/);
    const sent = api.grantDelegation.mock.calls[0]![0];
    await expect(verifyGrant({ grant: sent.grant, signature: sent.signature, principalPublicKey: fixture.unlocked.publicKey })).resolves.toBe(true);
    expect(h.services.vault.get()?.fingerprint).toBe(fixture.unlocked.fingerprint);
  });

  it('grants nothing when the step-up is cancelled, or without any right chosen', async () => {
    const user = userEvent.setup();
    const { api } = server();
    await renderDelegations(api);
    await lookUp(user);
    await user.click(screen.getByRole('checkbox', { name: /Namens mij versturen/ }));
    await press(user, 'Ondertekenen en toegang verlenen');
    expect(await screen.findByRole('alert')).toHaveTextContent('Kies ten minste één recht.');
    await user.click(screen.getByRole('checkbox', { name: /Namens mij versturen/ }));
    await press(user, 'Ondertekenen en toegang verlenen');
    const dialog = await openDialog('Bevestig dat u het bent');
    await press(user, 'Annuleren', dialog);
    expect(screen.getByText(`Gevonden: ${SECRETARY}`)).toBeInTheDocument();
    expect(api.grantDelegation).not.toHaveBeenCalled();
  });

  it('shows the API’s own explanation when the person is not ready, in Dutch', async () => {
    const user = userEvent.setup();
    const { api } = server();
    await renderDelegations(api);
    await lookUp(user, 'nieuw@kantoor.nl');
    expect(await screen.findByRole('alert')).toHaveTextContent(DELEGATION_TEXTS.delegateWithoutSecondFactor.nl);
  });

  it('and in English', async () => {
    const user = userEvent.setup();
    const { api } = server();
    await renderDelegations(api, { language: 'en' });
    expect(await screen.findByRole('heading', { name: 'Access for your secretariat' })).toBeInTheDocument();
    await user.type(await screen.findByLabelText(/The person's e-mail address/), 'new@kantoor.nl');
    await press(user, 'Look up');
    expect(await screen.findByRole('alert')).toHaveTextContent(DELEGATION_TEXTS.delegateWithoutSecondFactor.en);
  });

  it('explains why someone without an active court connection cannot grant', async () => {
    const { api } = server({ active: false });
    await renderDelegations(api);
    expect(await screen.findByText(/U kunt pas toegang verlenen als stap 1 tot en met 4 klaar zijn/)).toBeInTheDocument();
    expect(screen.queryByLabelText(/E-mailadres van de medewerker/)).toBeNull();
  });
});

describe('the lists', () => {
  it('revokes a grant the lawyer gave, after a confirmation', async () => {
    const user = userEvent.setup();
    const { api } = server({ given: [view({ grantId: 'grant_active_0000000001', state: 'active', expiresAt: '2026-12-31T12:00:00.000Z' })] });
    const { container } = await renderDelegations(api);
    const given = await screen.findByRole('region', { name: 'Toegang die u heeft verleend' });
    expect(given.textContent).toContain('Status: Actief');
    expect(given.textContent).toContain('Tot en met 31 december 2026');
    await press(user, 'Intrekken', given);
    expect(api.revokeDelegation).not.toHaveBeenCalled();
    await expectAccessible(container);
    await press(user, 'Ja, beëindigen', given);
    expect(await screen.findByText('De toegang is beëindigd.')).toBeInTheDocument();
    expect(api.revokeDelegation).toHaveBeenCalledWith('grant_active_0000000001');
    await waitFor(() => expect(screen.getByRole('region', { name: 'Toegang die u heeft verleend' }).textContent).toContain('Status: Ingetrokken'));
    expect(screen.queryByRole('button', { name: 'Intrekken' })).toBeNull();
  });

  it('lets the secretary accept a grant she received, and shows a refusal clearly', async () => {
    const user = userEvent.setup();
    const received = view({ grantId: 'grant_received_00000001', state: 'created', principal: { accountId: 'acct_other', email: 'mr.de.boer@kantoor.nl' } });
    const { api } = server({ active: false, held: [received, view({ grantId: 'grant_old_000000000001', state: 'expired', principal: { accountId: 'acct_gone', email: null } })] });
    const { container } = await renderDelegations(api);
    const held = await screen.findByRole('region', { name: 'Toegang die u heeft gekregen' });
    expect(held.textContent).toContain('Van mr.de.boer@kantoor.nl');
    expect(held.textContent).toContain('Van opgeheven account');
    expect(held.textContent).toContain('Status: Verlopen');
    await expectAccessible(container);

    api.acceptDelegation.mockImplementationOnce(async () => Promise.reject(apiError('DELEGATION_STATE_INVALID')));
    await press(user, 'Accepteren', held);
    expect(await within(held).findByRole('alert')).toHaveTextContent('Deze toegang is al geaccepteerd, ingetrokken of verlopen.');
    await press(user, 'Accepteren', held);
    expect(await screen.findByText(/U heeft de toegang van mr.de.boer@kantoor.nl geaccepteerd/)).toBeInTheDocument();
    expect(api.acceptDelegation).toHaveBeenLastCalledWith('grant_received_00000001');
    await waitFor(() => expect(screen.getByRole('region', { name: 'Toegang die u heeft gekregen' }).textContent).toContain('Status: Actief'));
  });
});

describe('settings for messages sent on the lawyer’s behalf', () => {
  const showOnlyName = () => screen.getByRole('switch', { name: 'Ontvangers zien alleen mijn naam' });
  const daily = () => screen.getByRole('radio', { name: /^Dagelijks overzicht/ });
  const each = () => screen.getByRole('radio', { name: /^Per bericht/ });

  it('shows what the server holds, from the overview the screen already loads', async () => {
    const { api } = server({ settings: { showOnlyPrincipalName: true, onBehalfNotice: 'daily' } });
    const { container } = await renderDelegations(api);
    await screen.findByRole('region', { name: 'Berichten die namens u worden verstuurd' });
    expect(showOnlyName()).toBeChecked();
    expect(daily()).toBeChecked();
    expect(each()).not.toBeChecked();
    expect(document.getElementById(showOnlyName().getAttribute('aria-describedby') ?? '')).toHaveTextContent(/De e-mailmeldingen aan ontvangers noemen dan alleen uw naam/);
    expect(screen.getByRole('radiogroup', { name: 'Hoe hoort u van berichten die namens u zijn verstuurd?' })).toBeInTheDocument();
    expect(api.listDelegations).toHaveBeenCalledTimes(1);
    expect(api.updateDelegationSettings).not.toHaveBeenCalled();
    await expectAccessible(container);
  });

  it('and in English', async () => {
    const { api } = server();
    await renderDelegations(api, { language: 'en' });
    await screen.findByRole('region', { name: 'Messages sent on your behalf' });
    expect(screen.getByRole('switch', { name: 'Recipients see only my name' })).not.toBeChecked();
    expect(screen.getByRole('radio', { name: /^Each message/ })).toBeChecked();
    expect(screen.getByRole('radio', { name: /^Daily digest/ })).not.toBeChecked();
  });

  it('sends each change on its own and says it is saved once the server stored it', async () => {
    const user = userEvent.setup();
    const { api } = server();
    const { container } = await renderDelegations(api);
    await screen.findByRole('region', { name: 'Berichten die namens u worden verstuurd' });
    expect(showOnlyName()).not.toBeChecked();

    await user.click(showOnlyName());
    expect(await screen.findByText('Uw instelling is opgeslagen.')).toBeInTheDocument();
    expect(api.updateDelegationSettings).toHaveBeenLastCalledWith({ showOnlyPrincipalName: true });
    expect(showOnlyName()).toBeChecked();

    await user.click(daily());
    await waitFor(() => expect(api.updateDelegationSettings).toHaveBeenCalledTimes(2));
    expect(api.updateDelegationSettings).toHaveBeenLastCalledWith({ onBehalfNotice: 'daily' });
    expect(await screen.findByText('Uw instelling is opgeslagen.')).toBeInTheDocument();
    expect(daily()).toBeChecked();
    expect(showOnlyName()).toBeChecked();
    await expectAccessible(container);
  });

  it('shows what the server answered, not what was asked', async () => {
    const user = userEvent.setup();
    const { api } = server();
    // A server that keeps "each" whatever is sent (the answer is what counts).
    api.updateDelegationSettings.mockImplementationOnce(async () => ({ showOnlyPrincipalName: false, onBehalfNotice: 'each' }));
    await renderDelegations(api);
    await screen.findByRole('region', { name: 'Berichten die namens u worden verstuurd' });
    await user.click(daily());
    await waitFor(() => expect(api.updateDelegationSettings).toHaveBeenCalledWith({ onBehalfNotice: 'daily' }));
    await screen.findByText('Uw instelling is opgeslagen.');
    expect(each()).toBeChecked();
    expect(daily()).not.toBeChecked();
  });

  it('does not show a refused change as saved: an error, and the control goes back', async () => {
    const user = userEvent.setup();
    const { api } = server();
    const { container } = await renderDelegations(api);
    const section = await screen.findByRole('region', { name: 'Berichten die namens u worden verstuurd' });
    await user.click(showOnlyName());
    await screen.findByText('Uw instelling is opgeslagen.');

    api.updateDelegationSettings.mockImplementationOnce(async () => Promise.reject(apiError('INTERNAL')));
    await user.click(daily());
    const alert = await within(section).findByRole('alert');
    expect(alert).toHaveTextContent('Niet opgeslagen: de vorige instelling geldt nog.');
    expect(alert).toHaveTextContent('Er ging bij ons iets mis. Probeer het opnieuw.');
    expect(api.updateDelegationSettings).toHaveBeenLastCalledWith({ onBehalfNotice: 'daily' });
    expect(daily()).not.toBeChecked();
    expect(each()).toBeChecked();
    expect(screen.queryByText('Uw instelling is opgeslagen.')).toBeNull();
    await expectAccessible(container);

    api.updateDelegationSettings.mockImplementationOnce(async () => Promise.reject(apiError('SERVICE_UNAVAILABLE')));
    await user.click(showOnlyName());
    await waitFor(() => expect(within(section).getByRole('alert')).toHaveTextContent('Zegel is even niet bereikbaar.'));
    expect(showOnlyName()).toBeChecked();

    // Trying again works, and the error goes away.
    await user.click(daily());
    expect(await screen.findByText('Uw instelling is opgeslagen.')).toBeInTheDocument();
    expect(daily()).toBeChecked();
    expect(within(section).queryByRole('alert')).toBeNull();
  });

  it('is not offered to someone who can give no access and gave none', async () => {
    const { api } = server({ active: false, held: [view({ grantId: 'grant_received_00000001', state: 'active', principal: { accountId: 'acct_other', email: 'mr.de.boer@kantoor.nl' } })] });
    await renderDelegations(api);
    await screen.findByRole('region', { name: 'Toegang die u heeft gekregen' });
    expect(screen.queryByRole('switch', { name: 'Ontvangers zien alleen mijn naam' })).toBeNull();
  });
});

it('is reached from the overview', async () => {
  const user = userEvent.setup();
  const { api } = server();
  api.resumeSession.mockImplementation(async () => session('full'));
  api.me.mockImplementation(async () => ({ accountId: ACCOUNT, email: EMAIL, status: 'active', invitation: { kind: 'lawyer' }, fingerprint: 'f', recoveryCodeCreatedAt: null }));
  const h = harness({ api });
  h.services.progress.save('done', EMAIL);
  h.services.sessions.save({ refreshToken: 'refresh-kept', email: EMAIL, accountId: ACCOUNT, keys: fixture.request.keys, kdf: fixture.request.kdf });
  renderApp(h);
  await press(user, 'Toegang voor secretariaat');
  expect(await screen.findByRole('heading', { name: 'Toegang voor uw secretariaat' })).toBeInTheDocument();
  expect(await screen.findByText('U heeft nog niemand toegang gegeven.')).toBeInTheDocument();
});
