/**
 * @jest-environment ./test/addin/webapp/environment.ts
 */
// The web app against the real API (in this process, on the embedded engine, over loopback HTTP): a
// lawyer sends a PDF and a large file to the court, the large one encrypted and uploaded chunk by
// chunk from its File; an interrupted upload resumes without a second message; the clerk's desk
// lists the unit's mail with sender, principal and BAR number, finds a case number in the decrypted
// subjects, opens a filing, downloads the PDF under its own name and replies in the thread; the
// lawyer reads the reply and sees her filing opened.
import { goodPdf } from '../secure-send/fixtures';
import { linkBarNumber, type OnboardedUser } from '../../helpers/onboarding';
import { clientFor, downloads, expectAccessible, GRIFFIE, keysOf, press, renderWebApp, screen, setUpCourt, startServer, user, userEvent, waitFor, within, type Court, type RunningApi } from './harness';

jest.setTimeout(240_000);

const CASE = 'C/13/712345';
const SUBJECT = `Zaaknummer ${CASE} – conclusie van antwoord`;
const OTHER_SUBJECT = 'Zaaknummer C/13/999999 – aanvulling';
const CHUNK = 64 * 1024;

let running: RunningApi;
let lawyer: OnboardedUser;
let clerk: OnboardedUser;
let court: Court;
let pdf: Uint8Array<ArrayBuffer>;
const big = new Uint8Array(5 * CHUNK - 1234).map((_, i) => (i * 31 + 7) % 251);

beforeAll(async () => {
  running = await startServer();
  lawyer = await user(running, 'mr.jansen@advocaten.nl');
  clerk = await user(running, 'griffier@rechtspraak.nl');
  court = await setUpCourt(running, clerk);
  await linkBarNumber(running.api, lawyer, 'A12345', 'Mr. P. Jansen');
  pdf = new Uint8Array(await goodPdf('Conclusie', 2));
});

afterAll(async () => {
  await running?.close();
});

function lawyerApp(api = clientFor(running, lawyer), initialView: 'send' | 'inbox' | 'sent' = 'send') {
  const saved = downloads();
  renderWebApp({
    api,
    keys: keysOf(lawyer),
    account: { accountId: lawyer.accountId, email: lawyer.email },
    receiptIssuer: running.api.config.publicBaseUrl.origin,
    courtKeyPins: [court.unitKey.fingerprint],
    chunkSize: CHUNK,
    initialView,
    download: saved.download,
  });
  return { api, saved };
}

/** A File whose slices are recorded: proof of what was read, and in what sizes. */
function recordedFile(bytes: Uint8Array<ArrayBuffer>, name: string, type: string) {
  const file = new File([bytes], name, { type });
  const slices: number[] = [];
  const slice = file.slice.bind(file);
  file.slice = (start?: number, end?: number, contentType?: string) => {
    slices.push((end ?? file.size) - (start ?? 0));
    return slice(start, end, contentType);
  };
  const whole = jest.spyOn(file, 'arrayBuffer');
  return { file, slices, whole };
}

async function compose(u: ReturnType<typeof userEvent.setup>, subject: string, files: File[]) {
  await u.type(await screen.findByRole('textbox', { name: /Ontvangers/ }), GRIFFIE);
  await u.type(screen.getByRole('textbox', { name: 'Onderwerp' }), subject);
  await u.type(screen.getByRole('textbox', { name: 'Bericht' }), 'Geachte griffie, hierbij de stukken.');
  await u.upload(screen.getByLabelText('Bijlagen'), files);
}

