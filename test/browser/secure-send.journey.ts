// Journeys 2 (first half) and 3: a lawyer composes to griffie@rechtspraak.nl with a PDF that is
// broken and presses Send. The send handler (the built send-event bundle, in the page Outlook's event
// runtime would load) blocks the ordinary send and offers Secure send; the Secure send pane, opened on
// the same draft, refuses the broken PDF in its pre-flight check, before anything is encrypted or
// uploaded. Dutch and English, with screenshots and an axe scan of every screen.
import { journeySuite } from './harness/suite';
import { openInOutlook, type PaneOptions } from './harness/browser';
import { openPaneFromAlert, pressSendInOutlook } from './harness/outlook';
import { screenRecorder, type ScreenRecorder } from './harness/screens';
import { onboardFromInvitation, type Onboarded } from './harness/onboarding';
import { SECURE_SEND_TEXTS } from '../../addin/secure-send/texts';
import { textsFor as sendEventTexts } from '../../addin/send-event/texts';
import { SECURE_SEND_COMMAND_ID } from '../../addin/send-event/ids';

const LAWYERS = {
  nl: { number: 'A34567', name: 'mr. C. Bakker', email: 'c.bakker@kantoor.nl', password: 'Het verzoekschrift gaat vandaag nog de deur uit' },
  en: { number: 'A45678', name: 'mr. D. Visser', email: 'd.visser@advocatuur.nl', password: 'The petition leaves the office today' },
} as const;

const COURT = 'griffie@rechtspraak.nl';
const BROKEN_PDF = 'verzoekschrift.pdf';
/** A PDF cut off while saving: a header and half an object, no cross-reference table, no trailer. */
const BROKEN_PDF_BYTES = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R', 'latin1');

const suite = journeySuite('secure-send', Object.values(LAWYERS));

/** The item Outlook holds while the lawyer writes to the court. */
function draftToCourt(language: 'nl' | 'en'): NonNullable<PaneOptions['item']> {
  return {
    mode: 'compose',
    to: [{ emailAddress: COURT, displayName: language === 'nl' ? 'Griffie' : 'Registry' }],
    subject: language === 'nl' ? 'Verzoekschrift in de zaak 2026/0412' : 'Petition in case 2026/0412',
    body: { text: language === 'nl' ? 'Geachte griffier, bijgaand het verzoekschrift.' : 'Dear clerk, please find the petition attached.' },
    attachments: [{ name: BROKEN_PDF, contentType: 'application/pdf', content: BROKEN_PDF_BYTES.toString('base64') }],
  };
}

describe.each([
  ['nl', 'nl-NL'],
  ['en', 'en-US'],
] as const)('Secure send to the court with a broken PDF, in %s', (language, displayLanguage) => {
  const lawyer = LAWYERS[language];
  const texts = SECURE_SEND_TEXTS[language];
  let screens: ScreenRecorder;
  let state: Onboarded | undefined;

  beforeAll(() => {
    screens = screenRecorder(`secure-send-${language}`);
  });
  afterAll(async () => {
    await state?.journey.close();
  });

  it('blocks the ordinary send, opens Secure send, and refuses the broken PDF before anything is uploaded', async () => {
    state = await onboardFromInvitation({ browser: suite.browser, origin: suite.server.origin, mail: suite.mail, lawyer, language, displayLanguage, screens: screenRecorder(`secure-send-${language}-onboarding`) });
    const options: PaneOptions = { displayLanguage, mailbox: { emailAddress: lawyer.email, displayName: lawyer.name }, item: draftToCourt(language) };

    // Outlook's event runtime loads commands.html (with the built send-event bundle) and raises OnMessageSend.
    const runtime = await openInOutlook(state.journey, `${suite.server.origin}/commands.html`, options);
    const attempt = await pressSendInOutlook(runtime);
    expect(attempt.sent).toBe(false);
    expect(attempt.dialog).toBe('blocked');
    expect(attempt.button).toBe(sendEventTexts(displayLanguage).openSecureSend);
    expect(attempt.panes).toEqual([{ commandId: SECURE_SEND_COMMAND_ID, via: 'smart-alert' }]);
    expect(attempt.problems).toEqual([]);
    await runtime.close();

    // The Secure send button opens the pane on the same draft; the tab keeps the session, and the
    // reopened pane asks for the password to open the keys.
    const { page, pane: p } = state;
    await openPaneFromAlert(page, suite.server.origin, options);
    await p.heading('unlockTitle');
    await p.fill('passwordLabel', lawyer.password);
    await screens.capture(page, 'unlock');
    await p.press('unlockSubmit');

    const title = page.getByRole('heading', { name: texts.title, exact: true });
    await title.waitFor({ timeout: 60_000 });
    await page.getByText(COURT).first().waitFor();
    await page.getByText(BROKEN_PDF).first().waitFor();
    await screens.capture(page, 'secure-send-draft');

    const messageRequests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/messages')) messageRequests.push(`${request.method()} ${new URL(request.url()).pathname}`);
    });
    await page.getByRole('button', { name: texts.send, exact: true }).click();
    await page.getByRole('heading', { name: texts.blockedHeading, exact: true }).waitFor({ timeout: 60_000 });
    const reasons = Object.values(texts.blocker.pdfReason).map((reason) => texts.blocker.pdf(BROKEN_PDF, reason));
    const shown = (await page.locator('body').textContent()) ?? '';
    expect(reasons.some((text) => shown.includes(text))).toBe(true);
    await page.getByText(texts.blockedFooter).waitFor();
    await screens.capture(page, 'broken-pdf-refused');

    expect(messageRequests).toEqual([]);
    expect(state.journey.pageErrors).toEqual([]);
    expect(state.journey.refused).toEqual([]);
  });
});
