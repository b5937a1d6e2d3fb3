// Journey 4 of the browser suite. A lawyer and her secretary share the firm's mailbox
// secretariaat@advocatuur.nl (firm, membership and the mailbox registered over the API, the code from
// the outbox). In the pane, the lawyer (Outlook in Dutch) grants the secretary send-on-behalf with a
// step-up; the secretary (Outlook in English) accepts, composes from the shared mailbox, picks the
// lawyer in Secure send and sends; the receipt names the lawyer. The lawyer revokes on her screen;
// the secretary's next attempt on behalf of the lawyer is refused and nothing is sent.
import type { Page } from 'playwright-core';
import { journeySuite } from './harness/suite';
import { openInOutlook, type Journey, type PaneOptions } from './harness/browser';
import { screenRecorder, type ScreenRecorder } from './harness/screens';
import { openPaneFromAlert } from './harness/outlook';
import { accountOverHttp, type Person } from './harness/accounts';
import { extract } from './harness/outboxes';
import { pane, type Pane } from './harness/pane';
import { request, bearer, passwordLogin } from '../helpers/api';
import { SECURE_SEND_TEXTS } from '../../addin/secure-send/texts';
import type { Language } from '../../addin/i18n/messages';

const FIRM_DOMAIN = 'advocatuur.nl';
const SHARED = `secretariaat@${FIRM_DOMAIN}`;
const LAWYER = { number: 'A24680', name: 'mr. L. de Vries', email: `l.devries@${FIRM_DOMAIN}`, password: 'De pleitnota gaat vandaag nog naar de wederpartij' };
const SECRETARY = { name: 'S. Jansen', email: `s.jansen@${FIRM_DOMAIN}`, password: 'The secretary sends the letters on time' };
const COLLEAGUE = { email: `k.bos@${FIRM_DOMAIN}`, password: 'A colleague who receives the letters' };

// The court build: the pane accepts receipts only from the public origin it was built for.
const suite = journeySuite('secretary', [LAWYER], { court: true });

async function ok(what: string, pending: Promise<{ status: number; body: unknown }>, status = 200): Promise<Record<string, unknown>> {
  const res = await pending;
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown>;
}

/** Step 4 over HTTP, as the pane does it: a step-up with a backup code, then the BAR number. */
async function linkNumber(person: Person, number: string): Promise<void> {
  const address = suite.server.address;
  const { passwordKeys } = await passwordLogin({ app: address, mailTo: () => Promise.reject(new Error('no mail read here')) }, person.email, person.password);
  const token = await person.token();
  const stepUp = await ok('step-up', request(address).post('/api/auth/step-up').set(...bearer(token)).send({ authValue: passwordKeys.authValue, method: 'backup', code: person.backupCodes.shift(), purpose: 'link-number' }));
  await ok('link', request(address).post('/api/professional/link').set(...bearer(await person.token())).send({ number, confirmation: number, stepUpToken: stepUp.stepUpToken }));
}

/** The firm with both as members and the shared mailbox, registered with the code mailed to it; both use it. */
async function setUpFirm(lawyer: Person, secretary: Person): Promise<void> {
  const address = suite.server.address;
  const firm = await ok('firm', request(address).post('/api/firms').set(...bearer(await lawyer.token())).send({ name: 'De Vries Advocatuur' }), 201);
  const firmId = firm.firmId as string;
  await ok('member', request(address).post(`/api/firms/${firmId}/members`).set(...bearer(await lawyer.token())).send({ email: secretary.email, role: 'member' }));
  await ok('mailbox', request(address).post(`/api/firms/${firmId}/mailboxes`).set(...bearer(await lawyer.token())).send({ address: SHARED }), 202);
  const code = extract((await suite.mail.mail({ to: SHARED, kind: 'firm.mailbox-code' })).text, /Zegel pane: ([0-9A-Z-]+)/, 'mailbox code');
  const view = await ok('firm view', request(address).get(`/api/firms/${firmId}`).set(...bearer(await lawyer.token())));
  const mailbox = (view.mailboxes as { mailboxId: string; address: string }[]).find((m) => m.address === SHARED);
  if (!mailbox) throw new Error('the shared mailbox is not listed');
  await ok('verify', request(address).post(`/api/firms/${firmId}/mailboxes/${mailbox.mailboxId}/verify`).set(...bearer(await lawyer.token())).send({ code }));
  for (const user of [lawyer, secretary]) await ok('mailbox user', request(address).post(`/api/firms/${firmId}/mailboxes/${mailbox.mailboxId}/users`).set(...bearer(await user.token())).send({}));
}

