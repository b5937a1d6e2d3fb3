// Journeys 1, 5 and 6 of the browser suite: a lawyer invited from the bar register onboards in the
// Outlook pane (register, activate, keep the recovery code, authenticator app, backup codes, link the
// BAR number: connection active), then forgets the password and resets it with the recovery code and
// a backup code — in Dutch and in English, with an axe scan of every screen reached.
import { journeySuite } from './harness/suite';
import { newJourney, openInOutlook } from './harness/browser';
import { screenRecorder, type ScreenRecorder } from './harness/screens';
import { pane } from './harness/pane';
import { onboardFromInvitation, type Onboarded } from './harness/onboarding';
import { resetForgottenPassword } from './harness/reset';

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

      await resetForgottenPassword(p, { email: lawyer.email, recoveryCode: state.recoveryCode, backupCode: state.backupCodes[0]!, newPassword: lawyer.newPassword, app: state.app, screens });
      await screens.capture(page, 'home-after-reset');

      expect(journey.pageErrors).toEqual([]);
      expect(journey.refused).toEqual([]);
    } finally {
      await journey.close();
    }
  });
});
