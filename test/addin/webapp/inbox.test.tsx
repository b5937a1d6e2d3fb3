/**
 * @jest-environment ./test/addin/webapp/environment.ts
 */
// The inbox and the reader against the real API (in this process, on the embedded engine): opposing
// counsel sends from the web app in English; the lawyer opens the message in her inbox, decrypted in
// the browser, saves the attachment under its original name and the receipt, and verifies the
// receipt on its page; her secretary with the read scope picks the lawyer's inbox and reads it too;
// counsel sees per-recipient status and recalls a message nobody opened yet.
import { linkBarNumber, type OnboardedUser } from '../../helpers/onboarding';
import { sendSecure } from '../../helpers/messaging';
import { delegate } from '../../api/delegations/helpers';
import { clientFor, downloads, expectAccessible, keysOf, press, renderWebApp, screen, startServer, user, userEvent, waitFor, within, type RunningApi } from './harness';

jest.setTimeout(240_000);

const SUBJECT = 'Voorstel schikking Jansen/De Vries';
const MEMO = new TextEncoder().encode('Concept-vaststellingsovereenkomst, versie 3.\n');

let running: RunningApi;
let lawyer: OnboardedUser;
let counsel: OnboardedUser;
let secretary: OnboardedUser;
let receiptJson = '';
let firstId = '';

beforeAll(async () => {
  running = await startServer();
  lawyer = await user(running, 'mr.jansen@advocaten.nl');
  counsel = await user(running, 'mr.pieters@wederpartij.nl');
  secretary = await user(running, 's.devries@advocaten.nl');
  await linkBarNumber(running.api, lawyer, 'A12345', 'Mr. P. Jansen');
  await delegate(running.api, lawyer, secretary, { scopes: ['read'], at: running.clock.now() });
});

afterAll(async () => {
  await running?.close();
});

function appFor(who: OnboardedUser, options: { language?: 'nl' | 'en'; initialView?: 'inbox' | 'sent' | 'send' | 'verify' } = {}) {
  const saved = downloads();
  renderWebApp({
    api: clientFor(running, who),
    keys: keysOf(who),
    account: { accountId: who.accountId, email: who.email },
    receiptIssuer: running.api.config.publicBaseUrl.origin,
    language: options.language ?? 'nl',
    initialView: options.initialView ?? 'inbox',
    download: saved.download,
  });
  return saved;
}

it('sends from the web app in English, encrypted also to the addressee’s read-scope secretary', async () => {
  const u = userEvent.setup();
  appFor(counsel, { language: 'en', initialView: 'send' });
  expect(await screen.findByRole('heading', { name: 'New secure message' })).toBeInTheDocument();
  await u.type(screen.getByRole('textbox', { name: /Recipients/ }), lawyer.email);
  await u.type(screen.getByRole('textbox', { name: 'Subject' }), SUBJECT);
  await u.type(screen.getByRole('textbox', { name: 'Message' }), 'Dear colleague,{enter}{enter}please find our proposal attached.');
  await u.upload(screen.getByLabelText('Attachments'), new File([MEMO], 'vso-concept-v3.txt', { type: 'text/plain' }));
  await expectAccessible();
  await press(u, 'Check and send securely');
  expect(await screen.findByRole('heading', { name: 'Receipt' })).toBeInTheDocument();
  expect(screen.getByText('none (not to the court)')).toBeInTheDocument();
  await expectAccessible();
});

it('opens the message in the lawyer’s inbox, decrypted here, and saves the attachment under its own name', async () => {
  const u = userEvent.setup();
  const saved = appFor(lawyer);
  const table = await screen.findByRole('table', { name: 'Berichten' });
  expect(table).toHaveTextContent(counsel.email);
  expect(table).toHaveTextContent('0 van 1 geopend');
  await expectAccessible();
  await u.click(within(table).getByRole('button', { name: /Bericht openen/ }));

  expect(await screen.findByRole('heading', { level: 2, name: SUBJECT })).toBeInTheDocument();
  expect(screen.getByText(/please find our proposal attached/)).toBeInTheDocument();
  expect(screen.getByText(/ondertekend door Zegel en op deze computer gecontroleerd/)).toBeInTheDocument();
  // A reader sees no recall and no per-recipient status of someone else's message.
  expect(screen.queryByRole('button', { name: 'Bericht terughalen' })).toBeNull();
  await expectAccessible();

  await u.click(screen.getByRole('button', { name: /vso-concept-v3\.txt downloaden/ }));
  await waitFor(() => expect(saved.files).toHaveLength(1));
  expect(saved.files[0]).toMatchObject({ fileName: 'vso-concept-v3.txt', contentType: 'text/plain' });
  expect([...(await saved.bytesOf(saved.files[0]!))]).toEqual([...MEMO]);

  await u.click(screen.getByRole('button', { name: 'Ontvangstbewijs downloaden (JSON)' }));
  await waitFor(() => expect(saved.files).toHaveLength(2));
  const receiptFile = saved.files[1]!;
  expect(receiptFile.fileName).toMatch(/^zegel-ontvangstbewijs-[A-Za-z0-9_-]+\.json$/);
  receiptJson = new TextDecoder().decode(await saved.bytesOf(receiptFile));
  firstId = (JSON.parse(receiptJson) as { messageId: string }).messageId;
  expect(receiptJson).toContain('vso-concept-v3.txt');
});

