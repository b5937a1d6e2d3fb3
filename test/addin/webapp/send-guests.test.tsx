/**
 * @jest-environment ./test/addin/webapp/environment.ts
 */
// Sending from the web app to recipients without an account, against the real API (in this process,
// on the embedded engine, over loopback HTTP): the user gives an access code (and a mobile number,
// refused beside its field when it cannot get an SMS), the web app creates the message with a guest
// recipient, stores her sealed access (api/guests), uploads and commits, and shows the link and the
// code; the guest then opens the message with them through the guest reader's own HTTP client and
// flow, behind the real SMS gate. A court address without a key is never offered a code, nor is an
// organisation unit without one: the real directory names it a unit, and the view says it cannot
// receive secure messages yet. When the receipt fails after the commit, the view says the message was stored (delivered when only the check could not be made),
// keeps the guests' links and codes on screen, and checks the same message's receipt again.
import request from 'supertest';
import { createGuestHttpApi } from '../../../addin/guest/http';
import type { GuestCrypto } from '../../../addin/guest/crypto-loader';
import { readMessage, unlock } from '../../../addin/guest/flow';
import { loadWebAppCrypto, type WebAppCrypto } from '../../../addin/webapp/crypto-loader';
import { parseGuestFragment } from '../../../shared/crypto/guest-link';
import { TEST_KDF_PARAMS } from '../../../shared/crypto/kdf';
import type { OnboardedUser } from '../../helpers/onboarding';
import { bearer } from '../../helpers/api';
import { organisationsRepository } from '../../../api/organisations/repository';
import { guestReaderCrypto } from '../secure-send/fixtures';
import { clientFor, expectAccessible, GRIFFIE, keysOf, press, renderWebApp, screen, startServer, user, userEvent, waitFor, within, type Drop, type RunningApi } from './harness';

jest.setTimeout(240_000);

const GUEST = 'mr.smit@wederpartij.nl';
const MEMO = new TextEncoder().encode('Concept-vaststellingsovereenkomst, versie 4.\n');

let running: RunningApi;
let lawyer: OnboardedUser;
let colleague: OnboardedUser;
let guestCrypto: GuestCrypto;
let webCrypto: WebAppCrypto;

beforeAll(async () => {
  running = await startServer();
  lawyer = await user(running, 'mr.jansen@advocaten.nl');
  colleague = await user(running, 'mr.de.vries@advocaten.nl');
  guestCrypto = await guestReaderCrypto();
  const real = await loadWebAppCrypto();
  // The real crypto; a guest's access is sealed at the test profile's KDF cost (the production cost
  // takes seconds per guest), as the Secure send tests pass it with `guestKdf`.
  webCrypto = { ...real, guests: { ...real.guests, sealGuestAccess: (options) => real.guests.sealGuestAccess({ ...options, kdf: { cost: TEST_KDF_PARAMS, floor: TEST_KDF_PARAMS } }) } };
});

afterAll(async () => {
  await running?.close();
});

function lawyerApp(options: { language?: 'nl' | 'en'; receiptIssuer?: string; drop?: Drop } = {}) {
  const api = clientFor(running, lawyer, options.drop);
  renderWebApp({
    api,
    keys: keysOf(lawyer),
    account: { accountId: lawyer.accountId, email: lawyer.email },
    receiptIssuer: options.receiptIssuer ?? running.api.config.publicBaseUrl.origin,
    language: options.language ?? 'nl',
    initialView: 'send',
    loadCrypto: () => Promise.resolve(webCrypto),
  });
  return api;
}

async function compose(u: ReturnType<typeof userEvent.setup>, to: string, subject: string, language: 'nl' | 'en' = 'nl') {
  const t = language === 'nl' ? { to: /Ontvangers/, subject: 'Onderwerp', body: 'Bericht', files: 'Bijlagen' } : { to: /Recipients/, subject: 'Subject', body: 'Message', files: 'Attachments' };
  await u.type(await screen.findByRole('textbox', { name: t.to }), to);
  await u.type(screen.getByRole('textbox', { name: t.subject }), subject);
  await u.type(screen.getByRole('textbox', { name: t.body }), 'Geachte confrère, bijgaand het concept.');
  await u.upload(screen.getByLabelText(t.files), new File([MEMO], 'vso-concept-v4.txt', { type: 'text/plain' }));
}

