/** @jest-environment ./test/addin/taskpane/environment.ts */
/* eslint-disable @typescript-eslint/require-await -- the fakes answer as the async API they stand in for */
// Security settings: every change behind a step-up (password + current factor) with the purpose from
// shared/auth/step-up.ts; never removing the last factor; new codes shown once; sessions.
import { waitFor, within } from '@testing-library/react';
import { SecuritySettings } from '../../../addin/taskpane/screens/SecuritySettings';
import { SESSION_KEY } from '../../../addin/state/session-store';
import { unlockWithPassword } from '../../../shared/crypto/account-keys';
import { parseRecoveryCode, unlockWithRecoveryCode } from '../../../shared/crypto/recovery-code';
import { TEST_KDF_PARAMS } from '../../../shared/crypto/kdf';
import type { FactorStatus, NewPassword, NewRecovery, StepUpPurpose } from '../../../addin/api/types';
import { press, openDialog, PASSWORD, accountFixture, apiError, expectAccessible, fakeApi, harness, renderApp, renderScreen, screen, session, userEvent } from './helpers';

jest.setTimeout(30_000);

const EMAIL = 'mr.jansen@kantoor.nl';
const ACCOUNT = 'acct_jansen_0123456789ab';
const GRANT = 'grant_cccccccccccccccccccccccccccccccccccccccccc';
let fixture: Awaited<ReturnType<typeof accountFixture>>;

beforeAll(async () => {
  fixture = await accountFixture({ accountId: ACCOUNT, password: PASSWORD });
});

const status = (totp: boolean, sms: boolean): FactorStatus => ({
  totp,
  sms,
  phoneLast2: sms ? '78' : null,
  backupCodesLeft: 8,
  methods: [...(totp ? ['totp' as const] : []), ...(sms ? ['sms' as const] : []), 'backup' as const],
  configured: totp || sms,
});

function server(factors: FactorStatus) {
  const grants: StepUpPurpose[] = [];
  const api = fakeApi({
    twoFactorStatus: async () => factors,
    listSessions: async () => [
      { id: 'sid-current', current: true, stage: 'full', createdAt: '2026-11-28T08:00:00Z', lastSeenAt: '2026-11-28T09:00:00Z', userAgent: 'Outlook (Windows)' },
      { id: 'sid-other', current: false, stage: 'full', createdAt: '2026-11-27T08:00:00Z', lastSeenAt: '2026-11-27T09:00:00Z', userAgent: 'Firefox' },
    ],
    prelogin: async () => ({ kdf: fixture.request.kdf }),
    stepUp: async ({ authValue, code, purpose }) => {
      if (authValue !== fixture.request.authValue) throw apiError('CREDENTIALS_INVALID');
      if (code !== '123456' && code !== '654321') throw apiError('TOTP_INVALID');
      grants.push(purpose);
      return { stepUpToken: GRANT, expiresAt: '2026-11-28T09:05:00Z' };
    },
    sendStepUpSms: async () => undefined,
  });
  return { api, grants };
}

async function confirmStepUp(user: ReturnType<typeof userEvent.setup>, options: { password?: string; code?: string } = {}) {
  const dialog = await openDialog('Bevestig dat u het bent');
  await user.type(within(dialog).getByLabelText(/Huidig wachtwoord/, { selector: 'input' }), options.password ?? PASSWORD);
  await user.type(await within(dialog).findByLabelText(/^Code (van 6 cijfers|uit de sms)/), options.code ?? '123456');
  await press(user, 'Bevestigen', dialog);
  await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  return dialog;
}

/** The settings screen, once its factor status and session list have loaded. */
async function settings(api: ReturnType<typeof fakeApi>, onLoggedOut = jest.fn()) {
  const h = harness({ api });
  const rendered = renderScreen(h, <SecuritySettings email={EMAIL} accountId={ACCOUNT} onBack={jest.fn()} onLoggedOut={onLoggedOut} />);
  await screen.findByText('Outlook (Windows)');
  await screen.findByText(/^Back-upcodes over/);
  return { h, ...rendered };
}

