/**
 * @jest-environment ./test/addin/secure-send/environment.ts
 */
// Recipients without a key in the pane, over the Office.js simulator and the fake API of fixtures.ts
// (which stores guest access per address as api/guests does and answers the guest reader as its public
// routes do): the user gives an access code (and a mobile number), the message goes, the receipt shows
// the link and the code to pass on, and the guest opens it with the guest reader's own flow
// (addin/guest/flow.ts) and real crypto. Against the real API: guests-real-api.test.ts.
import type { GuestCrypto } from '../../../addin/guest/crypto-loader';
import { readMessage, unlock, type ReadMessage } from '../../../addin/guest/flow';
import { memoryPendingSends } from '../../../addin/secure-send/send-flow';
import { parseGuestFragment } from '../../../shared/crypto/guest-link';
import { TEST_KDF_PARAMS } from '../../../shared/crypto/kdf';
import { SecureSendApiError } from '../../../addin/secure-send/types';
import { loadOfficeHost, unloadOfficeHost, type OfficeHostControl } from '../../office-host/load';
import { SMS_CODE, accountEntry, fakeServer, goodPdf, guestReaderCrypto, principalInfo, testKey, type FakeServer, type TestKey } from './fixtures';
import { expectAccessible, paneProps, paneReady, readStored, renderPane, screen, spiedCrypto, userEvent, waitFor, type Spied } from './harness';

const GRIFFIE = 'griffie@rechtspraak.nl';
const COLLEGA = 'b.de.vries@advocaten.nl';
const WEDERPARTIJ = 'mr.smit@wederpartij.nl';
const OWN = 'mr.a.jansen@kantoor.nl';
const SUBJECT = 'Concept vaststellingsovereenkomst';
const GUEST_KDF = { cost: TEST_KDF_PARAMS, floor: TEST_KDF_PARAMS };

let host: OfficeHostControl;
let lawyer: TestKey;
let colleague: TestKey;
let spied: Spied;
let pdf: Uint8Array;
let guestCrypto: GuestCrypto;

beforeAll(async () => {
  host = loadOfficeHost();
  [lawyer, colleague] = await Promise.all([testKey(), testKey()]);
  spied = await spiedCrypto();
  pdf = await goodPdf('Concept', 1);
  guestCrypto = await guestReaderCrypto();
});

afterAll(unloadOfficeHost);

beforeEach(() => {
  host.reset();
  spied.encryptMessage.mockClear();
  host.setItem({
    to: [{ emailAddress: WEDERPARTIJ, displayName: 'mr. J. Smit' }],
    cc: [{ emailAddress: COLLEGA, displayName: 'mr. B. de Vries' }],
    subject: SUBJECT,
    body: { html: '<p>Geachte confrère, bijgaand het concept.</p>' },
    attachments: [{ name: 'concept.pdf', bytes: pdf, contentType: 'application/pdf' }],
  });
});

afterEach(() => {
  expect(host.problems()).toEqual([]);
});

async function server(): Promise<FakeServer> {
  const self = principalInfo({ accountId: 'acc-jansen', email: OWN, self: true, number: 'A12345' });
  return fakeServer({
    actorAccountId: 'acc-jansen',
    directory: [accountEntry(COLLEGA, colleague)],
    principals: { from: OWN, match: 'own-address', suggested: 'acc-jansen', candidates: [self], choices: [self] },
    numbers: { 'acc-jansen': 'A12345' },
    senderPublicKey: lawyer.armored,
  });
}

function props(s: FakeServer, extra: Partial<Parameters<typeof paneProps>[0]> = {}) {
  const copyText = jest.fn((_text: string) => Promise.resolve());
  return { ...paneProps({ server: s, accountId: 'acc-jansen', key: lawyer, pins: [], crypto: spied.crypto, guestKdf: GUEST_KDF, copyText, ...extra }), copyText };
}

