/** @jest-environment ./test/addin/taskpane/environment.ts */
/* eslint-disable @typescript-eslint/require-await -- the fakes answer as the async API they stand in for */
// Forgotten password: the recovery code and a second factor, then a new password, then a NEW recovery
// code shown once. The user key stays the same, so every earlier message stays readable.
import { unlockWithPassword } from '../../../shared/crypto/account-keys';
import { deriveRecoveryKeys, parseRecoveryCode, unlockWithRecoveryCode } from '../../../shared/crypto/recovery-code';
import { TEST_KDF_PARAMS } from '../../../shared/crypto/kdf';
import type { NewPassword, NewRecovery } from '../../../addin/api/types';
import { press, PASSWORD, accountFixture, apiError, expectAccessible, fakeApi, harness, renderApp, screen, userEvent } from './helpers';

jest.setTimeout(30_000);

const EMAIL = 'mr.jansen@kantoor.nl';
const ACCOUNT = 'acct_jansen_0123456789ab';
const NEW_PASSWORD = 'nog een veel langer nieuw wachtwoord';
let fixture: Awaited<ReturnType<typeof accountFixture>>;

beforeAll(async () => {
  fixture = await accountFixture({ accountId: ACCOUNT, password: PASSWORD });
});

function server() {
  const completed: { resetToken: string; password: NewPassword; recovery: NewRecovery }[] = [];
  const api = fakeApi({
    startRecovery: async ({ email, recoveryAuthValue }) =>
      email === EMAIL && recoveryAuthValue === fixture.request.recovery.authValue
        ? { attemptToken: 'recovery_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', methods: ['totp', 'sms', 'backup'] }
        : Promise.reject(apiError('RECOVERY_CODE_INVALID')),
    sendRecoverySms: async () => undefined,
    verifyRecovery: async ({ method, code }) =>
      method === 'totp' && code === '123456'
        ? { resetToken: 'reset_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', accountId: ACCOUNT, wrappedUserKeyByRecovery: fixture.request.recovery.wrappedUserKeyByRecovery, encryptedPrivateKey: fixture.request.keys.encryptedPrivateKey }
        : Promise.reject(apiError('TOTP_INVALID')),
    completeRecovery: async (input) => {
      completed.push(input);
    },
  });
  return { api, completed };
}

