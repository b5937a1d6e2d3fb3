/**
 * @jest-environment ./test/addin/secure-send/environment.ts
 */
// Secure send end to end in the pane, over the Office.js simulator and a fake API: what reaches the
// server is OpenPGP ciphertext that the court's key opens, the receipt is verified and shown, and the
// draft becomes the evidence note; anything refused before encryption leaves the draft untouched and
// the server without a message.
import { checkCiphertextChunk } from '../../../shared/crypto/ciphertext-check';
import { sha256Hex } from '../../../shared/crypto/sha256';
import { loadOfficeHost, unloadOfficeHost, type OfficeHostControl } from '../../office-host/load';
import { ACTIVE_STATUS, accountEntry, encryptedPdf, fakeServer, goodPdf, principalInfo, testKey, truncatedPdf, unitEntry, type FakeServer, type TestKey } from './fixtures';
import { expectAccessible, paneProps, paneReady, readStored, renderPane, screen, spiedCrypto, userEvent, waitFor, type Spied } from './harness';

const GRIFFIE = 'griffie@rechtspraak.nl';
const COLLEGA = 'b.de.vries@advocaten.nl';
const OWN = 'mr.a.jansen@kantoor.nl';

let host: OfficeHostControl;
let court: TestKey;
let lawyer: TestKey;
let colleague: TestKey;
let spied: Spied;
let pdf: Uint8Array;

beforeAll(async () => {
  host = loadOfficeHost();
  [court, lawyer, colleague] = await Promise.all([testKey('Griffie'), testKey(), testKey()]);
  spied = await spiedCrypto();
  pdf = await goodPdf('Verzoekschrift', 2);
});

afterAll(unloadOfficeHost);

beforeEach(() => {
  host.reset();
  spied.encryptMessage.mockClear();
});

afterEach(() => {
  expect(host.problems()).toEqual([]);
});

function draft(attachments: { name: string; bytes: Uint8Array }[] = [{ name: 'verzoekschrift.pdf', bytes: pdf }]) {
  host.setItem({
    to: [{ emailAddress: GRIFFIE, displayName: 'Griffie Rechtbank Amsterdam' }],
    cc: [{ emailAddress: COLLEGA, displayName: 'mr. B. de Vries' }],
    subject: 'Verzoekschrift ex art. 96 Rv',
    body: { html: '<p>Geachte griffie, hierbij het verzoekschrift.</p>' },
    attachments: attachments.map((a) => ({ name: a.name, bytes: a.bytes, contentType: 'application/pdf' })),
  });
}

async function server(overrides: Partial<Parameters<typeof fakeServer>[0]> = {}): Promise<FakeServer> {
  const self = principalInfo({ accountId: 'acc-jansen', email: OWN, self: true, number: 'A12345' });
  return fakeServer({
    actorAccountId: 'acc-jansen',
    directory: [unitEntry(GRIFFIE, court), accountEntry(COLLEGA, colleague)],
    principals: { from: OWN, match: 'own-address', suggested: 'acc-jansen', candidates: [self], choices: [self] },
    professional: ACTIVE_STATUS,
    numbers: { 'acc-jansen': 'A12345' },
    ...overrides,
  });
}

function props(s: FakeServer, extra: Partial<Parameters<typeof paneProps>[0]> = {}) {
  return paneProps({ server: s, accountId: 'acc-jansen', key: lawyer, pins: [court.fingerprint], crypto: spied.crypto, ...extra });
}

function expectDraftUntouched(): void {
  const item = host.item();
  expect(item.to.map((r) => r.emailAddress)).toEqual([GRIFFIE]);
  expect(item.cc.map((r) => r.emailAddress)).toEqual([COLLEGA]);
  expect(item.subject).toBe('Verzoekschrift ex art. 96 Rv');
  expect(item.body.content).toContain('hierbij het verzoekschrift');
  expect(item.attachments.length).toBeGreaterThan(0);
  expect(item.sent).toBe(false);
}