/** Ticks "give an access code" for the guest and sets the code (the field comes prefilled with a generated one). */
async function giveCode(u: ReturnType<typeof userEvent.setup>, code: string, language: 'nl' | 'en' = 'nl') {
  const t = language === 'nl' ? { give: `Toegangscode geven aan ${GUEST}`, code: `Toegangscode voor ${GUEST}` } : { give: `Give ${GUEST} an access code`, code: `Access code for ${GUEST}` };
  await u.click(await screen.findByRole('checkbox', { name: t.give }));
  const field = screen.getByRole<HTMLInputElement>('textbox', { name: t.code });
  expect(field.value).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  await u.clear(field);
  await u.type(field, code);
}

const creates = (api: ReturnType<typeof clientFor>) => api.calls.filter((c) => c.method === 'POST' && /\/api\/messages$/.test(c.url)).length;

async function smsCodesTo(phone: string): Promise<string[]> {
  const outbox = running.api.features.smsGateway.outbox!;
  const list = (await outbox.list({ limit: 100 })).filter((m) => m.to === phone);
  const texts = await Promise.all(list.map(async (m) => (await outbox.read(m.id))?.text ?? ''));
  return texts.map((t) => /([0-9]{6})/.exec(t)?.[1] ?? '');
}

/** The guest reader's own client and flow with the link and code the sender was shown. */
async function openAsGuest(link: string, accessCode: string, smsCode?: () => Promise<string>) {
  const parsed = parseGuestFragment(link);
  if (!parsed?.secret) throw new Error('the link carries no secret');
  const guestApi = createGuestHttpApi({ fetch, baseUrl: running.base });
  const meta = await guestApi.meta(parsed.guestId);
  const keys = await guestCrypto.deriveGuestKeys({ guestId: parsed.guestId, secret: parsed.secret, accessCode, kdfParams: meta.kdfParams });
  let answer = await guestApi.open(parsed.guestId, { verifier: keys.verifier });
  if (answer.next === 'sms' && smsCode) answer = await guestApi.open(parsed.guestId, { verifier: keys.verifier, smsCode: await smsCode() });
  if (answer.next !== 'read') throw new Error(`expected the envelope, got ${answer.next}`);
  const message = await readMessage({ api: guestApi, crypto: guestCrypto, unlocked: await unlock({ crypto: guestCrypto, keys, guestId: parsed.guestId, session: answer }) });
  return { parsed, message };
}

async function guestsOf(messageId: string) {
  const status = await request(running.api.app).get(`/api/messages/${messageId}/guests`).set(...bearer(await lawyer.token()));
  expect(status.status).toBe(200);
  return status.body.guests as { guestId: string; address: string; status: string; smsGate: boolean }[];
}

it('sends to a recipient without an account with an access code and a mobile number, and the guest opens it with the link and the code', async () => {
  const u = userEvent.setup();
  const api = lawyerApp();
  await compose(u, `${colleague.email}, ${GUEST}`, 'Concept vaststellingsovereenkomst');
  await press(u, 'Controleren en veilig versturen');
  expect(await screen.findByRole('heading', { name: 'Ontvangers zonder Zegel-account' })).toBeInTheDocument();
  expect(screen.queryByRole('checkbox', { name: `Toegangscode geven aan ${colleague.email}` })).toBeNull();
  await giveCode(u, 'zaak 4711');

  // A landline cannot get the SMS: refused beside its field, before anything is encrypted or created.
  const mobile = screen.getByRole('textbox', { name: `Mobiel nummer van ${GUEST} voor een sms-code (optioneel)` });
  await u.type(mobile, '020 123 4567');
  await press(u, 'Veilig versturen, met toegangscode');
  expect(await screen.findByText(/Een Nederlands nummer moet een mobiel nummer zijn/)).toBeInTheDocument();
  expect(screen.getByText('Verbeter de gemarkeerde velden. Er is niets versleuteld of verstuurd.')).toBeInTheDocument();
  expect(creates(api)).toBe(0);
  await expectAccessible();

  await u.clear(mobile);
  await u.type(mobile, '06 1234 5678');
  await press(u, 'Veilig versturen, met toegangscode');
  expect(await screen.findByRole('heading', { name: 'Ontvangstbewijs' })).toBeInTheDocument();
  const messageId = screen.getByText('Bericht-id', { selector: 'dt' }).nextElementSibling?.textContent ?? '';
  expect(screen.getByText('(met toegangscode)')).toBeInTheDocument();
  const panel = screen.getByRole('region', { name: 'Toegang voor ontvangers zonder account' });
  expect(panel).toHaveTextContent('eindigt op 78');
  const link = within(panel).getByRole<HTMLInputElement>('textbox', { name: `Link voor ${GUEST}` }).value;
  expect(link.startsWith(`${running.api.config.publicBaseUrl.origin}/app#guest=`)).toBe(true);
  expect(within(panel).getByRole<HTMLInputElement>('textbox', { name: `Toegangscode voor ${GUEST}` }).value).toBe('zaak 4711');
  await expectAccessible();

  // One access for the guest, behind the SMS gate, on the one message created.
  expect(creates(api)).toBe(1);
  const { parsed, message } = await openAsGuest(link, 'ZAAK-4711', async () => (await smsCodesTo('+31612345678'))[0] ?? '');
  expect(await guestsOf(messageId)).toEqual([expect.objectContaining({ guestId: parsed.guestId, address: GUEST, status: 'active', smsGate: true })]);
  expect(message.subject).toBe('Concept vaststellingsovereenkomst');
  expect([...new Uint8Array(await message.attachment(message.attachments[0]!.partId))]).toEqual([...MEMO]);
  // Zegel's own notice to the guest names the guest id, never the link's secret.
  const notices = (await running.api.mailTo(GUEST)).filter((m) => m.kind === 'guest.notification');
  expect(notices).toHaveLength(1);
  expect(notices[0]!.text).not.toContain(parsed.secret);
});