describe('password reset with the recovery code', () => {
  it('needs the code and a factor, sets a new password, and shows a NEW recovery code once; the key stays the same', async () => {
    const user = userEvent.setup();
    const { api, completed } = server();
    const h = harness({ api });
    h.services.progress.save('done', EMAIL);
    const { container } = renderApp(h);
    await press(user, 'Wachtwoord vergeten?');
    expect(await screen.findByRole('heading', { name: 'Nieuw wachtwoord met uw herstelcode' })).toBeInTheDocument();
    expect(screen.getByText(/kan alleen opnieuw beginnen met een nieuwe uitnodiging. Berichten die eerder aan u zijn versleuteld, blijven dan onleesbaar/)).toBeInTheDocument();
    await expectAccessible(container);

    // Typed as people type it: lower case, spaces instead of dashes.
    await user.type(screen.getByLabelText(/^Herstelcode/), fixture.recoveryCode.toLowerCase().replace(/-/g, ' '));
    await press(user, 'Doorgaan');
    expect(await screen.findByRole('heading', { name: 'Bevestig met uw extra inlogmethode' })).toBeInTheDocument();
    expect(api.startRecovery).toHaveBeenCalledWith({ email: EMAIL, recoveryAuthValue: fixture.request.recovery.authValue });
    await expectAccessible(container);

    await user.click(screen.getByRole('radio', { name: 'Sms' }));
    await press(user, 'Code sturen');
    expect(api.sendRecoverySms).toHaveBeenCalledWith({ attemptToken: 'recovery_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' });
    await user.click(screen.getByRole('radio', { name: 'Authenticator-app' }));
    await user.type(screen.getByLabelText(/Code van 6 cijfers/), '123456');
    await press(user, 'Doorgaan');

    expect(await screen.findByRole('heading', { name: 'Kies een nieuw wachtwoord' })).toBeInTheDocument();
    const password = screen.getByLabelText(/^Nieuw wachtwoord/, { selector: 'input' });
    await user.type(password, 'kort');
    expect(await screen.findByText(/Gebruik minstens 12 tekens/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Wachtwoord instellen' })).toBeDisabled();
    await user.clear(password);
    await user.type(password, NEW_PASSWORD);
    await expectAccessible(container);
    await press(user, 'Wachtwoord instellen');

    expect(await screen.findByRole('heading', { name: 'Uw nieuwe herstelcode' }, { timeout: 10_000 })).toBeInTheDocument();
    const shown = screen.getByRole('list', { name: 'Uw herstelcode' }).textContent;
    expect(shown).not.toBe(fixture.recoveryCode);
    await expectAccessible(container);

    // What was uploaded: a new password wrap and a new recovery wrap around the same key.
    expect(completed).toHaveLength(1);
    const { password: newWrap, recovery } = completed[0]!;
    expect(completed[0]!.resetToken).toBe('reset_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb');
    const byNewPassword = await unlockWithPassword({ accountId: ACCOUNT, password: NEW_PASSWORD, kdfParams: newWrap.kdf, wrappedUserKeyByPassword: newWrap.wrappedUserKeyByPassword, encryptedPrivateKey: fixture.request.keys.encryptedPrivateKey, floor: TEST_KDF_PARAMS });
    expect(byNewPassword.fingerprint).toBe(fixture.unlocked.fingerprint);
    const byNewCode = await unlockWithRecoveryCode({ accountId: ACCOUNT, code: parseRecoveryCode(shown), wrappedUserKeyByRecovery: recovery.wrappedUserKeyByRecovery, encryptedPrivateKey: fixture.request.keys.encryptedPrivateKey });
    expect(byNewCode.fingerprint).toBe(fixture.unlocked.fingerprint);
    expect(recovery.authValue).toBe((await deriveRecoveryKeys(parseRecoveryCode(shown))).authValue);
    expect(JSON.stringify(completed)).not.toContain(NEW_PASSWORD);
    expect(JSON.stringify(completed)).not.toContain(shown);

    await user.click(screen.getByRole('checkbox', { name: 'Ik heb de herstelcode bewaard' }));
    await press(user, 'Inloggen');
    expect(await screen.findByRole('heading', { name: 'Inloggen' })).toBeInTheDocument();
    expect(screen.getByText(/Uw wachtwoord is gewijzigd en alle sessies zijn beëindigd/)).toBeInTheDocument();
  });

  it('catches a mistyped recovery code here, before asking the server', async () => {
    const user = userEvent.setup();
    const { api } = server();
    const h = harness({ api });
    h.services.progress.save('done', EMAIL);
    renderApp(h);
    await press(user, 'Wachtwoord vergeten?');
    const wrong = fixture.recoveryCode.slice(0, -1) + (fixture.recoveryCode.endsWith('0') ? '1' : '0');
    await user.type(await screen.findByLabelText(/^Herstelcode/), wrong);
    await press(user, 'Doorgaan');
    expect(await screen.findByRole('alert')).toHaveTextContent('Dit is geen geldige herstelcode. Controleer hem op typefouten.');
    expect(api.startRecovery).not.toHaveBeenCalled();
  });

  it('says so when the server does not accept the code', async () => {
    const user = userEvent.setup();
    const { api } = server();
    api.startRecovery.mockImplementation(async () => Promise.reject(apiError('RECOVERY_CODE_INVALID')));
    const h = harness({ api });
    h.services.progress.save('done', EMAIL);
    renderApp(h);
    await press(user, 'Wachtwoord vergeten?');
    await user.type(await screen.findByLabelText(/^Herstelcode/), fixture.recoveryCode);
    await press(user, 'Doorgaan');
    expect(await screen.findByRole('alert')).toHaveTextContent('Deze herstelcode is niet geldig.');
  });
});