it('sends a PDF and a large file to the court, the large one read and uploaded one chunk at a time', async () => {
  const u = userEvent.setup();
  const { api } = lawyerApp();
  const large = recordedFile(big, 'productie-1-bankafschriften.bin', 'application/octet-stream');
  await compose(u, SUBJECT, [new File([pdf], 'conclusie.pdf', { type: 'application/pdf' }), large.file]);
  await expectAccessible();
  await press(u, 'Controleren en veilig versturen');

  const receipt = await screen.findByRole('heading', { name: 'Ontvangstbewijs' });
  const panel = receipt.closest('section') as HTMLElement;
  expect(within(panel).getByText('A12345')).toBeInTheDocument();
  expect(within(panel).getByText(/conclusie\.pdf/)).toBeInTheDocument();
  // Five chunks of the large file went up, each its own request; never the whole file in one read.
  const puts = api.calls.filter((c) => c.method === 'PUT' && c.url.includes('/parts/p3/'));
  expect(puts).toHaveLength(5);
  expect(large.whole).not.toHaveBeenCalled();
  expect(Math.max(...large.slices)).toBeLessThanOrEqual(CHUNK);
  expect(large.slices.filter((n) => n > 1024)).toHaveLength(5);
  await expectAccessible();
});

it('resumes an interrupted upload where it stopped, as one message', async () => {
  const u = userEvent.setup();
  let cut = true;
  const api = clientFor(running, lawyer, (url, init) => cut && init?.method === 'PUT' && url.includes('/parts/p2/chunks/2'));
  lawyerApp(api);
  await compose(u, OTHER_SUBJECT, [new File([big], 'aanvulling.bin', { type: 'application/octet-stream' })]);
  await press(u, 'Controleren en veilig versturen');

  expect(await screen.findByRole('alert')).toHaveTextContent('De upload is onderbroken');
  // Nothing was offered for delivery yet: sending afresh is offered beside resuming.
  expect(screen.getByRole('button', { name: 'Opnieuw versleutelen en versturen' })).toBeInTheDocument();
  const stored = api.calls.filter((c) => c.method === 'PUT' && c.url.includes('/parts/p2/'));
  // Chunks 0 and 1 arrived; chunk 2 was tried twice (one automatic retry) and never arrived.
  expect(stored.map((c) => c.url.replace(/.*\/chunks\//, ''))).toEqual(['0', '1', '2', '2']);

  cut = false;
  await press(u, 'Upload hervatten');
  expect(await screen.findByRole('heading', { name: 'Ontvangstbewijs' })).toBeInTheDocument();
  expect(api.calls.filter((c) => c.method === 'POST' && /\/api\/messages$/.test(c.url))).toHaveLength(1);
  const after = api.calls.filter((c) => c.method === 'PUT' && c.url.includes('/parts/p2/')).map((c) => c.url.replace(/.*\/chunks\//, ''));
  // Resumed at chunk 2: chunks 0 and 1 were not sent again.
  expect(after).toEqual(['0', '1', '2', '2', '2', '3', '4']);
});

it("lists the unit's mail on the clerk's desk and finds a case number in the decrypted subjects", async () => {
  const u = userEvent.setup();
  renderWebApp({ api: clientFor(running, clerk), keys: keysOf(clerk), account: { accountId: clerk.accountId, email: clerk.email }, receiptIssuer: running.api.config.publicBaseUrl.origin, initialView: 'desk' });
  await screen.findByRole('heading', { name: 'Griffie: binnengekomen post' });
  await screen.findByText('2 van 2 berichten');
  const table = screen.getByRole('table', { name: 'Griffie: binnengekomen post' });
  const rows = within(table).getAllByRole('row').slice(1);
  expect(rows).toHaveLength(2);
  for (const row of rows) {
    expect(row).toHaveTextContent('mr.jansen@advocaten.nl');
    expect(row).toHaveTextContent('A12345');
  }
  expect(screen.getByRole('button', { name: SUBJECT })).toBeInTheDocument();
  expect(screen.getByRole('button', { name: OTHER_SUBJECT })).toBeInTheDocument();
  await expectAccessible();

  await u.type(screen.getByRole('searchbox', { name: 'Zoeken op zaaknummer' }), 'c/13/ 712345');
  expect(await screen.findByText('1 van 2 berichten')).toBeInTheDocument();
  expect(screen.getByRole('button', { name: SUBJECT })).toBeInTheDocument();
  expect(screen.queryByRole('button', { name: OTHER_SUBJECT })).toBeNull();

  await u.clear(screen.getByRole('searchbox', { name: 'Zoeken op zaaknummer' }));
  await u.type(screen.getByRole('searchbox', { name: 'Zoeken op zaaknummer' }), 'C/14/');
  expect(await screen.findByText('Geen berichten met dit zaaknummer.')).toBeInTheDocument();
});

it('opens a filing for the clerk, downloads the PDF under its own name and replies in the thread', async () => {
  const u = userEvent.setup();
  const saved = downloads();
  renderWebApp({ api: clientFor(running, clerk), keys: keysOf(clerk), account: { accountId: clerk.accountId, email: clerk.email }, receiptIssuer: running.api.config.publicBaseUrl.origin, initialView: 'desk', download: saved.download, courtKeyPins: [court.unitKey.fingerprint] });
  await u.click(await screen.findByRole('button', { name: SUBJECT }));

  expect(await screen.findByRole('heading', { level: 2, name: SUBJECT })).toBeInTheDocument();
  expect(screen.getByText('Geachte griffie, hierbij de stukken.')).toBeInTheDocument();
  expect(screen.getByText('A12345')).toBeInTheDocument();
  await expectAccessible();
  await u.click(screen.getByRole('button', { name: /conclusie\.pdf downloaden/ }));
  await waitFor(() => expect(saved.files).toHaveLength(1));
  expect(saved.files[0]).toMatchObject({ fileName: 'conclusie.pdf', contentType: 'application/pdf' });
  expect([...(await saved.bytesOf(saved.files[0]!))]).toEqual([...pdf]);

  await press(u, 'Veilig beantwoorden');
  expect(await screen.findByRole('heading', { name: 'Veilig antwoord' })).toBeInTheDocument();
  expect(screen.getByRole('textbox', { name: /Ontvangers/ })).toHaveValue('mr.jansen@advocaten.nl');
  expect(screen.getByRole('textbox', { name: 'Onderwerp' })).toHaveValue(`Re: ${SUBJECT}`);
  await u.type(screen.getByRole('textbox', { name: 'Bericht' }), 'Ontvangen; de zitting is op 12 januari.');
  await press(u, 'Controleren en veilig versturen');
  expect(await screen.findByRole('heading', { name: 'Ontvangstbewijs' })).toBeInTheDocument();
});

it("shows the lawyer the clerk's reply, decrypted, and her filing as opened", async () => {
  const u = userEvent.setup();
  lawyerApp(clientFor(running, lawyer), 'inbox');
  const table = await screen.findByRole('table', { name: 'Berichten' });
  expect(within(table).getAllByRole('row')).toHaveLength(2);
  expect(table).toHaveTextContent('griffier@rechtspraak.nl');
  await u.click(within(table).getByRole('button', { name: /Bericht openen/ }));
  expect(await screen.findByRole('heading', { level: 2, name: `Re: ${SUBJECT}` })).toBeInTheDocument();
  expect(screen.getByText('Ontvangen; de zitting is op 12 januari.')).toBeInTheDocument();
  // The court answers with the court's key: verified against the key built into the add-in.
  expect(screen.getByText('griffier@rechtspraak.nl')).toBeInTheDocument();
  expect(screen.getByText(/ondertekend door Zegel en op deze computer gecontroleerd/)).toBeInTheDocument();

  await u.click(screen.getByRole('button', { name: 'Verzonden' }));
  const sent = await screen.findByRole('table', { name: 'Berichten' });
  // The clerk opened one filing; the other was only listed on the desk (its subject decrypted there
  // to search it), which is not opening it.
  expect(within(sent).getAllByText('1 van 1 geopend')).toHaveLength(1);
  expect(within(sent).getAllByText('0 van 1 geopend')).toHaveLength(1);
  expect(within(sent).getAllByText('Rechtspraak')).toHaveLength(2);
});
