/** @jest-environment ./test/addin/taskpane/environment.ts */
/* eslint-disable @typescript-eslint/require-await -- the fakes answer as the async API they stand in for */
// Onboarding steps 1–6 as the user walks them, with a fake API and the real client crypto (test KDF).
import { act, waitFor, within } from '@testing-library/react';
import { PROGRESS_KEY } from '../../../addin/state/onboarding-progress';
import { SESSION_KEY } from '../../../addin/state/session-store';
import { unlockWithPassword } from '../../../shared/crypto/account-keys';
import { parseRecoveryCode, unlockWithRecoveryCode } from '../../../shared/crypto/recovery-code';
import { TEST_KDF_PARAMS } from '../../../shared/crypto/kdf';
import type { ActivationRequest, FactorConfirmed } from '../../../addin/api/types';
import { press, openDialog, PASSWORD, apiError, expectAccessible, fakeApi, fragment, harness, office, renderApp, screen, session, userEvent } from './helpers';

jest.setTimeout(30_000);

const LAWYER = 'mr.de.vries@advocatenkantoor.nl';
const ACCOUNT = 'acct_0123456789abcdefghij';
const INVITATION = 'inv_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const BACKUP = ['ABCD-EFGH-JKMN-PQRS', 'BCDE-FGHJ-KMNP-QRST', 'CDEF-GHJK-MNPQ-RSTV', 'DEFG-HJKM-NPQR-STVW', 'EFGH-JKMN-PQRS-TVWX', 'FGHJ-KMNP-QRST-VWXY', 'GHJK-MNPQ-RSTV-WXYZ', 'HJKM-NPQR-STVW-XYZ0', 'JKMN-PQRS-TVWX-YZ01', 'KMNP-QRST-VWXY-Z012'];
const QR_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>';

function me(invitation: 'lawyer' | 'bailiff' | null = 'lawyer') {
  return { accountId: ACCOUNT, email: LAWYER, status: 'active', invitation: invitation ? { kind: invitation } : null, fingerprint: 'f'.repeat(64), recoveryCodeCreatedAt: null };
}
const factors = (totp: boolean, sms = false) => ({ totp, sms, phoneLast2: sms ? '78' : null, backupCodesLeft: totp || sms ? 10 : 0, methods: [...(totp ? ['totp' as const] : []), ...(sms ? ['sms' as const] : []), ...(totp || sms ? ['backup' as const] : [])], configured: totp || sms });