it('encrypts for the court, uploads, shows the verified receipt and turns the draft into the evidence note', async () => {
  draft();
  const s = await server();
  const p = props(s);
  renderPane(p);
  const send = await paneReady();

  // What the pane shows before sending: recipients with our neutral court mark, sender, attachments.
  const recipients = screen.getByRole('region', { name: 'Ontvangers' });
  expect(recipients.textContent).toContain(`Griffie Rechtbank Amsterdam <${GRIFFIE}>`);
  expect(recipients.textContent).toContain('Rechtspraak');
  expect(recipients.querySelector('img, svg')).toBeNull();
  expect(screen.getByRole('region', { name: 'Afzender' }).textContent).toContain(`U verstuurt als uzelf: ${OWN}.`);
  expect(screen.getByRole('region', { name: 'Bijlagen' }).textContent).toContain('verzoekschrift.pdf');
  await expectAccessible();

  await userEvent.click(send);
  const heading = await screen.findByRole('heading', { name: 'Ontvangstbewijs' });
  await waitFor(() => expect(document.activeElement).toBe(heading));
  await screen.findByText(/Klik in Outlook op Verzenden/);

  // The server got one message, to the court and the colleague, made only of OpenPGP ciphertext.
  expect(s.api.createMessage).toHaveBeenCalledTimes(1);
  const request = s.api.createMessage.mock.calls[0]![0];
  expect(request.recipients).toEqual([{ address: GRIFFIE }, { address: COLLEGA }]);
  expect(request.principalAccountId).toBeUndefined();
  const [stored] = [...s.messages.values()];
  for (const chunk of stored!.chunks.values()) expect(checkCiphertextChunk(chunk.bytes)).toMatchObject({ ok: true });
  const subjectChunk = stored!.chunks.get('p0/0')!.bytes;
  expect(new TextDecoder('utf-8', { fatal: false }).decode(subjectChunk)).not.toContain('Verzoekschrift');

  // The court's key and the colleague's open it; it is signed by the lawyer.
  for (const key of [court, colleague]) {
    const opened = await readStored(s, stored!.messageId, key.privateKey, lawyer.publicKey);
    expect(opened.subject).toBe('Verzoekschrift ex art. 96 Rv');
    expect(opened.body).toContain('hierbij het verzoekschrift');
    expect(opened.attachments.map((a) => a.name)).toEqual(['verzoekschrift.pdf']);
    expect([...opened.attachments[0]!.data]).toEqual([...pdf]);
  }

  // The receipt: time, BAR number, attachment names with their SHA-256.
  const receipt = screen.getByRole('region', { name: 'Ontvangstbewijs' });
  expect(receipt.textContent).toContain('A12345');
  expect(receipt.textContent).toContain(stored!.messageId);
  expect(receipt.textContent).toContain(`verzoekschrift.pdf: ${await sha256Hex(pdf)}`);
  expect(receipt.textContent).toMatch(/Tijdstip \(Zegel-server\).*\d{4}/);

  // The evidence note: only the own address, no attachments, the receipt summary as body.
  const item = host.item();
  expect(item.to.map((r) => r.emailAddress)).toEqual([OWN]);
  expect(item.cc).toEqual([]);
  expect(item.bcc).toEqual([]);
  expect(item.attachments).toEqual([]);
  expect(item.subject).toBe('[Zegel-ontvangstbewijs] Verzoekschrift ex art. 96 Rv');
  expect(item.body.content).toContain('Ontvangstbewijs van Zegel');
  expect(item.body.content).toContain(stored!.messageId);
  expect(item.body.content).toContain(`Griffie Rechtbank Amsterdam &lt;${GRIFFIE}&gt; (Rechtspraak)`);
  expect(item.body.content).toContain(`mr. B. de Vries &lt;${COLLEGA}&gt;`);
  expect(item.body.content).toContain(await sha256Hex(pdf));
  expect(item.body.content).not.toContain('hierbij het verzoekschrift');
  expect(item.body.content).toContain(stored!.receipt!);

  // The colleague's key is remembered now (trust on first use); the receipt can be downloaded.
  expect(p.fingerprints.seen.get(COLLEGA)).toBe(colleague.fingerprint);
  await userEvent.click(screen.getByRole('button', { name: 'Ontvangstbewijs downloaden (JSON)' }));
  const file = p.download.mock.calls[0]![0] as { fileName: string; text: string };
  expect(file.fileName).toBe(`zegel-ontvangstbewijs-${stored!.messageId}.json`);
  expect(JSON.parse(file.text)).toMatchObject({ messageId: stored!.messageId, receipt: stored!.receipt, attachments: [{ name: 'verzoekschrift.pdf', sha256: await sha256Hex(pdf) }] });
  await expectAccessible();
});

