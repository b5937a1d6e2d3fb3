// Journeys 2 and 5 (its second half) of the browser suite. A lawyer (Outlook in English) writes to
// griffie@rechtspraak.nl with a PDF and presses Send: the send handler blocks the ordinary send and
// offers Secure send, the pre-flight check passes, the message is encrypted in the pane and the
// signed receipt is shown. A court clerk (a browser in Dutch) opens the court desk of the web app,
// decrypts the filing and downloads the PDF byte for byte as sent, and replies; the lawyer opens the
// reply from the notification mail. Then the lawyer forgets her password, resets it with the recovery
// code and a backup code, and the reply still opens. Zegel runs the court build (it trusts the
// test-only unit key of test/fixtures) behind its public https origin; axe scans every screen.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { journeySuite } from './harness/suite';
import { openInBrowser, openInOutlook, type PaneOptions } from './harness/browser';
import { screenRecorder, type ScreenRecorder } from './harness/screens';
import { onboardFromInvitation, type Onboarded } from './harness/onboarding';
import { openPaneFromAlert, pressSendInOutlook, reopenPane } from './harness/outlook';
import { accountOverHttp, publishUnitKey, type Person } from './harness/accounts';
import { courtUnitKey } from './harness/court-build';
import { extract } from './harness/outboxes';
import { pane, type Pane } from './harness/pane';
import { resetForgottenPassword } from './harness/reset';
import { SECURE_SEND_TEXTS } from '../../addin/secure-send/texts';
import { webTexts as webAppTexts } from '../../addin/webapp/texts';
import { textsFor as sendEventTexts } from '../../addin/send-event/texts';
import { SECURE_SEND_COMMAND_ID } from '../../addin/send-event/ids';
import { goodPdf } from '../addin/secure-send/fixtures';

const COURT = 'griffie@rechtspraak.nl';
const ORG_CLI = 'api/organisations/admin-cli.ts';
const LAWYER = { number: 'A56789', name: 'mr. E. Smit', email: 'e.smit@advocatuur.nl', password: 'The statement of defence goes to the registry', newPassword: 'A fresh sentence after a forgotten one' };
const CLERK = { email: 'griffier@rechtspraak.nl', password: 'De griffie ontvangt de stukken veilig en op tijd' };
const CASE = 'C/13/754321';
const SUBJECT = `Case ${CASE}: statement of defence`;
const PDF_NAME = 'statement-of-defence.pdf';
const REPLY_BODY = 'Geachte mr. Smit, de conclusie van antwoord is ontvangen en bij de stukken gevoegd.';

const suite = journeySuite('court-mail', [LAWYER], {
  court: true,
  setup: [
    { cli: ORG_CLI, args: ['create', 'rechtspraak', 'De Rechtspraak', 'rechtspraak.nl'] },
    { cli: ORG_CLI, args: ['add-unit', 'rechtspraak', 'Griffie Testrechtbank', '--default', COURT] },
  ],
});

/** The court's unit, made by its clerk: the administrator adds her, her client makes and wraps the unit key. */
async function setUpCourtDesk(): Promise<Person> {
  const unitId = extract(suite.setupOutput[1] ?? '', /^unit (\S+) /m, 'unit id');
  const clerk = await accountOverHttp({ address: suite.server.address, mail: suite.mail, email: CLERK.email, password: CLERK.password });
  const [added] = await suite.server.admin([{ cli: ORG_CLI, args: ['add-member', unitId, clerk.email, '--admin'] }]);
  const memberId = extract(added ?? '', /^member (\S+):/m, 'member id');
  await publishUnitKey({ address: suite.server.address, clerk, unitId, memberId, unitKey: await courtUnitKey() });
  return clerk;
}

/** Logs in on the web app's page (/app) in a plain browser: password, then the authenticator app. */
async function logInToWebApp(page: Page, p: Pane, who: { email: string; password: string; app: { next(): Promise<string> } }): Promise<void> {
  await p.heading('checkAddressTitle');
  await p.press('haveAccount');
  await p.heading('loginTitle');
  await p.fill('emailLabel', who.email);
  await p.fill('passwordLabel', who.password);
  await p.press('loginSubmit');
  await p.heading('loginFactorTitle');
  await page.getByRole('radio', { name: p.t('methodAppShort'), exact: true }).check();
  await p.fill('appCodeLabel', await who.app.next());
  await p.press('loginCodeSubmit');
}