describe('step 1: check the address', () => {
  it('shows the mailbox address on first use, says only the invited address can become an account, and passes axe', async () => {
    const h = harness();
    const { container } = renderApp(h, { office: office(LAWYER) });
    expect(await screen.findByRole('heading', { level: 1, name: 'Controleer uw e-mailadres' })).toHaveFocus();
    expect(screen.getByText(`Dit Outlook-postvak: ${LAWYER}`)).toBeInTheDocument();
    expect(screen.getByText(/Stap 1 van 6/)).toBeInTheDocument();
    expect(screen.getByText(/Wijzig dan het e-mailadres in uw BAR-gegevens/)).toBeInTheDocument();
    await expectAccessible(container);
  });

  it('in the web app (no mailbox) asks for the address in the next step', async () => {
    const h = harness();
    renderApp(h);
    await screen.findByRole('heading', { name: 'Controleer uw e-mailadres' });
    expect(screen.getByText(/In de volgende stap vult u het in/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Account aanmaken' }));
    expect(await screen.findByRole('heading', { name: 'Registreren' })).toBeInTheDocument();
    expect(JSON.parse(h.local.getItem(PROGRESS_KEY)!)).toEqual({ step: 'register', email: null });
  });
});

describe('step 2: register and activate', () => {
  it('registers with the invitation from the URL fragment, removes the fragment, and makes the keys on this device', async () => {
    const user = userEvent.setup();
    const activated: ActivationRequest[] = [];
    const h = harness({
      api: fakeApi({
        register: async () => ({ status: 'verified', accountId: ACCOUNT, enrolmentToken: 'enrol_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', invitation: { kind: 'lawyer' } }),
        activate: async (input) => {
          activated.push(input);
          return { accountId: ACCOUNT };
        },
        login: async () => ({ stage: 'setup', session: session('setup', 'refresh-setup-1') }),
      }),
    });
    const link = fragment(`#invitation=${INVITATION}`);
    const { container } = renderApp(h, { office: office(LAWYER), fragment: link });
    expect(await screen.findByRole('heading', { name: 'Registreren' })).toBeInTheDocument();
    expect(link.clear).toHaveBeenCalled();
    expect(screen.getByText(/U opent Zegel vanuit uw uitnodiging/)).toBeInTheDocument();
    expect(screen.getByLabelText(/E-mailadres/)).toHaveValue(LAWYER);
    await expectAccessible(container);
    await press(user, 'Verder');
    expect(h.api.register).toHaveBeenCalledWith({ email: LAWYER, invitationToken: INVITATION });

    expect(await screen.findByRole('heading', { name: 'Kies een wachtwoord' })).toBeInTheDocument();
    const password = screen.getByLabelText(/^Wachtwoord/, { selector: 'input' });
    expect(password).toHaveAttribute('type', 'password');
    expect(password).toHaveAttribute('autocomplete', 'new-password');
    const activate = screen.getByRole('button', { name: 'Account activeren' });
    expect(activate).toBeDisabled();

    // Live feedback from the shared rules, in Dutch.
    await user.type(password, 'kort');
    expect(await screen.findByText(/Gebruik minstens 12 tekens/)).toBeInTheDocument();
    await user.clear(password);
    await user.type(password, 'advocatenkantoor2024');
    expect(await screen.findByText(/bestaat uit uw e-mailadres of uit woorden als/)).toBeInTheDocument();
    expect(activate).toBeDisabled();
    // Pasting is allowed.
    await user.clear(password);
    await user.click(password);
    await user.paste(PASSWORD);
    expect(await screen.findByText('Dit wachtwoord voldoet.')).toBeInTheDocument();
    // Show and hide.
    const toggle = screen.getByRole('button', { name: 'Wachtwoord tonen' });
    await user.click(toggle);
    expect(password).toHaveAttribute('type', 'text');
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await user.click(toggle);
    expect(password).toHaveAttribute('type', 'password');
    await expectAccessible(container);

    await user.click(activate);
    expect(await screen.findByRole('heading', { name: 'Bewaar uw herstelcode' }, { timeout: 10_000 })).toBeInTheDocument();
    // Only wrapped forms left the client, with the invitation token; the password went nowhere.
    expect(activated).toHaveLength(1);
    const body = activated[0]!;
    expect(body).toMatchObject({ accountId: ACCOUNT, invitationToken: INVITATION, kdf: { algorithm: 'argon2id', memoryKiB: TEST_KDF_PARAMS.memoryKiB } });
    expect(JSON.stringify(body)).not.toContain(PASSWORD);
    expect(h.api.login).toHaveBeenCalledWith({ email: LAWYER, authValue: body.authValue });
    expect(h.api.prelogin).not.toHaveBeenCalled();
    // The uploaded wrap opens with the password, and the recovery code shown opens the recovery wrap.
    const shown = screen.getByRole('list', { name: 'Uw herstelcode' }).textContent;
    const code = parseRecoveryCode(shown);
    const byPassword = await unlockWithPassword({ accountId: ACCOUNT, password: PASSWORD, kdfParams: body.kdf, wrappedUserKeyByPassword: body.keys.wrappedUserKeyByPassword, encryptedPrivateKey: body.keys.encryptedPrivateKey, floor: TEST_KDF_PARAMS });
    const byCode = await unlockWithRecoveryCode({ accountId: ACCOUNT, code, wrappedUserKeyByRecovery: body.recovery.wrappedUserKeyByRecovery, encryptedPrivateKey: body.keys.encryptedPrivateKey });
    expect(byCode.fingerprint).toBe(byPassword.fingerprint);
    // Progress is kept without secrets; the refresh token went to session storage.
    expect(JSON.parse(h.local.getItem(PROGRESS_KEY)!)).toEqual({ step: 'recovery-code', email: LAWYER });
    expect(h.local.getItem(PROGRESS_KEY)).not.toContain(code);
    expect(JSON.parse(h.session.getItem(SESSION_KEY)!)).toMatchObject({ refreshToken: 'refresh-setup-1', accountId: ACCOUNT });
  });

  it('without an invitation sends a code by mail, and the code opens the password step', async () => {
    const user = userEvent.setup();
    const h = harness({
      api: fakeApi({
        register: async () => ({ status: 'check-your-mail' }),
        verifyAddress: async () => ({ accountId: ACCOUNT, enrolmentToken: 'enrol_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' }),
      }),
    });
    h.services.progress.save('register');
    const { container } = renderApp(h);
    await user.type(await screen.findByLabelText(/E-mailadres/), 'secretariaat@kantoor.nl');
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { name: 'Vul de activeringscode in' })).toBeInTheDocument();
    expect(screen.getByText(/Als secretariaat@kantoor.nl nog geen account heeft/)).toBeInTheDocument();
    await expectAccessible(container);
    expect(screen.getByRole('button', { name: 'Code controleren' })).toBeDisabled();
    await user.type(screen.getByLabelText(/Activeringscode uit de e-mail/), 'abcd-efgh-jkmn-pqrs-tvwx-yz');
    await press(user, 'Code controleren');
    expect(h.api.verifyAddress).toHaveBeenCalledWith({ email: 'secretariaat@kantoor.nl', code: 'abcd-efgh-jkmn-pqrs-tvwx-yz' });
    expect(await screen.findByRole('heading', { name: 'Kies een wachtwoord' })).toBeInTheDocument();
  });

  it('shows a wrong code as a Dutch error from its code', async () => {
    const user = userEvent.setup();
    const h = harness({ api: fakeApi({ verifyAddress: async () => Promise.reject(apiError('VERIFICATION_CODE_INVALID')) }) });
    renderApp(h, { fragment: fragment('#verify=secretariaat%40kantoor.nl:ABCDEFGHJKMNPQRSTVWXYZ0123') });
    expect(await screen.findByLabelText(/Activeringscode uit de e-mail/)).toHaveValue('ABCDEFGHJKMNPQRSTVWXYZ0123');
    await press(user, 'Code controleren');
    expect(await screen.findByRole('alert')).toHaveTextContent('Deze code is niet juist of verlopen. Vraag een nieuwe aan.');
  });
});

