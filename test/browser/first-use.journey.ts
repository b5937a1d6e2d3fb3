// Journeys 1, 5 and 6 of the browser suite: a lawyer invited from the bar register onboards in the
// Outlook pane (register, activate, keep the recovery code, authenticator app, backup codes, link the
// BAR number: connection active), then forgets the password and resets it with the recovery code and
// a backup code — in Dutch and in English, with an axe scan of every screen reached.
import { journeySuite } from './harness/suite';
import { newJourney, openInOutlook } from './harness/browser';
import { screenRecorder, type ScreenRecorder } from './harness/screens';
import { pane } from './harness/pane';
import { onboardFromInvitation, type Onboarded } from './harness/onboarding';

const LAWYERS = {
  nl: { number: 'A12345', name: 'mr. A. Jansen', email: 'a.jansen@kantoor.nl', password: 'Zeven ongewone woorden voor de griffie', newPassword: 'Een heel nieuw zinnetje voor het zegel' },
  en: { number: 'A23456', name: 'mr. B. de Vries', email: 'b.devries@advocatuur.nl', password: 'Seven unusual words for the registry', newPassword: 'A brand new sentence for the seal' },
} as const;

const suite = journeySuite('first-use', Object.values(LAWYERS));

describe.each([
  ['nl', 'nl-NL'],
  ['en', 'en-US'],
] as const)('first use and a forgotten password, in %s', (language, displayLanguage) => {
  const lawyer = LAWYERS[language];
  let screens: ScreenRecorder;
  let state: Onboarded;

  beforeAll(() => {
    screens = screenRecorder(`first-use-${language}`);
  });
  afterAll(async () => {
    await state?.journey.close();
  });

  it('onboards from the invitation in the outbox to an active connection with de Rechtspraak', async () => {
    state = await onboardFromInvitation({ browser: suite.browser, origin: suite.server.origin, mail: suite.mail, lawyer, language, displayLanguage, screens });
  });

  it('resets a forgotten password with the recovery code and a backup code, then logs in with the new one', async () => {
    expect(state).toBeDefined();
    // Another day, another computer: the pane opens afresh, without the earlier tab's storage.
    const journey = await newJourney(suite.browser, suite.server.origin, { locale: displayLanguage });
    try {
      const page = await openInOutlook(journey, `${suite.server.origin}/taskpane.html`, { displayLanguage, mailbox: { emailAddress: lawyer.email, displayName: lawyer.name }, item: { mode: 'read', subject: 'Rolzitting', to: [lawyer.email] } });
      const p = pane(page, language);

      await p.heading('checkAddressTitle');
      await page.getByText(p.t('mailboxIs', { address: lawyer.email })).waitFor();
      await screens.capture(page, 'check-address');
      await p.press('haveAccount');
      await p.heading('loginTitle');
      expect(await p.field('emailLabel').inputValue()).toBe(lawyer.email);
      await screens.capture(page, 'login');
      await p.press('forgotPassword');

      await p.heading('resetTitle');
      await p.fill('recoveryCodeLabel', state.recoveryCode.toLowerCase().replace(/-/g, ' '));
      await screens.capture(page, 'reset-recovery-code');
      await p.press('continue');

      await p.heading('resetFactorTitle');
      await page.getByRole('radio', { name: p.t('methodBackupShort'), exact: true }).check();
      await p.fill('backupCodeLabel', state.backupCodes[0]!);
      await screens.capture(page, 'reset-backup-code');
      await p.press('continue');

      await p.heading('resetPasswordTitle');
      await p.fill('newPasswordLabel', lawyer.newPassword);
      await page.getByText(p.t('passwordOk')).waitFor();
      await screens.capture(page, 'reset-new-password');
      await p.press('resetSubmit');

      await p.heading('newRecoveryTitle');
      const [newRecovery] = await p.shownCodes('recoveryCodeCaption');
      expect(newRecovery).toBeTruthy();
      expect(newRecovery).not.toBe(state.recoveryCode);
      await screens.capture(page, 'reset-new-recovery-code');
      await p.keep('keptRecoveryCode', 'loginTitle');

      await p.heading('loginTitle');
      await page.getByText(p.t('resetDone')).waitFor();
      await p.fill('passwordLabel', lawyer.newPassword);
      await p.press('loginSubmit');
      await p.heading('loginFactorTitle');
      await page.getByRole('radio', { name: p.t('methodAppShort'), exact: true }).check();
      await p.fill('appCodeLabel', await state.app.next());
      await screens.capture(page, 'login-second-factor');
      await p.press('loginCodeSubmit');
      await page.getByText(p.t('signedInAs', { email: lawyer.email })).waitFor();
      await p.expectNoError();
      await screens.capture(page, 'home-after-reset');

      expect(journey.pageErrors).toEqual([]);
      expect(journey.refused).toEqual([]);
    } finally {
      await journey.close();
    }
  });
});