describe('the step-up dialog', () => {
  it('asks for the password and a code for the purpose, derives the auth value here, and then makes the change', async () => {
    const user = userEvent.setup();
    const { api, grants } = server(status(true, false));
    api.regenerateBackupCodes.mockImplementation(async () => ({ backupCodes: ['AAAA-BBBB-CCCC-DDDD', 'EEEE-FFFF-GGGG-HHHH'] }));
    const { h, container } = await settings(api);
    expect(await screen.findByText('Authenticator-app: ingesteld')).toBeInTheDocument();
    await expectAccessible(container);

    await press(user, 'Nieuwe back-upcodes maken');
    const dialog = await openDialog('Bevestig dat u het bent');
    expect(within(dialog).getByText(/Voor deze wijziging \(nieuwe back-upcodes\)/)).toBeInTheDocument();
    await within(dialog).findByLabelText(/Code van 6 cijfers/);
    await expectAccessible(document.body);
    await user.type(within(dialog).getByLabelText(/Huidig wachtwoord/, { selector: 'input' }), 'verkeerd wachtwoord!');
    await user.type(within(dialog).getByLabelText(/Code van 6 cijfers/), '123456');
    await press(user, 'Bevestigen', dialog);
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Het e-mailadres of het wachtwoord is niet juist.');
    await user.clear(within(dialog).getByLabelText(/Huidig wachtwoord/, { selector: 'input' }));
    await user.type(within(dialog).getByLabelText(/Huidig wachtwoord/, { selector: 'input' }), PASSWORD);
    await press(user, 'Bevestigen', dialog);

    expect(await screen.findByRole('heading', { name: 'Bewaar uw back-upcodes' })).toBeInTheDocument();
    expect(api.prelogin).toHaveBeenCalledWith({ email: EMAIL });
    expect(api.stepUp).toHaveBeenLastCalledWith({ authValue: fixture.request.authValue, method: 'totp', code: '123456', purpose: 'regenerate-backup-codes' });
    expect(api.regenerateBackupCodes).toHaveBeenCalledWith({ stepUpToken: GRANT });
    expect(grants).toEqual(['regenerate-backup-codes']);
    expect(screen.getByRole('button', { name: 'Doorgaan' })).toBeDisabled();
    await press(user, 'Afdrukken');
    expect(h.files.print).toHaveBeenCalled();
    await user.click(screen.getByRole('checkbox', { name: 'Ik heb de back-upcodes bewaard' }));
    await press(user, 'Doorgaan');
    expect(await screen.findByText(/De wijziging is opgeslagen/)).toBeInTheDocument();
  });

  it('changes nothing when cancelled', async () => {
    const user = userEvent.setup();
    const { api } = server(status(true, false));
    await settings(api);
    await press(user, 'Nieuwe back-upcodes maken');
    const dialog = await openDialog('Bevestig dat u het bent');
    await press(user, 'Annuleren', dialog);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.stepUp).not.toHaveBeenCalled();
    expect(api.regenerateBackupCodes).not.toHaveBeenCalled();
  });

  it('can confirm with an SMS code sent for the step-up', async () => {
    const user = userEvent.setup();
    const { api } = server(status(false, true));
    api.regenerateBackupCodes.mockImplementation(async () => ({ backupCodes: ['AAAA-BBBB-CCCC-DDDD'] }));
    await settings(api);
    await press(user, 'Nieuwe back-upcodes maken');
    const dialog = await openDialog('Bevestig dat u het bent');
    await within(dialog).findByRole('radio', { name: 'Sms' });
    await press(user, 'Code sturen', dialog);
    expect(api.sendStepUpSms).toHaveBeenCalled();
    await user.type(within(dialog).getByLabelText(/Huidig wachtwoord/, { selector: 'input' }), PASSWORD);
    await user.type(within(dialog).getByLabelText(/Code uit de sms/), '654321');
    await press(user, 'Bevestigen', dialog);
    await waitFor(() => expect(api.stepUp).toHaveBeenCalledWith(expect.objectContaining({ method: 'sms', code: '654321', purpose: 'regenerate-backup-codes' })));
  });
});