it('verifies the downloaded receipt on its page, and refuses one that was changed', async () => {
  const u = userEvent.setup();
  appFor(lawyer, { initialView: 'verify' });
  const field = await screen.findByRole('textbox', { name: 'Ontvangstbewijs' });
  await u.click(field);
  await u.paste(receiptJson);
  await press(u, 'Controleren');
  expect(await screen.findByRole('heading', { name: 'Geldig ontvangstbewijs' })).toBeInTheDocument();
  expect(screen.getByText(firstId)).toBeInTheDocument();
  expect(screen.getByText(lawyer.email)).toBeInTheDocument();
  await expectAccessible();

  // The same receipt with another recipient written into its signed part.
  const jws = (JSON.parse(receiptJson) as { receipt: string }).receipt;
  const [header, payload, signature] = jws.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { recipients: string[] };
  claims.recipients = ['iemand@anders.nl'];
  await u.clear(field);
  await u.click(field);
  await u.paste(`${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`);
  await press(u, 'Controleren');
  expect(await screen.findByRole('alert')).toHaveTextContent('Ongeldig ontvangstbewijs');
  expect(screen.queryByRole('heading', { name: 'Geldig ontvangstbewijs' })).toBeNull();
});

it('lets a read-scope secretary pick the lawyer’s inbox and read the message', async () => {
  const u = userEvent.setup();
  appFor(secretary);
  expect(await screen.findByText('Geen berichten.')).toBeInTheDocument();
  const picker = await screen.findByRole('combobox', { name: 'Welk postvak' });
  await u.selectOptions(picker, `Postvak van ${lawyer.email} (leestoegang)`);
  const table = await screen.findByRole('table', { name: 'Berichten' });
  expect(table).toHaveTextContent(counsel.email);
  await u.click(within(table).getByRole('button', { name: /Bericht openen/ }));
  expect(await screen.findByRole('heading', { level: 2, name: SUBJECT })).toBeInTheDocument();
  expect(screen.getByText(/please find our proposal attached/)).toBeInTheDocument();
  await expectAccessible();
});

it('shows the sender each recipient’s status, and recalls only what nobody opened', async () => {
  const second = await sendSecure(running.api, counsel, { to: [lawyer.email], subject: 'Nog een voorstel', body: 'Laat maar.', extraKeys: [] });
  expect(second.commit?.status).toBe(200);
  const u = userEvent.setup();
  appFor(counsel, { language: 'en', initialView: 'sent' });
  const table = await screen.findByRole('table', { name: 'Messages' });
  expect(within(table).getByText('1 of 1 opened')).toBeInTheDocument();
  expect(within(table).getByText('0 of 1 opened')).toBeInTheDocument();

  // The opened one: status per recipient, no recall.
  const rows = within(table).getAllByRole('row').slice(1);
  const openedRow = rows.find((r) => r.textContent?.includes('1 of 1 opened'))!;
  await u.click(within(openedRow).getByRole('button', { name: /Open the message/ }));
  const status = await screen.findByRole('table');
  expect(within(status).getByText(lawyer.email)).toBeInTheDocument();
  expect(within(status).queryByText('not yet')).toBeNull();
  expect(screen.queryByRole('button', { name: 'Recall the message' })).toBeNull();
  await press(u, 'Back to the list');

  const unopenedRow = within(await screen.findByRole('table', { name: 'Messages' })).getAllByRole('row').find((r) => r.textContent?.includes('0 of 1 opened'))!;
  await u.click(within(unopenedRow).getByRole('button', { name: /Open the message/ }));
  expect(await screen.findByRole('heading', { level: 2, name: 'Nog een voorstel' })).toBeInTheDocument();
  expect(screen.getAllByText('not yet')).toHaveLength(1);
  await press(u, 'Recall the message');
  await press(u, 'Yes, recall');
  expect(await screen.findByText('The message was recalled.')).toBeInTheDocument();
  await expectAccessible();

  const lawyerView = await running.api.features.messages.get({ accountId: lawyer.accountId, messageId: second.messageId! });
  expect(lawyerView.status).toBe('recalled');
});
