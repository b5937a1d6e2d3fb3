// Journey 5's reset as a flow: in a pane opened afresh, the person who forgot her password resets it
// with the recovery code and a backup code, keeps the new recovery code, and logs in with the new
// password and the authenticator app.
import { expect } from '@jest/globals';
import type { Authenticator } from './authenticator';
import type { Pane } from './pane';
import type { ScreenRecorder } from './screens';

export async function resetForgottenPassword(p: Pane, options: { email: string; recoveryCode: string; backupCode: string; newPassword: string; app: Authenticator; screens: ScreenRecorder }): Promise<void> {
  const { page } = p;
  const { screens } = options;
  await p.heading('checkAddressTitle');
  await page.getByText(p.t('mailboxIs', { address: options.email })).waitFor();
  await screens.capture(page, 'check-address');
  await p.press('haveAccount');
  await p.heading('loginTitle');
  expect(await p.field('emailLabel').inputValue()).toBe(options.email);
  await screens.capture(page, 'login');
  await p.press('forgotPassword');

  await p.heading('resetTitle');
  // As a person types it from the printout: lower case, spaces for dashes.
  await p.fill('recoveryCodeLabel', options.recoveryCode.toLowerCase().replace(/-/g, ' '));
  await screens.capture(page, 'reset-recovery-code');
  await p.press('continue');

  await p.heading('resetFactorTitle');
  await page.getByRole('radio', { name: p.t('methodBackupShort'), exact: true }).check();
  await p.fill('backupCodeLabel', options.backupCode);
  await screens.capture(page, 'reset-backup-code');
  await p.press('continue');

  await p.heading('resetPasswordTitle');
  await p.fill('newPasswordLabel', options.newPassword);
  await page.getByText(p.t('passwordOk')).waitFor();
  await screens.capture(page, 'reset-new-password');
  await p.press('resetSubmit');

  await p.heading('newRecoveryTitle');
  const [newRecovery] = await p.shownCodes('recoveryCodeCaption');
  expect(newRecovery).toBeTruthy();
  expect(newRecovery).not.toBe(options.recoveryCode);
  await screens.capture(page, 'reset-new-recovery-code');
  await p.keep('keptRecoveryCode', 'loginTitle');

  await p.heading('loginTitle');
  await page.getByText(p.t('resetDone')).waitFor();
  await p.fill('passwordLabel', options.newPassword);
  await p.press('loginSubmit');
  await p.heading('loginFactorTitle');
  await page.getByRole('radio', { name: p.t('methodAppShort'), exact: true }).check();
  await p.fill('appCodeLabel', await options.app.next());
  await screens.capture(page, 'login-second-factor');
  await p.press('loginCodeSubmit');
  await page.getByText(p.t('signedInAs', { email: options.email })).waitFor();
  await p.expectNoError();
}
