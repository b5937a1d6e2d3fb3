// Journeys 1, 5 and 6 of the browser suite: a lawyer invited from the bar register onboards in the
// Outlook pane (register, activate, keep the recovery code, authenticator app, backup codes, link the
// BAR number: connection active), then forgets the password and resets it with the recovery code and
// a backup code — in Dutch and in English, with an axe scan of every screen reached.
import type { Browser } from 'playwright-core';
import { startZegel, type ZegelServer } from './harness/server';
import { launchChromium, newJourney, openInOutlook, type Journey } from './harness/browser';
import { outboxes, extract, type Outboxes } from './harness/outboxes';
import { authenticatorApp, type Authenticator } from './harness/authenticator';
import { screenRecorder, type ScreenRecorder } from './harness/screens';
import { pane, type Pane } from './harness/pane';

const LAWYERS = {
  nl: { number: 'A12345', name: 'mr. A. Jansen', email: 'a.jansen@kantoor.nl', password: 'Zeven ongewone woorden voor de griffie', newPassword: 'Een heel nieuw zinnetje voor het zegel' },
  en: { number: 'A23456', name: 'mr. B. de Vries', email: 'b.devries@advocatuur.nl', password: 'Seven unusual words for the registry', newPassword: 'A brand new sentence for the seal' },
} as const;

let server: ZegelServer;
let browser: Browser;
let mail: Outboxes;

beforeAll(async () => {
  server = await startZegel({
    name: 'first-use',
    register: Object.values(LAWYERS).map((l) => ({ number: l.number, kind: 'lawyer' as const, name: l.name, email: l.email })),
  });
  mail = outboxes(server.dataDir);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface Onboarded {
  journey: Journey;
  pane: Pane;
  app: Authenticator;
  recoveryCode: string;
  backupCodes: string[];
}

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
    const invitation = await mail.mail({ to: lawyer.email, kind: 'invitation' });
    const link = extract(invitation.text, /(http:\/\/\S+\/app#invitation=[A-Za-z0-9_-]+)/, 'invitation link');
    expect(new URL(link).origin).toBe(server.origin);

    const journey = await newJourney(browser, server.origin, { locale: displayLanguage });
    // The lawyer reads the invitation in Outlook and opens the link in the pane (/app serves the pane's page).
    const page = await openInOutlook(journey, link, {
      displayLanguage,
      mailbox: { emailAddress: lawyer.email, displayName: lawyer.name },
      item: { mode: 'read', from: { emailAddress: extract(invitation.from, /<([^>]+)>/, 'sender'), displayName: 'Zegel' }, to: [lawyer.email], subject: invitation.subject, body: { text: invitation.text } },
    });
    const p = pane(page, language);

    await p.heading('registerTitle');
    await page.getByText(p.t('invitationFound')).waitFor();
    expect(await p.field('emailLabel').inputValue()).toBe(lawyer.email);
    await screens.capture(page, 'register-from-invitation');
    await p.press('registerSubmit');

    await p.heading('passwordTitle');
    await p.fill('passwordLabel', lawyer.password);
    await page.getByText(p.t('passwordOk')).waitFor();
    await screens.capture(page, 'choose-password');
    await p.press('activateSubmit');

    await p.heading('recoveryTitle');
    const [shownRecovery] = await p.shownCodes('recoveryCodeCaption');
    const kept = await p.download();
    expect(shownRecovery).toBeTruthy();
    expect(kept).toContain(shownRecovery);
    await screens.capture(page, 'recovery-code');
    await p.keep('keptRecoveryCode');

    await p.heading('secondFactorTitle');
    await screens.capture(page, 'second-factor-choice');
    await p.press('start');
    await page.getByText(p.t('manualSecret')).waitFor();
    const secret = (await page.getByText(p.t('manualSecret')).locator('xpath=following-sibling::*[1]').textContent()) ?? '';
    const app = authenticatorApp(secret);
    await screens.capture(page, 'authenticator-app');
    await p.fill('appCodeLabel', await app.next());
    await p.press('confirmApp');

    await p.heading('backupTitle');
    const backupCodes = await p.shownCodes('backupCodesCaption');
    expect(backupCodes.length).toBeGreaterThanOrEqual(5);
    await screens.capture(page, 'backup-codes');
    await p.keep('keptBackupCodes');

    await p.heading('linkTitle');
    await p.fill('numberLabelLawyer', lawyer.number);
    await p.fill('confirmNumberLabelLawyer', lawyer.number);
    await screens.capture(page, 'link-number');
    await p.press('linkSubmit');
    await p.heading('stepUpTitle');
    await p.fill('currentPasswordLabel', lawyer.password);
    await p.fill('appCodeLabel', await app.next());
    await screens.capture(page, 'step-up');
    await p.press('confirm');

    await p.heading('doneTitle');
    await page.getByText(p.t('courtConnectionActive')).waitFor();
    await page.getByText(p.t('invitationLawyer')).waitFor();
    await screens.capture(page, 'connection-active');
    await p.press('toZegel');
    await page.getByText(p.t('signedInAs', { email: lawyer.email })).waitFor();
    await screens.capture(page, 'home');

    expect(journey.pageErrors).toEqual([]);
    expect(journey.refused).toEqual([]);
    state = { journey, pane: p, app, recoveryCode: shownRecovery!, backupCodes };
  });

  it('resets a forgotten password with the recovery code and a backup code, then logs in with the new one', async () => {
    expect(state).toBeDefined();
    // Another day, another computer: the pane opens afresh, without the earlier tab's storage.
    const journey = await newJourney(browser, server.origin, { locale: displayLanguage });
    try {
      const page = await openInOutlook(journey, `${server.origin}/taskpane.html`, { displayLanguage, mailbox: { emailAddress: lawyer.email, displayName: lawyer.name }, item: { mode: 'read', subject: 'Rolzitting', to: [lawyer.email] } });
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