describe('step 3: the recovery code, shown once', () => {
  it('offers download and print, and continues only after "I have kept it"', async () => {
    const user = userEvent.setup();
    const h = harness({
      api: fakeApi({
        register: async () => ({ status: 'verified', accountId: ACCOUNT, enrolmentToken: 'enrol_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', invitation: { kind: 'lawyer' } }),
        activate: async () => ({ accountId: ACCOUNT }),
        login: async () => ({ stage: 'setup', session: session('setup') }),
      }),
    });
    const { container } = renderApp(h, { office: office(LAWYER), fragment: fragment(`#invitation=${INVITATION}`) });
    await press(user, 'Verder');
    await user.click(await screen.findByLabelText(/^Wachtwoord/, { selector: 'input' }));
    await user.paste(PASSWORD);
    await press(user, 'Account activeren');
    await screen.findByRole('heading', { name: 'Bewaar uw herstelcode' }, { timeout: 10_000 });
    expect(screen.getByText(/Stap 3 van 6/)).toBeInTheDocument();
    const code = screen.getByRole('list', { name: 'Uw herstelcode' }).textContent;
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){5}-[0-9A-Z]{3}$/);
    await expectAccessible(container);

    await press(user, 'Downloaden als tekstbestand');
    expect(h.files.download).toHaveBeenCalledWith({ fileName: 'zegel-herstelcode.txt', text: expect.stringContaining(code) });
    await press(user, 'Afdrukken');
    expect(h.files.print).toHaveBeenCalledWith({ title: `Zegel-herstelcode voor ${LAWYER}`, text: expect.stringContaining(code) });

    const next = screen.getByRole('button', { name: 'Doorgaan' });
    expect(next).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: 'Ik heb de herstelcode bewaard' }));
    expect(next).toBeEnabled();
    await user.click(next);
    expect(await screen.findByRole('heading', { name: 'Beveilig uw account' })).toBeInTheDocument();
    expect(screen.queryByText(code)).toBeNull();
  });
});

async function atSecondFactor(api: ReturnType<typeof fakeApi>) {
  const h = harness({ api });
  h.services.sessions.save({ refreshToken: 'refresh-setup-0', email: LAWYER, accountId: ACCOUNT, keys: null, kdf: null });
  h.services.progress.save('second-factor', LAWYER);
  api.resumeSession.mockImplementation(async () => session('setup', 'refresh-setup-1'));
  api.me.mockImplementation(async () => me());
  const rendered = renderApp(h);
  await screen.findByRole('heading', { name: 'Beveilig uw account' });
  return { h, ...rendered };
}