/** The guest's side: the link's fragment and the code, through the guest reader's own flow. */
async function openAsGuest(s: FakeServer, link: string, code: string, smsCode?: string): Promise<ReadMessage> {
  const parsed = parseGuestFragment(link);
  if (!parsed?.secret) throw new Error('the link carries no secret');
  const meta = await s.guestApi.meta(parsed.guestId);
  const keys = await guestCrypto.deriveGuestKeys({ guestId: parsed.guestId, secret: parsed.secret, accessCode: code, kdfParams: meta.kdfParams });
  let answer = await s.guestApi.open(parsed.guestId, { verifier: keys.verifier });
  if (answer.next === 'sms') answer = await s.guestApi.open(parsed.guestId, { verifier: keys.verifier, ...(smsCode ? { smsCode } : {}) });
  if (answer.next !== 'read') throw new Error('the SMS gate did not open');
  const unlocked = await unlock({ crypto: guestCrypto, keys, guestId: parsed.guestId, session: answer });
  return readMessage({ api: s.guestApi, crypto: guestCrypto, unlocked });
}

/** The receipt is shown and the evidence note is done (the pane's last state change). */
async function receiptDone(heading = 'Ontvangstbewijs', evidence = /Klik in Outlook op Verzenden/): Promise<void> {
  await screen.findByRole('heading', { name: heading });
  await screen.findByText(evidence);
}

const field = (name: RegExp | string) => screen.getByRole<HTMLInputElement>('textbox', { name });
const guestsFor = (s: FakeServer, address: string) => [...s.guests.values()].filter((g) => g.address === address);

/** Presses Send, ticks "give an access code" for the guest, optionally sets code and mobile, presses Send again. */
async function sendWithCode(options: { code?: string; mobile?: string } = {}): Promise<void> {
  await userEvent.click(await paneReady());
  await screen.findByRole('heading', { name: 'Ontvangers zonder Zegel-account' });
  await userEvent.click(screen.getByRole('checkbox', { name: `Toegangscode geven aan ${WEDERPARTIJ}` }));
  if (options.code !== undefined) {
    await userEvent.clear(field(/^Toegangscode voor/));
    await userEvent.type(field(/^Toegangscode voor/), options.code);
  }
  if (options.mobile !== undefined) await userEvent.type(field(/^Mobiel nummer van/), options.mobile);
  await userEvent.click(screen.getByRole('button', { name: 'Veilig versturen, met toegangscode' }));
}