it('refuses a broken PDF before anything is encrypted or uploaded, naming the file and the reason', async () => {
  draft([
    { name: 'verzoekschrift.pdf', bytes: pdf },
    { name: 'productie 3.pdf', bytes: await truncatedPdf() },
  ]);
  const s = await server();
  renderPane(props(s));
  await userEvent.click(await paneReady());
  const heading = await screen.findByRole('heading', { name: 'Dit bericht kan zo niet worden verstuurd' });
  await waitFor(() => expect(document.activeElement).toBe(heading));
  expect(screen.getByRole('region', { name: 'Dit bericht kan zo niet worden verstuurd' }).textContent).toContain('"productie 3.pdf": het bestand is onvolledig');
  expect(spied.encryptMessage).not.toHaveBeenCalled();
  expect(s.api.createMessage).not.toHaveBeenCalled();
  expect(s.api.uploadChunk).not.toHaveBeenCalled();
  expectDraftUntouched();
  await expectAccessible();
});

it('refuses a password-protected PDF', async () => {
  draft([{ name: 'beveiligd.pdf', bytes: encryptedPdf() }]);
  const s = await server();
  renderPane(props(s));
  await userEvent.click(await paneReady());
  await screen.findByRole('heading', { name: 'Dit bericht kan zo niet worden verstuurd' });
  expect(screen.getByText(/"beveiligd\.pdf": de pdf is beveiligd met een wachtwoord/)).toBeTruthy();
  expect(spied.encryptMessage).not.toHaveBeenCalled();
  expect(s.api.createMessage).not.toHaveBeenCalled();
  expectDraftUntouched();
});

it('refuses a court key whose fingerprint is not pinned', async () => {
  draft();
  const s = await server();
  const other = await testKey('Nep-griffie');
  renderPane(props(s, { pins: [other.fingerprint] }));
  await userEvent.click(await paneReady());
  await screen.findByRole('heading', { name: 'Dit bericht kan zo niet worden verstuurd' });
  expect(screen.getByText(/Sleutel van de Rechtspraak niet vertrouwd: de sleutel voor griffie@rechtspraak\.nl/)).toBeTruthy();
  expect(spied.encryptMessage).not.toHaveBeenCalled();
  expect(s.api.createMessage).not.toHaveBeenCalled();
  expectDraftUntouched();
});

it('explains the step to take when the court connection is not active', async () => {
  draft();
  const s = await server({ professional: { active: false, linked: false, number: null, kind: null, problems: ['not-linked'] } });
  renderPane(props(s));
  await userEvent.click(await paneReady());
  await screen.findByRole('heading', { name: 'Dit bericht kan zo niet worden verstuurd' });
  expect(screen.getByText('Uw verbinding met de Rechtspraak is niet actief. Dat is nodig om naar de Rechtspraak te versturen.')).toBeTruthy();
  expect(screen.getByText(/Koppel in Zegel uw BAR- of KBvG-nummer/)).toBeTruthy();
  expect(s.api.createMessage).not.toHaveBeenCalled();
});

it('names a recipient without a key and sends nothing until the user gives an access code (pane-guests.test.tsx)', async () => {
  draft();
  host.setRecipients('bcc', ['wederpartij@example.nl']);
  const s = await server();
  renderPane(props(s));
  await userEvent.click(await paneReady());
  await screen.findByRole('heading', { name: 'Ontvangers zonder Zegel-account' });
  expect(screen.getByRole('checkbox', { name: 'Toegangscode geven aan wederpartij@example.nl' })).toHaveProperty('checked', false);
  expect(spied.encryptMessage).not.toHaveBeenCalled();
  expect(s.api.createMessage).not.toHaveBeenCalled();
  expectDraftUntouched();
});