describe('a filing to the court, read and answered on the court desk', () => {
  let clerk: Person;
  let lawyer: Onboarded;
  let pdf: Buffer;
  let screens: ScreenRecorder;
  let clerkScreens: ScreenRecorder;
  const en = SECURE_SEND_TEXTS.en;
  const webNl = webAppTexts('nl');
  const webEn = webAppTexts('en');

  beforeAll(async () => {
    screens = screenRecorder('court-mail-lawyer-en');
    clerkScreens = screenRecorder('court-mail-clerk-nl');
    pdf = Buffer.from(await goodPdf('Statement of defence', 3));
    clerk = await setUpCourtDesk();
  });
  afterAll(async () => {
    await lawyer?.journey.close();
  });

  it('sends a PDF to griffie@rechtspraak.nl with Secure send after Outlook’s Send is blocked, and shows the verified receipt', async () => {
    lawyer = await onboardFromInvitation({ browser: suite.browser, origin: suite.server.origin, upstream: suite.server.address, mail: suite.mail, lawyer: LAWYER, language: 'en', displayLanguage: 'en-US', screens: screenRecorder('court-mail-lawyer-en-onboarding') });
    const options: PaneOptions = {
      displayLanguage: 'en-US',
      mailbox: { emailAddress: LAWYER.email, displayName: LAWYER.name },
      item: { mode: 'compose', to: [{ emailAddress: COURT, displayName: 'Registry' }], subject: SUBJECT, body: { text: 'Dear clerk, please find the statement of defence attached.' }, attachments: [{ name: PDF_NAME, contentType: 'application/pdf', content: pdf.toString('base64') }] },
    };
    const runtime = await openInOutlook(lawyer.journey, `${suite.server.origin}/commands.html`, options);
    const attempt = await pressSendInOutlook(runtime);
    expect(attempt).toMatchObject({ sent: false, dialog: 'blocked', button: sendEventTexts('en-US').openSecureSend, panes: [{ commandId: SECURE_SEND_COMMAND_ID, via: 'smart-alert' }], problems: [] });
    await runtime.close();

    const { page, pane: p } = lawyer;
    await openPaneFromAlert(page, suite.server.origin, options);
    await p.heading('unlockTitle');
    await p.fill('passwordLabel', LAWYER.password);
    await p.press('unlockSubmit');
    await page.getByRole('heading', { name: en.title, exact: true }).waitFor({ timeout: 60_000 });
    await page.getByText(PDF_NAME).first().waitFor();
    await screens.capture(page, 'secure-send-draft');

    await page.getByRole('button', { name: en.send, exact: true }).click();
    await page.getByRole('heading', { name: en.receiptHeading, exact: true }).waitFor({ timeout: 120_000 });
    await page.getByText(en.receiptIntro).waitFor();
    const receipt = (await page.locator('body').textContent()) ?? '';
    expect(receipt).toContain(LAWYER.number);
    expect(receipt).toContain(COURT);
    // The receipt names the PDF with the SHA-256 of the bytes that were attached.
    expect(receipt).toContain(PDF_NAME);
    expect(receipt).toContain(crypto.createHash('sha256').update(pdf).digest('hex'));
    await screens.capture(page, 'receipt');
    expect(lawyer.journey.pageErrors).toEqual([]);
    expect(lawyer.journey.refused).toEqual([]);
  });

  it('shows the filing on the clerk’s desk, decrypts the PDF byte for byte, and sends the reply', async () => {
    // The web app in a desktop browser window, not in a pane.
    const journey = await suite.journey({ locale: 'nl-NL', viewport: { width: 1100, height: 760 } });
    try {
      const page = await openInBrowser(journey, `${suite.server.origin}/app`);
      const p = pane(page, 'nl');
      await logInToWebApp(page, p, { email: CLERK.email, password: CLERK.password, app: clerk.app });
      await p.press('messagesAction');
      await page.getByRole('button', { name: webNl.nav.desk, exact: true }).click();
      await page.getByRole('heading', { name: webNl.desk.heading, exact: true }).waitFor({ timeout: 60_000 });
      await page.getByText(webNl.desk.results(1, 1)).waitFor({ timeout: 60_000 });
      const row = page.getByRole('table', { name: webNl.desk.heading }).getByRole('row').nth(1);
      await expect(row.textContent()).resolves.toContain(LAWYER.email);
      await expect(row.textContent()).resolves.toContain(LAWYER.number);
      await clerkScreens.capture(page, 'court-desk');

      await page.getByRole('button', { name: SUBJECT, exact: true }).click();
      await page.getByRole('heading', { name: SUBJECT }).or(page.getByText(SUBJECT)).first().waitFor({ timeout: 60_000 });
      await page.getByText(webNl.message.receiptValid).waitFor({ timeout: 60_000 });
      await clerkScreens.capture(page, 'court-desk-message');

      const downloadButton = page.getByRole('button', { name: new RegExp(`^${PDF_NAME.replace(/\./g, '\\.')} downloaden`) });
      const [saved] = await Promise.all([page.waitForEvent('download'), downloadButton.click()]);
      expect(saved.suggestedFilename()).toBe(PDF_NAME);
      expect(Buffer.compare(fs.readFileSync(await saved.path()), pdf)).toBe(0);

      await page.getByRole('button', { name: webNl.message.reply, exact: true }).click();
      await page.getByRole('heading', { name: webNl.send.replyHeading, exact: true }).waitFor();
      await page.getByRole('textbox', { name: webNl.send.body }).fill(REPLY_BODY);
      await clerkScreens.capture(page, 'court-desk-reply');
      await page.getByRole('button', { name: webNl.send.send, exact: true }).click();
      await page.getByRole('heading', { name: webNl.send.doneHeading, exact: true }).waitFor({ timeout: 120_000 });
      await clerkScreens.capture(page, 'court-desk-reply-sent');
      expect(journey.pageErrors).toEqual([]);
      expect(journey.refused).toEqual([]);
    } finally {
      await journey.close();
    }
  });

  it('opens the clerk’s reply from the notification mail in the lawyer’s pane', async () => {
    const notification = await suite.mail.mail({ to: LAWYER.email, kind: 'message.notification' });
    const link = extract(notification.text, /(https:\/\/\S+\/app#message=[A-Za-z0-9_-]+)/, 'message link');
    // She reads the notification in Outlook and opens its link in the pane.
    const { page, pane: p } = lawyer;
    await reopenPane(page, link, {
      displayLanguage: 'en-US',
      mailbox: { emailAddress: LAWYER.email, displayName: LAWYER.name },
      item: { mode: 'read', from: { emailAddress: extract(notification.from, /<([^>]+)>/, 'sender'), displayName: 'Zegel' }, to: [LAWYER.email], subject: notification.subject, body: { text: notification.text } },
    });
    await p.heading('unlockTitle');
    await p.fill('passwordLabel', LAWYER.password);
    await p.press('unlockSubmit');
    await page.getByText(REPLY_BODY).waitFor({ timeout: 60_000 });
    await page.getByText(webEn.message.receiptValid).waitFor();
    await screens.capture(page, 'reply-read');
    expect(lawyer.journey.pageErrors).toEqual([]);
  });

  it('still opens the reply after a forgotten password was reset with the recovery code and a backup code', async () => {
    const journey = await suite.journey({ locale: 'en-US' });
    try {
      const page = await openInOutlook(journey, `${suite.server.origin}/taskpane.html`, { displayLanguage: 'en-US', mailbox: { emailAddress: LAWYER.email, displayName: LAWYER.name }, item: { mode: 'read', subject: 'Rolzitting', to: [LAWYER.email] } });
      const p = pane(page, 'en');
      await resetForgottenPassword(p, { email: LAWYER.email, recoveryCode: lawyer.recoveryCode, backupCode: lawyer.backupCodes[0]!, newPassword: LAWYER.newPassword, app: lawyer.app, screens: screenRecorder('court-mail-lawyer-en-reset') });
      await p.press('messagesAction');
      await page.getByRole('heading', { name: webEn.inbox.heading, exact: true }).waitFor({ timeout: 60_000 });
      await page.getByRole('button', { name: new RegExp(`^${webEn.inbox.open('').trim()}`) }).first().click();
      await page.getByText(REPLY_BODY).waitFor({ timeout: 60_000 });
      await screens.capture(page, 'reply-read-after-reset');
      expect(journey.pageErrors).toEqual([]);
      expect(journey.refused).toEqual([]);
    } finally {
      await journey.close();
    }
  });
});