describe('login methods', () => {
  it('never offers to remove the last method, and explains why', async () => {
    const { api } = server(status(true, false));
    await settings(api);
    expect(await screen.findByRole('button', { name: 'App verwijderen' })).toBeDisabled();
    expect(screen.getByText('Uw enige inlogmethode kunt u niet verwijderen. Voeg eerst een andere toe.')).toBeInTheDocument();
  });

  it('removes one of two methods after a step-up for remove-factor, and shows LAST_FACTOR in Dutch if the server refuses', async () => {
    const user = userEvent.setup();
    const { api, grants } = server(status(true, true));
    api.removeFactor.mockImplementationOnce(async () => undefined).mockImplementationOnce(async () => Promise.reject(apiError('LAST_FACTOR')));
    await settings(api);
    await press(user, 'Sms verwijderen');
    await confirmStepUp(user);
    expect(await screen.findByText(/De inlogmethode is verwijderd/)).toBeInTheDocument();
    expect(api.removeFactor).toHaveBeenCalledWith({ method: 'sms', stepUpToken: GRANT });
    expect(grants).toEqual(['remove-factor']);

    await press(user, 'App verwijderen');
    await confirmStepUp(user);
    expect(await screen.findByRole('alert')).toHaveTextContent('Uw enige extra inlogmethode kunt u niet verwijderen. Voeg eerst een andere toe.');
  });

  it('adds the app with a step-up for add-factor', async () => {
    const user = userEvent.setup();
    const { api, grants } = server(status(false, true));
    api.startTotp.mockImplementation(async () => ({ secret: 'JBSWY3DPEHPK3PXP', otpauthUri: 'otpauth://totp/x', qrSvg: '<svg xmlns="http://www.w3.org/2000/svg"/>' }));
    api.confirmTotp.mockImplementation(async () => ({ stage: 'full' }));
    const { container } = await settings(api);
    expect(await screen.findByText(/U gebruikt alleen sms/)).toBeInTheDocument();
    await press(user, 'App toevoegen');
    await confirmStepUp(user, { code: '654321' });
    expect(await screen.findByRole('img', { name: 'QR-code om Zegel toe te voegen aan uw authenticator-app' })).toBeInTheDocument();
    expect(api.startTotp).toHaveBeenCalledTimes(1);
    expect(api.startTotp).toHaveBeenCalledWith({ stepUpToken: GRANT });
    expect(grants).toEqual(['add-factor']);
    await expectAccessible(container);
    await user.type(screen.getByLabelText(/Code van 6 cijfers uit de app/), '111111');
    await press(user, 'App bevestigen');
    expect(await screen.findByText(/De wijziging is opgeslagen/)).toBeInTheDocument();
  });

  it('changes the phone number with a step-up for change-phone', async () => {
    const user = userEvent.setup();
    const { api, grants } = server(status(true, true));
    api.startSms.mockImplementation(async () => ({ sent: true }));
    api.confirmSms.mockImplementation(async () => ({ stage: 'full' }));
    await settings(api);
    expect(await screen.findByText('Sms: ingesteld, nummer eindigt op 78')).toBeInTheDocument();
    await press(user, 'Nummer wijzigen');
    await confirmStepUp(user);
    await user.type(await screen.findByLabelText(/Mobiel nummer/), '+31 6 87654321');
    await press(user, 'Code sturen');
    expect(api.startSms).toHaveBeenCalledWith({ phone: '+31 6 87654321', stepUpToken: GRANT });
    expect(grants).toEqual(['change-phone']);
    // A grant is single use: no "send again" that would spend it twice.
    expect(screen.queryByRole('button', { name: 'Nieuwe code sturen' })).toBeNull();
  });
});