it('never offers an access code to a court address without a key', async () => {
  const u = userEvent.setup();
  const api = lawyerApp();
  await compose(u, `${GRIFFIE}, ${GUEST}`, 'Twee ontvangers');
  await press(u, 'Controleren en veilig versturen');
  expect(await screen.findByRole('heading', { name: 'Dit bericht kan zo niet worden verstuurd' })).toBeInTheDocument();
  expect(screen.getByText(/Een adres van de Rechtspraak kan geen toegangscode krijgen/)).toBeInTheDocument();
  expect(screen.getByRole('checkbox', { name: `Toegangscode geven aan ${GUEST}` })).toBeInTheDocument();
  expect(screen.queryByRole('checkbox', { name: `Toegangscode geven aan ${GRIFFIE}` })).toBeNull();

  // With the guest's code given, the court address still stops the message, and only it is named.
  await giveCode(u, 'zaak 4713');
  await press(u, 'Controleren en veilig versturen');
  await waitFor(() => expect(screen.getByRole<HTMLInputElement>('textbox', { name: `Toegangscode voor ${GUEST}` })).toBeEnabled());
  expect(screen.getByRole('heading', { name: 'Dit bericht kan zo niet worden verstuurd' })).toBeInTheDocument();
  expect(screen.getByText(/Een adres van de Rechtspraak kan geen toegangscode krijgen/)).toBeInTheDocument();
  expect(screen.queryByText(new RegExp(`geen Zegel-sleutel: .*${GUEST}`))).toBeNull();
  expect(creates(api)).toBe(0);
  await expectAccessible();
});

it('never offers an access code to an organisation unit without a key: the real directory names it a unit, and the view says it cannot receive secure messages yet', async () => {
  const unit = 'secretariaat@kantoor-de-boer.nl';
  const orgs = organisationsRepository(running.api.database.db, running.api.database.durable);
  await orgs.upsertOrganisation({ id: 'kantoor-de-boer', name: 'Kantoor De Boer', domains: ['kantoor-de-boer.nl'] });
  await orgs.addUnit({ orgId: 'kantoor-de-boer', name: 'Secretariaat', addresses: [unit], isDefault: true });
  const u = userEvent.setup();
  const api = lawyerApp();
  await compose(u, `${unit}, ${GUEST}`, 'Aan een kantoor zonder sleutel');
  await press(u, 'Controleren en veilig versturen');
  expect(await screen.findByRole('heading', { name: 'Dit bericht kan zo niet worden verstuurd' })).toBeInTheDocument();
  expect(screen.getByText(`Deze organisatie kan nog geen beveiligde berichten ontvangen, want zij heeft nog geen Zegel-sleutel: ${unit}. Haal dit adres uit het bericht.`)).toBeInTheDocument();
  expect(screen.getByRole('checkbox', { name: `Toegangscode geven aan ${GUEST}` })).toBeInTheDocument();
  expect(screen.queryByRole('checkbox', { name: `Toegangscode geven aan ${unit}` })).toBeNull();
  expect(screen.queryByText(new RegExp(`geen Zegel-sleutel: .*${unit}.*toegangscode`))).toBeNull();
  expect(creates(api)).toBe(0);
  await expectAccessible();
});