it('asks to confirm an empty subject and a changed key, then sends', async () => {
  host.setItem({ to: [GRIFFIE], cc: [COLLEGA], subject: '', body: { html: '<p>Zie bijlage.</p>' }, attachments: [{ name: 'verzoekschrift.pdf', bytes: pdf }] });
  const s = await server();
  const p = props(s);
  p.fingerprints.seen.set(COLLEGA, 'e'.repeat(64));
  renderPane(p);
  await userEvent.click(await paneReady());
  await screen.findByRole('heading', { name: 'Bevestig voordat u verstuurt' });
  const send = screen.getByRole('button', { name: 'Bevestigd: veilig versturen' });
  expect(s.api.createMessage).not.toHaveBeenCalled();

  await userEvent.click(screen.getByRole('checkbox', { name: /Het onderwerp is leeg/ }));
  await userEvent.click(send);
  // The changed key is still unconfirmed: nothing goes yet.
  await screen.findByRole('heading', { name: 'Bevestig voordat u verstuurt' });
  expect(s.api.createMessage).not.toHaveBeenCalled();

  await userEvent.click(screen.getByRole('checkbox', { name: new RegExp(`De sleutel van ${COLLEGA.replace(/\./g, '\\.')} is veranderd`) }));
  await userEvent.click(screen.getByRole('button', { name: 'Bevestigd: veilig versturen' }));
  await screen.findByRole('heading', { name: 'Ontvangstbewijs' });
  await screen.findByText(/Klik in Outlook op Verzenden/);
  expect(s.api.createMessage).toHaveBeenCalledTimes(1);
  expect(p.fingerprints.seen.get(COLLEGA)).toBe(colleague.fingerprint);
});

it('tells the user not to send the draft when Outlook cannot turn it into the note, and tries again on request', async () => {
  draft();
  const s = await server();
  renderPane(props(s));
  host.failNext('item.body.setAsync');
  await userEvent.click(await paneReady());
  await screen.findByRole('heading', { name: 'Ontvangstbewijs' });
  const alert = await screen.findByText(/Outlook kon het concept niet omzetten\. Verstuur dit concept niet zoals het is/);
  expect(alert.closest('[role="alert"]')).not.toBeNull();
  // Recipients went first: no court recipient is left beside the unchanged content.
  expect(host.item().to.map((r) => r.emailAddress)).toEqual([OWN]);
  expect(host.item().sent).toBe(false);

  await userEvent.click(screen.getByRole('button', { name: 'Concept opnieuw omzetten' }));
  await screen.findByText(/Klik in Outlook op Verzenden/);
  expect(host.item().body.content).toContain('Ontvangstbewijs van Zegel');
  expect(host.item().attachments).toEqual([]);
  expect(s.api.createMessage).toHaveBeenCalledTimes(1);
});

it('shows no receipt that does not verify, leaves the draft, and never files a second copy', async () => {
  draft();
  const s = await server();
  const stranger = await fakeServer({ actorAccountId: 'acc-jansen', directory: [] });
  s.api.receiptKeys.mockImplementation(() => Promise.resolve(structuredClone(stranger.jwks)));
  renderPane(props(s));
  await userEvent.click(await paneReady());
  await screen.findByRole('heading', { name: 'Verstuurd, ontvangstbewijs niet bevestigd' });
  const [stored] = [...s.messages.values()];
  expect(screen.getByRole('alert').textContent).toContain(`bericht-id ${stored!.messageId}`);
  expect(screen.queryByRole('heading', { name: 'Ontvangstbewijs' })).toBeNull();
  expectDraftUntouched();

  // Refresh and Send again: the same message is reached, not a new filing.
  await userEvent.click(screen.getByRole('button', { name: 'Vernieuwen' }));
  await userEvent.click(await paneReady());
  await screen.findByRole('heading', { name: 'Verstuurd, ontvangstbewijs niet bevestigd' });
  expect(s.api.createMessage).toHaveBeenCalledTimes(1);
  expect(s.messages.size).toBe(1);
  expectDraftUntouched();
});