describe('step 4: the second factor', () => {
  const firstFactor = (): FactorConfirmed => ({ stage: 'full', session: session('full', 'refresh-full-1'), keys: { publicKey: 'pk', fingerprint: 'f'.repeat(64), wrappedUserKeyByPassword: 'v1.wrapped', encryptedPrivateKey: 'v1.private' }, backupCodes: BACKUP });

  it('sets up the app with the QR code as an image with alt text and the secret as text, then shows backup codes once', async () => {
    const user = userEvent.setup();
    const api = fakeApi({
      startTotp: async () => ({ secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', otpauthUri: 'otpauth://totp/Zegel:x', qrSvg: QR_SVG }),
      confirmTotp: async () => firstFactor(),
      professionalStatus: async () => ({ linked: false, active: false, kind: 'lawyer' }),
    });
    const { h, container } = await atSecondFactor(api);
    expect(screen.getByText(/Stap 4 van 6/)).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Authenticator-app (aanbevolen)' })).toBeChecked();
    await expectAccessible(container);
    await press(user, 'Instellen');
    const qr = await screen.findByRole('img', { name: 'QR-code om Zegel toe te voegen aan uw authenticator-app' });
    expect(qr.getAttribute('src')).toBe(`data:image/svg+xml;base64,${Buffer.from(QR_SVG).toString('base64')}`);
    expect(screen.getByText('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP')).toBeInTheDocument();
    expect(container.querySelector('svg rect[width="10"]')).toBeNull(); // never injected as markup
    await expectAccessible(container);
    await user.type(screen.getByLabelText(/Code van 6 cijfers uit de app/), '123456');
    await press(user, 'App bevestigen');
    expect(api.confirmTotp).toHaveBeenCalledWith({ code: '123456' });

    expect(await screen.findByRole('heading', { name: 'Bewaar uw back-upcodes' })).toBeInTheDocument();
    const list = screen.getByRole('list', { name: 'Uw back-upcodes' });
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual(BACKUP);
    await expectAccessible(container);
    // The new full session and its wrapped keys are kept for later openings of the pane.
    expect(JSON.parse(h.session.getItem(SESSION_KEY)!)).toMatchObject({ refreshToken: 'refresh-full-1', keys: { wrappedUserKeyByPassword: 'v1.wrapped' } });
    await press(user, 'Downloaden als tekstbestand');
    expect(h.files.download).toHaveBeenCalledWith({ fileName: 'zegel-back-upcodes.txt', text: expect.stringContaining(BACKUP.join('\n')) });
    expect(screen.getByRole('button', { name: 'Doorgaan' })).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: 'Ik heb de back-upcodes bewaard' }));
    await press(user, 'Doorgaan');
    expect(await screen.findByRole('heading', { name: 'Koppel uw BAR- of KBvG-nummer' })).toBeInTheDocument();
  });

  it('warns that SMS is the weaker method and suggests adding the app as well', async () => {
    const user = userEvent.setup();
    const api = fakeApi({ startSms: async () => ({ sent: true }), confirmSms: async () => firstFactor() });
    const { container } = await atSecondFactor(api);
    await user.click(screen.getByRole('radio', { name: 'Sms-code' }));
    expect(screen.getByText(/Sms is de zwakkere methode/)).toBeInTheDocument();
    await press(user, 'Instellen');
    expect(screen.getByText(/Voeg daarna ook een authenticator-app toe/)).toBeInTheDocument();
    await user.type(screen.getByLabelText(/Mobiel nummer/), '06 12345678');
    await press(user, 'Code sturen');
    expect(api.startSms).toHaveBeenCalledWith({ phone: '06 12345678' });
    await user.type(await screen.findByLabelText(/Code uit de sms/), '654321');
    await expectAccessible(container);
    await press(user, 'Nummer bevestigen');
    expect(api.confirmSms).toHaveBeenCalledWith({ phone: '06 12345678', code: '654321' });
    expect(await screen.findByRole('heading', { name: 'Bewaar uw back-upcodes' })).toBeInTheDocument();
  });
});

async function atLinkStep(api: ReturnType<typeof fakeApi>, invitation: 'lawyer' | 'bailiff' | null = 'lawyer') {
  const h = harness({ api });
  const fixture = await import('./helpers').then((m) => m.accountFixture({ accountId: ACCOUNT, password: PASSWORD }));
  h.services.sessions.save({ refreshToken: 'refresh-full-0', email: LAWYER, accountId: ACCOUNT, keys: fixture.request.keys, kdf: fixture.request.kdf });
  h.services.progress.save('link-number', LAWYER);
  api.resumeSession.mockImplementation(async () => session('full'));
  api.me.mockImplementation(async () => me(invitation));
  api.prelogin.mockImplementation(async () => ({ kdf: fixture.request.kdf }));
  api.twoFactorStatus.mockImplementation(async () => factors(true));
  const rendered = renderApp(h);
  return { h, fixture, ...rendered };
}

