/**
 * @jest-environment ./test/addin/secure-send/environment.ts
 */
// An upload that fails resumes: retried with backoff first, then on Try again or when the pane is
// opened again, with the same idempotency key and the chunks the server already has skipped. A retry
// never makes a second message, and until the receipt the draft stays as it was. A commit whose answer
// is lost may have delivered the message: said so, and Try again reaches the same message.
import { loadOfficeHost, unloadOfficeHost, type OfficeHostControl } from '../../office-host/load';
import { memoryPendingSends } from '../../../addin/secure-send/send-flow';
import { SecureSendApiError } from '../../../addin/secure-send/types';
import { fakeServer, goodPdf, principalInfo, testKey, unitEntry, type FakeServer, type TestKey } from './fixtures';
import { expectAccessible, paneProps, paneReady, renderPane, screen, spiedCrypto, userEvent, type Spied } from './harness';

const GRIFFIE = 'griffie@rechtspraak.nl';
const OWN = 'mr.a.jansen@kantoor.nl';

let host: OfficeHostControl;
let court: TestKey;
let lawyer: TestKey;
let spied: Spied;

beforeAll(async () => {
  host = loadOfficeHost();
  [court, lawyer] = await Promise.all([testKey('Griffie'), testKey()]);
  spied = await spiedCrypto();
});

afterAll(unloadOfficeHost);

beforeEach(async () => {
  host.reset();
  spied.encryptMessage.mockClear();
  host.setItem({
    to: [GRIFFIE],
    subject: 'Conclusie van antwoord',
    body: { html: '<p>Geachte griffie,</p>' },
    attachments: [
      { name: 'conclusie.pdf', bytes: await goodPdf('Conclusie', 3) },
      { name: 'producties.pdf', bytes: await goodPdf('Productie', 2) },
    ],
  });
});

async function server(): Promise<FakeServer> {
  const self = principalInfo({ accountId: 'acc-jansen', email: OWN, self: true, number: 'A12345' });
  return fakeServer({ actorAccountId: 'acc-jansen', directory: [unitEntry(GRIFFIE, court)], principals: { from: OWN, match: 'own-address', suggested: 'acc-jansen', candidates: [self], choices: [self] }, numbers: { 'acc-jansen': 'A12345' } });
}

function propsFor(s: FakeServer, pendingSends = memoryPendingSends()) {
  const sleep = jest.fn(() => Promise.resolve());
  return { props: paneProps({ server: s, accountId: 'acc-jansen', key: lawyer, pins: [court.fingerprint], crypto: spied.crypto, pendingSends, retryDelaysMs: [250, 1000], sleep }), sleep };
}

const uploadsOf = (s: FakeServer, partId: string) => s.puts.filter((p) => p.partId === partId).length;

it('resumes in a reopened pane: same message, stored chunks skipped, no second create', async () => {
  const s = await server();
  const pending = memoryPendingSends();
  // The second attachment's chunk never gets through: the connection drops each time.
  s.failUpload = (input) => input.partId === 'p3';
  const first = propsFor(s, pending);
  const view = renderPane(first.props);
  await userEvent.click(await paneReady());
  await screen.findByRole('heading', { name: 'Niet verstuurd' });
  expect(screen.getByRole('alert').textContent).toContain('Wat al is geüpload blijft bewaard');
  // Tried three times, with the pauses in between.
  expect(uploadsOf(s, 'p3')).toBe(3);
  expect(first.sleep.mock.calls).toEqual([[250], [1000]]);
  expect(screen.getByRole('button', { name: 'Opnieuw proberen' })).toBeTruthy();
  await expectAccessible();
  const idempotencyKey = s.api.createMessage.mock.calls[0]![0].idempotencyKey;
  const storedBefore = [...s.messages.values()][0]!.chunks.size;
  expect(storedBefore).toBeGreaterThanOrEqual(3);
  // Until the receipt the draft is as it was.
  expect(host.item().to.map((r) => r.emailAddress)).toEqual([GRIFFIE]);
  expect(host.item().attachments).toHaveLength(2);

  // The pane is closed and opened again; the connection is back.
  view.unmount();
  s.failUpload = null;
  const putsBefore = { p0: uploadsOf(s, 'p0'), p1: uploadsOf(s, 'p1'), p2: uploadsOf(s, 'p2') };
  renderPane(propsFor(s, pending).props);
  await userEvent.click(await paneReady());
  await screen.findByRole('heading', { name: 'Ontvangstbewijs' });
  await screen.findByText(/Klik in Outlook op Verzenden/);

  expect(s.api.createMessage).toHaveBeenCalledTimes(1);
  expect(s.api.createMessage.mock.calls[0]![0].idempotencyKey).toBe(idempotencyKey);
  expect(s.messages.size).toBe(1);
  expect(s.api.uploadStatus).toHaveBeenCalledTimes(1);
  // Encrypted once: the resumed send uploads the same ciphertext, skipping what the server has.
  expect(spied.encryptMessage).toHaveBeenCalledTimes(1);
  expect({ p0: uploadsOf(s, 'p0'), p1: uploadsOf(s, 'p1'), p2: uploadsOf(s, 'p2') }).toEqual(putsBefore);
  expect(uploadsOf(s, 'p3')).toBe(4);
});