it('asks for a choice, sends with a generated code, and the guest opens the message with the link and the code', async () => {
  const s = await server();
  const p = props(s);
  renderPane(p);
  await userEvent.click(await paneReady());

  // Nothing goes while the recipient without a key has no code; the pane says why and offers one.
  const heading = await screen.findByRole('heading', { name: 'Ontvangers zonder Zegel-account' });
  await waitFor(() => expect(document.activeElement).toBe(heading));
  expect(spied.encryptMessage).not.toHaveBeenCalled();
  expect(s.api.createMessage).not.toHaveBeenCalled();
  await expectAccessible();

  // Keyboard only: tick the box, take the suggested code, send.
  await userEvent.tab();
  expect(document.activeElement).toBe(screen.getByRole('checkbox', { name: `Toegangscode geven aan ${WEDERPARTIJ}` }));
  await userEvent.keyboard(' ');
  const code = field(`Toegangscode voor ${WEDERPARTIJ}`);
  expect(code.value).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  const suggested = code.value;
  expect(screen.getByText(/Ten minste 6 tekens; spaties en streepjes tellen niet mee/)).toBeTruthy();
  await expectAccessible();
  const send = screen.getByRole('button', { name: 'Veilig versturen, met toegangscode' });
  send.focus();
  await userEvent.keyboard('{Enter}');
  await receiptDone();

  // One message: the colleague by key, the other party as a guest; one access stored for her.
  expect(s.api.createMessage).toHaveBeenCalledTimes(1);
  expect(s.api.createMessage.mock.calls[0]![0].recipients).toEqual([{ address: COLLEGA }, { address: WEDERPARTIJ, guest: true }]);
  expect(guestsFor(s, WEDERPARTIJ)).toHaveLength(1);
  expect(guestsFor(s, WEDERPARTIJ)[0]).toMatchObject({ status: 'active', phone: null });

  // The receipt names her as a guest; the link and the code wait to be passed on, each with a copy button.
  expect(screen.getByRole('region', { name: 'Ontvangstbewijs' }).textContent).toContain(`mr. J. Smit <${WEDERPARTIJ}>(met toegangscode)`);
  const access = screen.getByRole('region', { name: 'Toegang voor ontvangers zonder account' });
  const link = field(`Link voor ${WEDERPARTIJ}`).value;
  expect(link).toMatch(/^https:\/\/zegel\.test\/app#guest=[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/);
  expect(field(`Toegangscode voor ${WEDERPARTIJ}`).value).toBe(suggested);
  expect(access.textContent).toContain('De toegang vervalt 28 dagen na het versturen.');
  await userEvent.click(screen.getByRole('button', { name: `Link kopiëren voor ${WEDERPARTIJ}` }));
  expect(p.copyText).toHaveBeenLastCalledWith(link);
  expect(await screen.findByText(`Link voor ${WEDERPARTIJ}: gekopieerd.`)).toBeTruthy();
  await userEvent.click(screen.getByRole('button', { name: `Code kopiëren voor ${WEDERPARTIJ}` }));
  expect(p.copyText).toHaveBeenLastCalledWith(suggested);
  await expectAccessible();

  // The guest reads it with the link and the code, typed as people do.
  const read = await openAsGuest(s, link, suggested.toLowerCase().replace('-', ' '));
  expect(read.subject).toBe(SUBJECT);
  expect(read.body).toContain('bijgaand het concept');
  expect([...(await read.attachment(read.attachments[0]!.partId))]).toEqual([...pdf]);
  // The colleague, who has a key, reads it with that key and gets no guest access.
  const [stored] = [...s.messages.values()];
  expect((await readStored(s, stored!.messageId, colleague.privateKey, lawyer.publicKey)).subject).toBe(SUBJECT);
  expect(guestsFor(s, COLLEGA)).toHaveLength(0);

  // The evidence note names the guest, but holds neither the link, its secret nor the code.
  const note = host.item().body.content;
  const secret = parseGuestFragment(link)!.secret!;
  expect(note).toContain(`mr. J. Smit &lt;${WEDERPARTIJ}&gt; (zonder Zegel-account, toegang met code)`);
  expect(note).toContain('Die staan bewust niet in deze notitie.');
  for (const leak of [link, secret, suggested, suggested.replace('-', '')]) expect(note).not.toContain(leak);
  expect(host.item().subject).not.toContain(secret);
  expect(host.item().to.map((r) => r.emailAddress)).toEqual([OWN]);
  // The receipt download names the guest too, and carries no secret either.
  await userEvent.click(screen.getByRole('button', { name: 'Ontvangstbewijs downloaden (JSON)' }));
  const file = (p.download.mock.calls[0]![0] as { text: string }).text;
  expect(file).toContain(WEDERPARTIJ);
  for (const leak of [secret, suggested]) expect(file).not.toContain(leak);
});

it('sends with a code of the user’s own and a Dutch mobile number, normalised, behind the SMS gate', async () => {
  const s = await server();
  renderPane(props(s));
  await sendWithCode({ code: 'zaak 4711', mobile: '06 1234 5678' });
  await receiptDone();
  const [stored] = guestsFor(s, WEDERPARTIJ);
  expect(stored!.phone).toBe('+31612345678');
  expect(s.api.storeGuestAccess.mock.calls[0]![1][0]!.mobile).toBe('+31612345678');
  expect(screen.getByRole('region', { name: 'Toegang voor ontvangers zonder account' }).textContent).toContain('op het nummer dat eindigt op 78');
  const link = field(`Link voor ${WEDERPARTIJ}`).value;
  expect(field(`Toegangscode voor ${WEDERPARTIJ}`).value).toBe('zaak 4711');

  await expect(openAsGuest(s, link, 'ZAAK-4711')).rejects.toThrow('the SMS gate did not open');
  const read = await openAsGuest(s, link, 'ZAAK-4711', SMS_CODE);
  expect(read.subject).toBe(SUBJECT);
  // A wrong code does not open it.
  await expect(openAsGuest(s, link, 'zaak-4712', SMS_CODE)).rejects.toMatchObject({ code: 'GUEST_ACCESS_INVALID' });
});

it('refuses an invalid mobile number and a short code before anything is encrypted', async () => {
  const s = await server();
  renderPane(props(s));
  await sendWithCode({ code: 'ab-12', mobile: '020 123 4567' });
  await screen.findByText('Verbeter de gemarkeerde velden. Er is niets versleuteld of verstuurd.');
  expect(screen.getByText('Een Nederlands nummer moet een mobiel nummer zijn (06…): andere nummers ontvangen geen sms.')).toBeTruthy();
  expect(screen.getByText(/^De toegangscode is te kort: ten minste 6 tekens/)).toBeTruthy();
  expect(field(/^Mobiel nummer van/).getAttribute('aria-invalid')).toBe('true');
  expect(spied.encryptMessage).not.toHaveBeenCalled();
  expect(s.api.createMessage).not.toHaveBeenCalled();
  expect(host.item().to.map((r) => r.emailAddress)).toEqual([WEDERPARTIJ]);
  await expectAccessible();

  // Corrected, it goes.
  await userEvent.clear(field(/^Mobiel nummer van/));
  await userEvent.type(field(/^Mobiel nummer van/), '+32 470 12 34 56');
  await userEvent.clear(field(/^Toegangscode voor/));
  await userEvent.type(field(/^Toegangscode voor/), 'ab-12-cd');
  await userEvent.click(screen.getByRole('button', { name: 'Veilig versturen, met toegangscode' }));
  await receiptDone();
  expect(guestsFor(s, WEDERPARTIJ)[0]!.phone).toBe('+32470123456');
});

it('still refuses a court address without a key: it cannot be given an access code', async () => {
  host.setItem({ to: [GRIFFIE], cc: [WEDERPARTIJ], subject: 'Verzoekschrift', body: { html: '<p>Geachte griffie,</p>' }, attachments: [{ name: 'verzoek.pdf', bytes: pdf }] });
  const s = await server();
  renderPane(props(s));
  await userEvent.click(await paneReady());
  await screen.findByRole('heading', { name: 'Dit bericht kan zo niet worden verstuurd' });
  expect(screen.getByText(/^Zegel kent geen sleutel van de Rechtspraak voor griffie@rechtspraak\.nl\. Controleer het adres\./)).toBeTruthy();
  // The other party may still get a code; the court address is never offered one.
  expect(screen.getByRole('checkbox', { name: `Toegangscode geven aan ${WEDERPARTIJ}` })).toBeTruthy();
  expect(screen.queryByRole('checkbox', { name: /griffie@rechtspraak\.nl/ })).toBeNull();

  await userEvent.click(screen.getByRole('checkbox', { name: `Toegangscode geven aan ${WEDERPARTIJ}` }));
  await userEvent.click(screen.getByRole('button', { name: 'Controleren en veilig versturen' }));
  await screen.findByRole('heading', { name: 'Dit bericht kan zo niet worden verstuurd' });
  expect(screen.getByText(/griffie@rechtspraak\.nl\. Controleer het adres/)).toBeTruthy();
  expect(spied.encryptMessage).not.toHaveBeenCalled();
  expect(s.api.createMessage).not.toHaveBeenCalled();
  await expectAccessible();
});

it('sends nothing while the user gives no code, and names the recipient', async () => {
  const s = await server();
  renderPane(props(s));
  await userEvent.click(await paneReady());
  await screen.findByRole('heading', { name: 'Ontvangers zonder Zegel-account' });
  await userEvent.click(screen.getByRole('button', { name: 'Veilig versturen, met toegangscode' }));
  await screen.findByRole('heading', { name: 'Ontvangers zonder Zegel-account' });
  expect(screen.getByRole('checkbox', { name: `Toegangscode geven aan ${WEDERPARTIJ}` })).toHaveProperty('checked', false);
  expect(spied.encryptMessage).not.toHaveBeenCalled();
  expect(s.api.createMessage).not.toHaveBeenCalled();
});

describe('a resumed send keeps one guest access', () => {
  it('Try again after a dropped chunk: the same message, the access stored once, the link still opens', async () => {
    const s = await server();
    let drops = 3;
    s.failUpload = (input) => input.partId === 'p2' && drops-- > 0;
    renderPane(props(s));
    await sendWithCode({ code: 'zaak-4711' });
    await screen.findByRole('heading', { name: 'Niet verstuurd' });
    expect(guestsFor(s, WEDERPARTIJ)).toHaveLength(1);
    const guestId = guestsFor(s, WEDERPARTIJ)[0]!.guestId;

    await userEvent.click(screen.getByRole('button', { name: 'Opnieuw proberen' }));
    await receiptDone();
    expect(s.api.createMessage).toHaveBeenCalledTimes(1);
    expect(spied.encryptMessage).toHaveBeenCalledTimes(1);
    expect(s.api.storeGuestAccess).toHaveBeenCalledTimes(1);
    expect(guestsFor(s, WEDERPARTIJ).map((g) => g.guestId)).toEqual([guestId]);
    const link = field(`Link voor ${WEDERPARTIJ}`).value;
    expect(parseGuestFragment(link)?.guestId).toBe(guestId);
    expect((await openAsGuest(s, link, 'zaak-4711')).subject).toBe(SUBJECT);
  });

  it('an answer lost after the access was stored: stored again in place, one access, and it opens', async () => {
    const s = await server();
    let lost = 1;
    s.failStoreGuests = () => (lost-- > 0 ? 'after' : null);
    renderPane(props(s));
    await sendWithCode({ code: 'zaak-4711' });
    await receiptDone();
    expect(s.api.storeGuestAccess).toHaveBeenCalledTimes(2);
    const [first, second] = s.api.storeGuestAccess.mock.calls.map((c) => c[1][0]!);
    expect(second).toEqual(first);
    expect(guestsFor(s, WEDERPARTIJ)).toHaveLength(1);
    expect((await openAsGuest(s, field(`Link voor ${WEDERPARTIJ}`).value, 'zaak-4711')).subject).toBe(SUBJECT);
  });

  it('in a pane opened again: the same code is offered, the same send resumes, one access', async () => {
    const s = await server();
    const pending = memoryPendingSends();
    s.failUpload = (input) => input.partId === 'p2';
    const first = renderPane(props(s, { pendingSends: pending }));
    await sendWithCode({ mobile: '0612345678' });
    await screen.findByRole('heading', { name: 'Niet verstuurd' });
    const code = guestsFor(s, WEDERPARTIJ)[0]!;
    first.unmount();

    s.failUpload = null;
    renderPane(props(s, { pendingSends: pending }));
    await userEvent.click(await paneReady());
    await screen.findByRole('heading', { name: 'Ontvangers zonder Zegel-account' });
    // The choice the waiting send was made with, ticked, with the same code and number.
    expect(screen.getByRole('checkbox', { name: `Toegangscode geven aan ${WEDERPARTIJ}` })).toHaveProperty('checked', true);
    const offered = field(/^Toegangscode voor/).value;
    expect(field(/^Mobiel nummer van/).value).toBe('+31612345678');
    await userEvent.click(screen.getByRole('button', { name: 'Veilig versturen, met toegangscode' }));
    await receiptDone();

    expect(s.api.createMessage).toHaveBeenCalledTimes(1);
    expect(spied.encryptMessage).toHaveBeenCalledTimes(1);
    expect(s.messages.size).toBe(1);
    expect(guestsFor(s, WEDERPARTIJ).map((g) => g.guestId)).toEqual([code.guestId]);
    expect(field(`Toegangscode voor ${WEDERPARTIJ}`).value).toBe(offered);
    expect((await openAsGuest(s, field(`Link voor ${WEDERPARTIJ}`).value, offered, SMS_CODE)).subject).toBe(SUBJECT);
  });

  it('a changed code after an interruption is another send, never the old access under a new code', async () => {
    const s = await server();
    s.failUpload = (input) => input.partId === 'p2';
    renderPane(props(s));
    await sendWithCode({ code: 'eerste-code' });
    await screen.findByRole('heading', { name: 'Niet verstuurd' });
    s.failUpload = null;
    await userEvent.clear(field(/^Toegangscode voor/));
    await userEvent.type(field(/^Toegangscode voor/), 'tweede-code');
    await userEvent.click(screen.getByRole('button', { name: 'Opnieuw proberen' }));
    await receiptDone();
    expect(s.api.createMessage).toHaveBeenCalledTimes(2);
    const link = field(`Link voor ${WEDERPARTIJ}`).value;
    expect((await openAsGuest(s, link, 'tweede-code')).subject).toBe(SUBJECT);
    await expect(openAsGuest(s, link, 'eerste-code')).rejects.toMatchObject({ code: 'GUEST_ACCESS_INVALID' });
  });
});

describe('a failure after the commit keeps the guests’ links and codes on screen', () => {
  it('a receipt signed by a key other than the issuer’s: the receipt failure, with the link and code of the stored message', async () => {
    const s = await server();
    // Receipt keys of another issuer: the real receipt (signed by the server's own key) does not verify against them.
    const stranger = await fakeServer({ actorAccountId: 'acc-jansen', directory: [] });
    s.api.receiptKeys.mockImplementation(() => Promise.resolve(structuredClone(stranger.jwks)));
    const onSent = jest.fn();
    const p = props(s, { onSent });
    renderPane(p);
    await sendWithCode({ code: 'zaak 4711', mobile: '06 1234 5678' });

    // The failure is the receipt's, named with the message id; no receipt, no success, no evidence note.
    const heading = await screen.findByRole('heading', { name: 'Verstuurd, ontvangstbewijs niet bevestigd' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    const [stored] = [...s.messages.values()];
    expect(stored!.status).toBe('committed');
    expect(screen.getByRole('alert').textContent).toContain(`Het bericht is door Zegel opgeslagen (bericht-id ${stored!.messageId}), maar het ontvangstbewijs klopt niet.`);
    expect(screen.queryByRole('heading', { name: 'Ontvangstbewijs' })).toBeNull();
    expect(screen.queryByText(/Klik in Outlook op Verzenden|Het bericht is versleuteld afgeleverd/)).toBeNull();
    expect(onSent).not.toHaveBeenCalled();
    expect(host.item().to.map((r) => r.emailAddress)).toEqual([WEDERPARTIJ]);
    expect(host.item().attachments).toHaveLength(1);

    // Beside it: the link and the code, marked as those of the stored message, with copy buttons; the
    // choices that made them are no longer offered.
    const access = screen.getByRole('region', { name: 'Toegang voor ontvangers zonder account' });
    expect(access.textContent).toContain(`Deze links en codes horen bij bericht ${stored!.messageId}, dat Zegel heeft opgeslagen. Het ontvangstbewijs van dit bericht is niet bevestigd (zie hierboven).`);
    expect(access.textContent).toContain('op het nummer dat eindigt op 78');
    expect(screen.queryByRole('checkbox', { name: `Toegangscode geven aan ${WEDERPARTIJ}` })).toBeNull();
    const link = field(`Link voor ${WEDERPARTIJ}`).value;
    expect(field(`Toegangscode voor ${WEDERPARTIJ}`).value).toBe('zaak 4711');
    await userEvent.click(screen.getByRole('button', { name: `Link kopiëren voor ${WEDERPARTIJ}` }));
    expect(p.copyText).toHaveBeenLastCalledWith(link);
    await expectAccessible();

    // They are the stored message's own: the guest opens it with them.
    expect(parseGuestFragment(link)?.guestId).toBe(guestsFor(s, WEDERPARTIJ)[0]!.guestId);
    const read = await openAsGuest(s, link, 'ZAAK-4711', SMS_CODE);
    expect(read.subject).toBe(SUBJECT);
    expect(s.api.createMessage).toHaveBeenCalledTimes(1);
  });

  it('receipt keys out of reach after the commit: the network failure, the link and code, and Try again shows the receipt with the same link', async () => {
    const s = await server();
    s.api.receiptKeys.mockRejectedValueOnce(new SecureSendApiError({ code: 'NETWORK', status: 0 }));
    renderPane(props(s, { language: 'en' }));
    await userEvent.click(await paneReady('Check and send securely'));
    await screen.findByRole('heading', { name: 'Recipients without a Zegel account' });
    await userEvent.click(screen.getByRole('checkbox', { name: `Give ${WEDERPARTIJ} an access code` }));
    const code = field(`Access code for ${WEDERPARTIJ}`).value;
    await userEvent.click(screen.getByRole('button', { name: 'Send securely, with access code' }));

    await screen.findByRole('heading', { name: 'Sent, receipt not confirmed' });
    const [stored] = [...s.messages.values()];
    // Delivered already: the text says so, never "nothing was delivered".
    expect(screen.getByRole('alert').textContent).toBe(
      `Zegel stored and delivered the message (message id ${stored!.messageId}), but the receipt could not be fetched: Zegel cannot be reached. Choose Try again without changing the draft, and Zegel checks the receipt of this same message.`,
    );
    expect(screen.getByRole('region', { name: 'Access for recipients without an account' }).textContent).toContain(`These links and codes belong to message ${stored!.messageId}, which Zegel stored.`);
    const link = field(`Link for ${WEDERPARTIJ}`).value;
    expect(link).toContain('/app#guest=');
    expect(field(`Access code for ${WEDERPARTIJ}`).value).toBe(code);
    await expectAccessible();

    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await receiptDone('Receipt', /Press Send in Outlook/);
    expect(field(`Link for ${WEDERPARTIJ}`).value).toBe(link);
    expect(screen.queryByText(/These links and codes belong to message/)).toBeNull();
    expect(s.api.createMessage).toHaveBeenCalledTimes(1);
    expect(s.messages.size).toBe(1);
  });
});

it('speaks English through the choice and the access to pass on', async () => {
  const s = await server();
  renderPane(props(s, { language: 'en' }));
  await userEvent.click(await paneReady('Check and send securely'));
  await screen.findByRole('heading', { name: 'Recipients without a Zegel account' });
  await userEvent.click(screen.getByRole('checkbox', { name: `Give ${WEDERPARTIJ} an access code` }));
  expect(screen.getByText(/^At least 6 characters; spaces and hyphens do not count/)).toBeTruthy();
  await userEvent.type(field(`Mobile number of ${WEDERPARTIJ} for an SMS code (optional)`), '12345');
  await userEvent.click(screen.getByRole('button', { name: 'Send securely, with access code' }));
  await screen.findByText('Start a number from outside the Netherlands with "+" and the country code.');
  await expectAccessible();
  await userEvent.clear(field(/^Mobile number of/));
  await userEvent.click(screen.getByRole('button', { name: 'Send securely, with access code' }));
  await receiptDone('Receipt', /Press Send in Outlook/);
  expect(screen.getByRole('region', { name: 'Access for recipients without an account' }).textContent).toContain('Access ends 28 days after sending.');
  expect(field(`Link for ${WEDERPARTIJ}`).value).toContain('/app#guest=');
  expect(screen.getByRole('button', { name: `Copy code for ${WEDERPARTIJ}` })).toBeTruthy();
  expect(host.item().body.content).toContain('(no Zegel account, access with code)');
  await expectAccessible();
});