describe('step 5: link the BAR number', () => {
  it('asks for the number twice with the "include the letter A" hint, checks it here, and links after a step-up', async () => {
    const user = userEvent.setup();
    const api = fakeApi({
      professionalStatus: async () => ({ linked: false, active: false, kind: 'lawyer' }),
      stepUp: async () => ({ stepUpToken: 'grant_cccccccccccccccccccccccccccccccccccccccccc', expiresAt: '2026-11-28T09:05:00Z' }),
      linkProfessionalNumber: async () => ({ linked: true, active: true, kind: 'lawyer', number: 'A12345' }),
    });
    const { fixture, container } = await atLinkStep(api);
    expect(await screen.findByRole('heading', { name: 'Koppel uw BAR- of KBvG-nummer' })).toBeInTheDocument();
    expect(screen.getByText(/Stap 5 van 6/)).toBeInTheDocument();
    const number = await screen.findByLabelText(/^BAR-nummer/);
    expect(screen.getByText('Vermeld de letter "A", bijvoorbeeld A12345.')).toBeInTheDocument();
    await expectAccessible(container);

    await user.type(number, '12345');
    await user.type(screen.getByLabelText(/Bevestig uw BAR-nummer/), '12345');
    await press(user, 'Nummer koppelen');
    expect(await screen.findByText(/Vermeld de letter “A”: een BAR-nummer begint met de letter A/)).toBeInTheDocument();
    await user.clear(number);
    await user.type(number, 'a 12345');
    await press(user, 'Nummer koppelen');
    expect(await screen.findByText(/De twee nummers zijn niet gelijk/)).toBeInTheDocument();
    await user.clear(screen.getByLabelText(/Bevestig uw BAR-nummer/));
    await user.type(screen.getByLabelText(/Bevestig uw BAR-nummer/), 'A12345');
    await press(user, 'Nummer koppelen');

    const dialog = await openDialog('Bevestig dat u het bent');
    expect(within(dialog).getByText(/beroepsnummer koppelen/)).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText(/Huidig wachtwoord/, { selector: 'input' }), PASSWORD);
    await user.type(within(dialog).getByLabelText(/Code van 6 cijfers uit de app/), '123456');
    await press(user, 'Bevestigen', dialog);
    await waitFor(() => expect(api.linkProfessionalNumber).toHaveBeenCalledWith({ number: 'A12345', confirmNumber: 'A12345', stepUpToken: 'grant_cccccccccccccccccccccccccccccccccccccccccc' }));
    expect(api.stepUp).toHaveBeenCalledWith({ authValue: fixture.request.authValue, method: 'totp', code: '123456', purpose: 'link-number' });

    expect(await screen.findByRole('heading', { name: 'Uw account is klaar' })).toBeInTheDocument();
  });

  it('says "not available yet" while the linking API answers 404, and lets the user go on', async () => {
    const user = userEvent.setup();
    const api = fakeApi({ professionalStatus: async () => Promise.reject(apiError('NOT_FOUND')) });
    const { container } = await atLinkStep(api);
    expect(await screen.findByText(/Het koppelen van uw beroepsnummer is nog niet beschikbaar/)).toBeInTheDocument();
    await expectAccessible(container);
    await press(user, 'Doorgaan');
    expect(await screen.findByRole('heading', { name: 'Uw account is klaar' })).toBeInTheDocument();
  });

  it('explains a number the register does not list with this address, without saying whose it is', async () => {
    const user = userEvent.setup();
    const api = fakeApi({
      professionalStatus: async () => ({ linked: false, active: false, kind: 'lawyer' }),
      stepUp: async () => ({ stepUpToken: 'grant_cccccccccccccccccccccccccccccccccccccccccc', expiresAt: '' }),
      linkProfessionalNumber: async () => Promise.reject(apiError('NUMBER_NOT_MATCHED')),
    });
    await atLinkStep(api);
    await user.type(await screen.findByLabelText(/^BAR-nummer/), 'A12345');
    await user.type(screen.getByLabelText(/Bevestig uw BAR-nummer/), 'A12345');
    await press(user, 'Nummer koppelen');
    const dialog = await openDialog('Bevestig dat u het bent');
    await user.type(within(dialog).getByLabelText(/Huidig wachtwoord/, { selector: 'input' }), PASSWORD);
    await user.type(within(dialog).getByLabelText(/Code van 6 cijfers/), '123456');
    await press(user, 'Bevestigen', dialog);
    expect(await screen.findByRole('alert')).toHaveTextContent(/staat in het register niet bij het e-mailadres van dit account/);
  });
});