describe('password and recovery code', () => {
  it('changes the password: rules first, then a step-up, then the same user key under the new password', async () => {
    const user = userEvent.setup();
    const { api, grants } = server(status(true, false));
    const uploads: NewPassword[] = [];
    api.changePassword.mockImplementation(async ({ password }) => {
      uploads.push(password);
    });
    const { h } = await settings(api);
    h.services.vault.set(await testUnlocked());
    h.services.sessions.save({ refreshToken: 'r', email: EMAIL, accountId: ACCOUNT, keys: fixture.request.keys, kdf: fixture.request.kdf });
    await press(user, 'Wachtwoord wijzigen');
    const field = screen.getByLabelText(/^Nieuw wachtwoord/, { selector: 'input' });
    await user.type(field, 'rechtspraak');
    expect(await screen.findByText(/Gebruik minstens 12 tekens/)).toBeInTheDocument();
    await user.clear(field);
    await user.type(field, 'een heel ander lang wachtwoord');
    await press(user, 'Wachtwoord wijzigen');
    await confirmStepUp(user);
    expect(await screen.findByText(/Uw wachtwoord is gewijzigd/)).toBeInTheDocument();
    expect(grants).toEqual(['change-password']);
    expect(api.changePassword).toHaveBeenCalledWith({ stepUpToken: GRANT, password: uploads[0] });
    const reopened = await unlockWithPassword({ accountId: ACCOUNT, password: 'een heel ander lang wachtwoord', kdfParams: uploads[0]!.kdf, wrappedUserKeyByPassword: uploads[0]!.wrappedUserKeyByPassword, encryptedPrivateKey: fixture.request.keys.encryptedPrivateKey, floor: TEST_KDF_PARAMS });
    expect(reopened.fingerprint).toBe(fixture.unlocked.fingerprint);
    // The copy kept with the session now opens with the new password.
    expect(JSON.parse(h.session.getItem(SESSION_KEY)!).keys.wrappedUserKeyByPassword).toBe(uploads[0]!.wrappedUserKeyByPassword);
  });

  it('replaces the recovery code after a reload: the step-up password unlocks the kept wrapped key', async () => {
    const user = userEvent.setup();
    const { api, grants } = server(status(true, false));
    const uploads: NewRecovery[] = [];
    api.replaceRecoveryCode.mockImplementation(async ({ recovery }) => {
      uploads.push(recovery);
      return { createdAt: '2026-11-28T09:00:00Z' };
    });
    const { h, container } = await settings(api);
    expect(h.services.vault.get()).toBeNull();
    h.services.sessions.save({ refreshToken: 'r', email: EMAIL, accountId: ACCOUNT, keys: fixture.request.keys, kdf: fixture.request.kdf });
    await press(user, 'Nieuwe herstelcode maken');
    await confirmStepUp(user);
    expect(await screen.findByRole('heading', { name: 'Uw nieuwe herstelcode' })).toBeInTheDocument();
    expect(grants).toEqual(['replace-recovery-code']);
    const shown = screen.getByRole('list', { name: 'Uw herstelcode' }).textContent;
    const opened = await unlockWithRecoveryCode({ accountId: ACCOUNT, code: parseRecoveryCode(shown), wrappedUserKeyByRecovery: uploads[0]!.wrappedUserKeyByRecovery, encryptedPrivateKey: fixture.request.keys.encryptedPrivateKey });
    expect(opened.fingerprint).toBe(fixture.unlocked.fingerprint);
    expect(h.services.vault.get()?.fingerprint).toBe(fixture.unlocked.fingerprint);
    await expectAccessible(container);
  });
});