interface InPane {
  journey: Journey;
  page: Page;
  pane: Pane;
}

/** Opens the pane in Outlook and logs in with the password and a backup code. */
async function logInToPane(person: Person, language: Language, displayName: string): Promise<InPane> {
  const displayLanguage = language === 'nl' ? 'nl-NL' : 'en-US';
  const journey = await suite.journey({ locale: displayLanguage });
  const page = await openInOutlook(journey, `${suite.server.origin}/taskpane.html`, { displayLanguage, mailbox: { emailAddress: person.email, displayName }, item: { mode: 'read', subject: 'Agenda', to: [person.email] } });
  const p = pane(page, language);
  await p.heading('checkAddressTitle');
  await p.press('haveAccount');
  await p.heading('loginTitle');
  await p.fill('emailLabel', person.email);
  await p.fill('passwordLabel', person.password);
  await p.press('loginSubmit');
  await p.heading('loginFactorTitle');
  await page.getByRole('radio', { name: p.t('methodBackupShort'), exact: true }).check();
  await p.fill('backupCodeLabel', person.backupCodes.shift() ?? '');
  await p.press('loginCodeSubmit');
  await page.getByText(p.t('signedInAs', { email: person.email })).waitFor({ timeout: 60_000 });
  return { journey, page, pane: p };
}

/** The Delegations screen, from Home. */
async function openDelegations(p: Pane): Promise<void> {
  await p.press('delegationsAction');
  await p.heading('delegationsTitle');
}