describe('step 6: done', () => {
  it('shows our own neutral court-connection badge once the number is linked, never the Rechtspraak logo', async () => {
    const user = userEvent.setup();
    const api = fakeApi({ professionalStatus: async () => ({ linked: true, active: true, kind: 'lawyer' }) });
    const { h, container } = await atLinkStep(api);
    expect(await screen.findByText('Uw beroepsnummer is al gekoppeld.')).toBeInTheDocument();
    await press(user, 'Doorgaan');
    expect(await screen.findByRole('heading', { name: 'Uw account is klaar' })).toBeInTheDocument();
    expect(await screen.findByText('Verbinding met de Rechtspraak actief')).toBeInTheDocument();
    expect(screen.getByText(/Zegel is geen onderdeel van de Rechtspraak/)).toBeInTheDocument();
    expect(screen.getByText('Dit adres is uitgenodigd als advocaat.')).toBeInTheDocument();
    expect(container.querySelector('img[src*="rechtspraak" i], img[alt*="Rechtspraak" i]')).toBeNull();
    await expectAccessible(container);
    await press(user, 'Naar Zegel');
    expect(await screen.findByText(`Ingelogd als ${LAWYER}`)).toBeInTheDocument();
    expect(JSON.parse(h.local.getItem(PROGRESS_KEY)!)).toMatchObject({ step: 'done' });
  });
});

describe('resuming onboarding', () => {
  it('resumes at the code entry with the address after the pane was closed', async () => {
    const h = harness();
    h.services.progress.save('verify-code', 'secretariaat@kantoor.nl');
    renderApp(h);
    expect(await screen.findByRole('heading', { name: 'Vul de activeringscode in' })).toBeInTheDocument();
    expect(screen.getByText(/Als secretariaat@kantoor.nl nog geen account heeft/)).toBeInTheDocument();
  });

  it('after activation asks for a login, then continues at the second factor, warning about an unconfirmed recovery code', async () => {
    const user = userEvent.setup();
    const { accountFixture } = await import('./helpers');
    const fixture = await accountFixture({ accountId: ACCOUNT, password: PASSWORD });
    const api = fakeApi({
      prelogin: async () => ({ kdf: fixture.request.kdf }),
      login: async ({ authValue }) => (authValue === fixture.request.authValue ? { stage: 'setup', session: session('setup') } : Promise.reject(apiError('CREDENTIALS_INVALID'))),
      me: async () => me(),
    });
    const h = harness({ api });
    h.services.progress.save('recovery-code', LAWYER);
    renderApp(h);
    expect(await screen.findByRole('heading', { name: 'Inloggen' })).toBeInTheDocument();
    expect(screen.getByText(/Het venster werd gesloten terwijl uw herstelcode werd getoond/)).toBeInTheDocument();
    expect(screen.getByLabelText(/E-mailadres/)).toHaveValue(LAWYER);
    await user.type(screen.getByLabelText(/^Wachtwoord/, { selector: 'input' }), PASSWORD);
    await press(user, 'Inloggen');
    expect(await screen.findByRole('heading', { name: 'Beveilig uw account' })).toBeInTheDocument();
    expect(screen.getByText(/Maak dan na het inloggen een nieuwe onder Beveiliging/)).toBeInTheDocument();
  });

  it('a kept session resumes without a login, and a refused one falls back to the login', async () => {
    const api = fakeApi({ resumeSession: async () => Promise.reject(apiError('SESSION_EXPIRED')) });
    const h = harness({ api });
    h.services.sessions.save({ refreshToken: 'refresh-old', email: LAWYER, accountId: ACCOUNT, keys: null, kdf: null });
    h.services.progress.save('second-factor', LAWYER);
    await act(async () => {
      renderApp(h);
    });
    expect(await screen.findByRole('heading', { name: 'Inloggen' })).toBeInTheDocument();
    expect(screen.getByText(/Log in om verder te gaan met het instellen van uw account/)).toBeInTheDocument();
    expect(h.session.getItem(SESSION_KEY)).toBeNull();
    expect(api.forgetSession).toHaveBeenCalled();
  });
});
