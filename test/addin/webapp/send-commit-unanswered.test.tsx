/**
 * @jest-environment ./test/addin/webapp/environment.ts
 */
// The web app against the real API (in this process, on the embedded engine, over loopback HTTP) when
// the commit reaches the server but no answer comes back, for every retry: the message may be delivered,
// so the view never says nothing was delivered and offers no fresh send (a new idempotency key would
// file a second message), only resuming; resuming with the network back shows the receipt, and the
// server holds exactly one message.
import { MESSAGES_COLLECTION } from '../../../api/messages/repository';
import type { OnboardedUser } from '../../helpers/onboarding';
import { clientFor, expectAccessible, keysOf, press, renderWebApp, screen, startServer, user, userEvent, within, type RunningApi } from './harness';

jest.setTimeout(240_000);

let running: RunningApi;
let lawyer: OnboardedUser;
let colleague: OnboardedUser;

beforeAll(async () => {
  running = await startServer();
  lawyer = await user(running, 'mr.jansen@advocaten.nl');
  colleague = await user(running, 'mr.de.vries@advocaten.nl');
});

afterAll(async () => {
  await running?.close();
});

const isCommit = (url: string, init?: RequestInit) => init?.method === 'POST' && /\/api\/messages\/[^/]+\/commit$/.test(url);

async function messagesOf(who: OnboardedUser): Promise<{ _id: string; status: string }[]> {
  return running.api.database.db.collection<{ _id: string; status: string }>(MESSAGES_COLLECTION).find({ senderAccountId: who.accountId }).toArray();
}

it.each([
  { language: 'nl' as const, send: 'Controleren en veilig versturen', resume: 'Upload hervatten', restart: 'Opnieuw versleutelen en versturen', says: 'het kan al zijn afgeleverd', heading: 'Mogelijk verstuurd, geen antwoord van Zegel', nothing: /niets afgeleverd/i, receipt: 'Ontvangstbewijs' },
  { language: 'en' as const, send: 'Check and send securely', resume: 'Resume the upload', restart: 'Encrypt and send afresh', says: 'it may already have been delivered', heading: 'Possibly sent, no answer from Zegel', nothing: /nothing was delivered/i, receipt: 'Receipt' },
])('a commit whose answer is lost ($language): may be delivered, resume only, and resuming shows the receipt of the one message', async (t) => {
  const u = userEvent.setup();
  let lost = true;
  const api = clientFor(running, lawyer, undefined, (url, init) => lost && isCommit(url, init));
  renderWebApp({ api, keys: keysOf(lawyer), account: { accountId: lawyer.accountId, email: lawyer.email }, receiptIssuer: running.api.config.publicBaseUrl.origin, language: t.language, initialView: 'send' });
  const before = new Set((await messagesOf(lawyer)).map((m) => m._id));
  const subject = `Verzoek om aanhouding (${t.language})`;
  await u.type(await screen.findByRole('textbox', { name: t.language === 'nl' ? /Ontvangers/ : /Recipients/ }), colleague.email);
  await u.type(screen.getByRole('textbox', { name: t.language === 'nl' ? 'Onderwerp' : 'Subject' }), subject);
  await u.type(screen.getByRole('textbox', { name: t.language === 'nl' ? 'Bericht' : 'Message' }), 'Geachte confrère, graag aanhouding.');
  await press(u, t.send);

  const alert = within(await screen.findByRole('region', { name: t.heading })).getByRole('alert');
  expect(alert).toHaveTextContent(t.says);
  expect(alert.textContent).not.toMatch(t.nothing);
  // The commit reached the server on every try (one automatic retry), and the message is visible there.
  const commits = api.calls.filter((c) => isCommit(c.url, { method: c.method }));
  expect(commits).toHaveLength(2);
  const filed = (await messagesOf(lawyer)).filter((m) => !before.has(m._id));
  expect(filed.map((m) => m.status)).toEqual(['committed']);
  expect(screen.getByRole('button', { name: t.resume })).toBeInTheDocument();
  expect(screen.queryByRole('button', { name: t.restart })).toBeNull();
  expect(screen.queryByRole('button', { name: t.send })).toBeNull();
  await expectAccessible();

  lost = false;
  await press(u, t.resume);
  expect(await screen.findByRole('heading', { name: t.receipt })).toBeInTheDocument();
  const messageId = within(document.body).getByText(t.language === 'nl' ? 'Bericht-id' : 'Message id', { selector: 'dt' }).nextElementSibling?.textContent ?? '';
  // Exactly one message was filed, and the receipt is for it.
  expect((await messagesOf(lawyer)).filter((m) => !before.has(m._id)).map((m) => m._id)).toEqual([messageId]);
  expect(api.calls.filter((c) => c.method === 'POST' && /\/api\/messages$/.test(c.url))).toHaveLength(1);
});