it('a receipt that does not verify after the commit: says Zegel stored the message and shows the guest’s link and code, which open it', async () => {
  const u = userEvent.setup();
  // The web app expects receipts from another issuer than this API: the real receipt fails its check.
  const api = lawyerApp({ receiptIssuer: 'https://elders.test' });
  await compose(u, GUEST, 'Tweede concept');
  await press(u, 'Controleren en veilig versturen');
  await giveCode(u, 'zaak 4712');
  await press(u, 'Veilig versturen, met toegangscode');

  const failure = await screen.findByRole('region', { name: 'Verstuurd, ontvangstbewijs niet bevestigd' });
  const text = within(failure).getByRole('alert').textContent ?? '';
  const messageId = /bericht-id ([^)]+)\)/.exec(text)?.[1] ?? '';
  // A receipt that does not verify proves nothing about delivery: only that Zegel stored it.
  expect(text).toContain('door Zegel opgeslagen (bericht-id');
  expect(text).not.toContain('afgeleverd');
  expect(text).toContain('het ontvangstbewijs klopt niet');
  expect(text).not.toContain('niets afgeleverd');
  expect(screen.queryByRole('heading', { name: 'Ontvangstbewijs' })).toBeNull();
  // Nothing can send it a second time from here.
  expect(screen.queryByRole('button', { name: /veilig versturen/i })).toBeNull();
  expect(screen.getByRole('textbox', { name: /Ontvangers/ })).toBeDisabled();
  const panel = screen.getByRole('region', { name: 'Toegang voor ontvangers zonder account' });
  expect(panel).toHaveTextContent(`Deze links en codes horen bij bericht ${messageId}, dat Zegel heeft opgeslagen.`);
  const link = within(panel).getByRole<HTMLInputElement>('textbox', { name: `Link voor ${GUEST}` }).value;
  expect(within(panel).getByRole<HTMLInputElement>('textbox', { name: `Toegangscode voor ${GUEST}` }).value).toBe('zaak 4712');
  await expectAccessible();

  const { parsed, message } = await openAsGuest(link, 'ZAAK-4712');
  expect(await guestsOf(messageId)).toEqual([expect.objectContaining({ guestId: parsed.guestId, address: GUEST, status: 'active', smsGate: false })]);
  expect(message.subject).toBe('Tweede concept');
  expect(creates(api)).toBe(1);

  // A fresh message starts from an empty form.
  await press(u, 'Nog een bericht');
  expect(screen.getByRole<HTMLInputElement>('textbox', { name: /Ontvangers/ }).value).toBe('');
  expect(screen.queryByRole('region', { name: 'Toegang voor ontvangers zonder account' })).toBeNull();
});

it('receipt keys out of reach after the commit (in English): delivered, not sent again, and checking again shows the receipt with the guest’s link', async () => {
  const u = userEvent.setup();
  let keysReachable = false;
  const api = lawyerApp({ language: 'en', drop: (url) => !keysReachable && url.endsWith('/api/receipts/jwks.json') });
  await compose(u, GUEST, 'Derde concept', 'en');
  await press(u, 'Check and send securely');
  await giveCode(u, 'zaak 4714', 'en');
  await press(u, 'Send securely, with access code');

  const failure = await screen.findByRole('region', { name: 'Sent, receipt not confirmed' });
  const text = within(failure).getByRole('alert').textContent ?? '';
  const messageId = /message id ([^)]+)\)/.exec(text)?.[1] ?? '';
  expect(text).toContain('Zegel stored and delivered the message');
  expect(text).toContain('Zegel cannot be reached');
  expect(text).not.toMatch(/nothing was delivered/i);
  const shown = screen.getByRole<HTMLInputElement>('textbox', { name: `Link for ${GUEST}` }).value;
  expect(screen.getByRole('region', { name: 'Access for recipients without an account' })).toHaveTextContent(messageId);
  await expectAccessible();

  keysReachable = true;
  await press(u, 'Check the receipt again');
  expect(await screen.findByRole('heading', { name: 'Receipt' })).toBeInTheDocument();
  expect(screen.getByText('Message id', { selector: 'dt' }).nextElementSibling?.textContent).toBe(messageId);
  const panel = screen.getByRole('region', { name: 'Access for recipients without an account' });
  expect(within(panel).getByRole<HTMLInputElement>('textbox', { name: `Link for ${GUEST}` }).value).toBe(shown);
  // One message, committed once: checking again only fetched the receipt keys.
  expect(creates(api)).toBe(1);
  expect(api.calls.filter((c) => c.method === 'POST' && c.url.endsWith(`/api/messages/${messageId}/commit`))).toHaveLength(1);
  const { message } = await openAsGuest(shown, 'zaak4714');
  expect(message.subject).toBe('Derde concept');
});