describe('sessions', () => {
  it('lists the sessions, ends another one, and logs out everywhere after a confirmation', async () => {
    const user = userEvent.setup();
    const { api } = server(status(true, false));
    api.endSession.mockImplementation(async () => undefined);
    api.logoutEverywhere.mockImplementation(async () => undefined);
    const onLoggedOut = jest.fn();
    const { container } = await settings(api, onLoggedOut);
    expect(await screen.findByText('Outlook (Windows)')).toBeInTheDocument();
    expect(screen.getByText('Deze sessie')).toBeInTheDocument();
    await expectAccessible(container);
    await press(user, 'Beëindigen');
    expect(api.endSession).toHaveBeenCalledWith('sid-other');
    await waitFor(() => expect(api.listSessions).toHaveBeenCalledTimes(2));
    await press(user, 'Overal uitloggen');
    const confirm = await openDialog('Overal uitloggen', 'alertdialog');
    await expectAccessible(document.body);
    await press(user, 'Overal uitloggen', confirm);
    await waitFor(() => expect(onLoggedOut).toHaveBeenCalled());
    expect(api.logoutEverywhere).toHaveBeenCalled();
  });

  it('from the start screen, "log out everywhere" ends the session in the pane too', async () => {
    const user = userEvent.setup();
    const { api } = server(status(true, false));
    api.resumeSession.mockImplementation(async () => session('full'));
    api.me.mockImplementation(async () => ({ accountId: ACCOUNT, email: EMAIL, status: 'active', invitation: null, fingerprint: 'f', recoveryCodeCreatedAt: null }));
    api.professionalStatus.mockImplementation(async () => Promise.reject(apiError('NOT_FOUND')));
    api.logoutEverywhere.mockImplementation(async () => undefined);
    const h = harness({ api });
    h.services.sessions.save({ refreshToken: 'r', email: EMAIL, accountId: ACCOUNT, keys: fixture.request.keys, kdf: fixture.request.kdf });
    h.services.progress.save('done', EMAIL);
    renderApp(h);
    expect(await screen.findByText(/Dit adres heeft geen uitnodiging/)).toBeInTheDocument();
    expect(screen.getByText('Verbinding met de Rechtspraak nog niet actief')).toBeInTheDocument();
    await press(user, 'Beveiliging');
    await press(user, 'Overal uitloggen');
    await user.click(within(await openDialog('Overal uitloggen', 'alertdialog')).getByRole('button', { name: 'Overal uitloggen' }));
    expect(await screen.findByRole('heading', { name: 'Inloggen' })).toBeInTheDocument();
    expect(screen.getByText('U bent uitgelogd.')).toBeInTheDocument();
    expect(h.session.getItem(SESSION_KEY)).toBeNull();
  });

  it('a session that ended elsewhere sends the user to the login', async () => {
    const api = fakeApi({ twoFactorStatus: async () => Promise.reject(apiError('SESSION_INVALID')), listSessions: async () => [] });
    const h = harness({ api });
    const onSessionEnd = jest.fn();
    renderScreen(h, <SecuritySettings email={EMAIL} accountId={ACCOUNT} onBack={jest.fn()} onLoggedOut={jest.fn()} />, { onSessionEnd });
    await waitFor(() => expect(onSessionEnd).toHaveBeenCalled());
    expect(await screen.findByRole('button', { name: 'Overal uitloggen' })).toBeInTheDocument();
  });
});

async function testUnlocked() {
  const { testCrypto } = await import('./helpers');
  const crypto = testCrypto();
  const keys = await crypto.passwordKeys({ password: PASSWORD, kdf: fixture.request.kdf });
  return crypto.unlock({ accountId: ACCOUNT, passwordKeys: keys, wrappedUserKeyByPassword: fixture.request.keys.wrappedUserKeyByPassword, encryptedPrivateKey: fixture.request.keys.encryptedPrivateKey });
}