it('resumes with Try again in the same pane', async () => {
  const s = await server();
  let drops = 3;
  s.failUpload = (input) => input.partId === 'p2' && drops-- > 0;
  renderPane(propsFor(s).props);
  await userEvent.click(await paneReady());
  await screen.findByRole('heading', { name: 'Niet verstuurd' });
  await userEvent.click(screen.getByRole('button', { name: 'Opnieuw proberen' }));
  await screen.findByRole('heading', { name: 'Ontvangstbewijs' });
  await screen.findByText(/Klik in Outlook op Verzenden/);
  expect(s.api.createMessage).toHaveBeenCalledTimes(1);
  expect(s.messages.size).toBe(1);
  expect(uploadsOf(s, 'p0')).toBe(1);
});

it('starts afresh after the draft changed, under a new idempotency key', async () => {
  const s = await server();
  s.failUpload = (input) => input.partId === 'p3';
  const pending = memoryPendingSends();
  renderPane(propsFor(s, pending).props);
  await userEvent.click(await paneReady());
  await screen.findByRole('heading', { name: 'Niet verstuurd' });

  s.failUpload = null;
  host.setItem({ to: [GRIFFIE], subject: 'Conclusie van antwoord (gewijzigd)', body: { html: '<p>Geachte griffie,</p>' }, attachments: [{ name: 'conclusie.pdf', bytes: await goodPdf('Conclusie', 3) }] });
  await userEvent.click(screen.getByRole('button', { name: 'Opnieuw proberen' }));
  await screen.findByRole('heading', { name: 'Ontvangstbewijs' });
  await screen.findByText(/Klik in Outlook op Verzenden/);
  expect(s.api.createMessage).toHaveBeenCalledTimes(2);
  const [firstKey, secondKey] = s.api.createMessage.mock.calls.map((c) => c[0].idempotencyKey);
  expect(secondKey).not.toBe(firstKey);
});

it('a commit whose answer is lost: may be delivered, never "nothing was delivered"; Try again with the same draft reaches the same message', async () => {
  const s = await server();
  // The commit reaches the fake server and is carried out there, but its answer never comes back (each try).
  const commit = s.api.commit.getMockImplementation()!;
  let lost = true;
  s.api.commit.mockImplementation(async (messageId) => {
    const answer = await commit(messageId);
    if (lost) throw new SecureSendApiError({ code: 'NETWORK', status: 0 });
    return answer;
  });
  const pending = memoryPendingSends();
  renderPane(propsFor(s, pending).props);
  await userEvent.click(await paneReady());
  await screen.findByRole('heading', { name: 'Mogelijk verstuurd, geen antwoord van Zegel' });
  const messageId = [...s.messages.keys()][0]!;
  expect(s.messages.get(messageId)!.status).toBe('committed');
  const text = screen.getByRole('alert').textContent ?? '';
  expect(text).toContain(`bericht-id ${messageId}`);
  expect(text).toContain('het kan al zijn afgeleverd');
  expect(text).toContain('zonder het concept te wijzigen');
  expect(text).not.toMatch(/niets afgeleverd/);
  expect(s.api.commit).toHaveBeenCalledTimes(3);
  expect(host.item().to.map((r) => r.emailAddress)).toEqual([GRIFFIE]);
  await expectAccessible();

  lost = false;
  await userEvent.click(screen.getByRole('button', { name: 'Opnieuw proberen' }));
  await screen.findByRole('heading', { name: 'Ontvangstbewijs' });
  expect(screen.getByText('Bericht-id', { selector: 'dt' }).nextElementSibling?.textContent).toBe(messageId);
  expect(s.api.createMessage).toHaveBeenCalledTimes(1);
  expect(s.messages.size).toBe(1);
  expect(spied.encryptMessage).toHaveBeenCalledTimes(1);
});