describe('a secretary sends from the shared mailbox on behalf of a lawyer, until the lawyer revokes', () => {
  let lawyer: Person;
  let secretary: Person;
  let lawyerPane: InPane;
  let secretaryPane: InPane;
  let lawyerScreens: ScreenRecorder;
  let secretaryScreens: ScreenRecorder;
  const en = SECURE_SEND_TEXTS.en;
  const draftFromShared = (subject: string): PaneOptions => ({
    displayLanguage: 'en-US',
    mailbox: { emailAddress: SECRETARY.email, displayName: SECRETARY.name },
    item: { mode: 'compose', from: { emailAddress: SHARED, displayName: 'Secretariaat De Vries' }, to: [{ emailAddress: COLLEAGUE.email, displayName: 'K. Bos' }], subject, body: { text: 'Dear colleague, please find our letter below.' } },
  });

  /** The lawyer in the principal picker (her line may add that she matches the From address). */
  const lawyerChoice = (page: Page) => page.getByRole('radio', { name: new RegExp(`^${en.principalOther(LAWYER.email, LAWYER.number).replace(/[.()]/g, '\\$&')}`) });
  /** Outlook opens Secure send on a new draft from the shared mailbox; the secretary opens her keys again. */
  const openSecureSend = async (subject: string): Promise<Page> => {
    const { page, pane: p } = secretaryPane;
    await openPaneFromAlert(page, suite.server.origin, draftFromShared(subject));
    await p.heading('unlockTitle');
    await p.fill('passwordLabel', SECRETARY.password);
    await p.press('unlockSubmit');
    await page.getByRole('heading', { name: en.title, exact: true }).waitFor({ timeout: 60_000 });
    return page;
  };

  beforeAll(async () => {
    lawyerScreens = screenRecorder('secretary-lawyer-nl');
    secretaryScreens = screenRecorder('secretary-secretary-en');
    const people = { address: suite.server.address, mail: suite.mail };
    lawyer = await accountOverHttp({ ...people, email: LAWYER.email, password: LAWYER.password });
    secretary = await accountOverHttp({ ...people, email: SECRETARY.email, password: SECRETARY.password });
    await accountOverHttp({ ...people, email: COLLEAGUE.email, password: COLLEAGUE.password });
    await linkNumber(lawyer, LAWYER.number);
    await setUpFirm(lawyer, secretary);
  }, 300_000);
  afterAll(async () => {
    await lawyerPane?.journey.close();
    await secretaryPane?.journey.close();
  });

  it('lets the lawyer grant send-on-behalf with a step-up, and the secretary accept it', async () => {
    lawyerPane = await logInToPane(lawyer, 'nl', LAWYER.name);
    const { page, pane: p } = lawyerPane;
    await openDelegations(p);
    await p.fill('delegateEmailLabel', SECRETARY.email);
    await p.press('delegateLookup');
    await page.getByText(p.t('delegateFound', { email: SECRETARY.email })).waitFor();
    await lawyerScreens.capture(page, 'grant-lookup');
    await p.press('grantSubmit');
    await p.heading('stepUpTitle');
    await p.fill('currentPasswordLabel', LAWYER.password);
    await page.getByRole('radio', { name: p.t('methodBackupShort'), exact: true }).check();
    await p.fill('backupCodeLabel', lawyer.backupCodes.shift() ?? '');
    await lawyerScreens.capture(page, 'grant-step-up');
    await p.press('confirm');
    await page.getByText(p.t('granted', { email: SECRETARY.email })).waitFor({ timeout: 60_000 });
    // The step-up dialog has closed (its exit transition keeps the page aria-hidden until then).
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await lawyerScreens.capture(page, 'granted');

    secretaryPane = await logInToPane(secretary, 'en', SECRETARY.name);
    const s = secretaryPane;
    await openDelegations(s.pane);
    await s.page.getByText(s.pane.t('grantFromLine', { email: LAWYER.email })).waitFor();
    await secretaryScreens.capture(s.page, 'grant-held');
    await s.pane.press('acceptGrant');
    await s.page.getByText(s.pane.t('accepted', { email: LAWYER.email })).waitFor({ timeout: 60_000 });
    await secretaryScreens.capture(s.page, 'grant-accepted');
    expect(lawyerPane.journey.pageErrors).toEqual([]);
    expect(secretaryPane.journey.pageErrors).toEqual([]);
  });

  it('sends from the shared mailbox on behalf of the lawyer; the receipt names her', async () => {
    const page = await openSecureSend('Letter to the colleague');
    await page.getByText(en.fromLine(SHARED)).waitFor();
    await lawyerChoice(page).check();
    await secretaryScreens.capture(page, 'secure-send-principal');
    await page.getByRole('button', { name: en.send, exact: true }).click();
    const receiptHeading = page.getByRole('heading', { name: en.receiptHeading, exact: true });
    try {
      await receiptHeading.waitFor({ timeout: 120_000 });
    } catch (err) {
      throw new Error(`no receipt; the pane shows: ${(await page.locator('main, body').first().innerText()).replace(/\s+/g, ' ')}`, { cause: err });
    }
    const receipt = page.locator('dl');
    const value = (term: string) => receipt.locator(`dt:text-is("${term}") + dd`).textContent();
    // On behalf of the lawyer, sent by the secretary (a BAR number is named only on mail to the court).
    await expect(value(en.receiptPrincipal)).resolves.toBe(LAWYER.email);
    await expect(value(en.receiptActor)).resolves.toBe(SECRETARY.email);
    await secretaryScreens.capture(page, 'receipt-on-behalf');
    expect(secretaryPane.journey.pageErrors).toEqual([]);
    expect(secretaryPane.journey.refused).toEqual([]);
  });

  it('refuses the secretary’s next send on behalf of the lawyer once the lawyer has revoked', async () => {
    // The secretary opens Secure send on a new draft and picks the lawyer, as before.
    const page = await openSecureSend('Second letter');
    await lawyerChoice(page).check();

    // Meanwhile the lawyer revokes on her Delegations screen.
    const { page: lp, pane: l } = lawyerPane;
    await l.press('backToHome');
    await openDelegations(l);
    await lp.getByText(l.t('grantToLine', { email: SECRETARY.email })).waitFor();
    await l.press('revokeGrant');
    await lawyerScreens.capture(lp, 'revoke-confirm');
    await l.press('revokeConfirmAction');
    await lp.getByText(l.t('revoked')).waitFor({ timeout: 60_000 });
    await lawyerScreens.capture(lp, 'revoked');

    // The secretary presses Send: nothing is created on the server, the pane says why.
    const messageRequests: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/messages') && r.method() !== 'GET') messageRequests.push(r.url());
    });
    await page.getByRole('button', { name: en.send, exact: true }).click();
    await page.getByText(en.blocker.principalEnded).waitFor({ timeout: 60_000 });
    await expect(page.getByText(en.blocker.noPrincipal).count()).resolves.toBe(0);
    await expect(page.getByRole('radio', { name: new RegExp(LAWYER.email.replace(/\./g, '\\.')) }).count()).resolves.toBe(0);
    await secretaryScreens.capture(page, 'refused-after-revoke');
    expect(messageRequests).toEqual([]);

    // A draft opened after the revocation no longer offers the lawyer at all.
    await openSecureSend('Third letter');
    await page.getByText(en.sendingAsSelf(SECRETARY.email)).waitFor();
    await expect(page.getByText(LAWYER.email).count()).resolves.toBe(0);
    await secretaryScreens.capture(page, 'new-draft-after-revoke');
    expect(secretaryPane.journey.pageErrors).toEqual([]);
    expect(lawyerPane.journey.pageErrors).toEqual([]);
  });
});
