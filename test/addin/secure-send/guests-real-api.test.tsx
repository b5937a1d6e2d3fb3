/**
 * @jest-environment ./test/addin/secure-send/real-api-environment.ts
 */
// The Secure send pane with a guest, against the real API over loopback HTTP on the embedded engine:
// the pane's own HTTP client creates the message with a guest recipient, stores her sealed access
// (api/guests) with the mobile number it normalised, uploads and commits, resuming after a dropped
// chunk; the guest then opens the message with the link and the code through the guest reader's HTTP
// client and flow, behind the real SMS gate. The fake-server tests beside this file cover the rest.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import { startTestApi, bearer, type TestApi } from '../../helpers/api';
import { onboard, type OnboardedUser } from '../../helpers/onboarding';
import { createSecureSendHttpApi } from '../../../addin/secure-send/http';
import { memoryPendingSends } from '../../../addin/secure-send/send-flow';
import { createGuestHttpApi } from '../../../addin/guest/http';
import type { GuestCrypto } from '../../../addin/guest/crypto-loader';
import { readMessage, unlock } from '../../../addin/guest/flow';
import { parseGuestFragment } from '../../../shared/crypto/guest-link';
import { TEST_KDF_PARAMS } from '../../../shared/crypto/kdf';
import { officeCompose } from '../../../addin/secure-send/office-compose';
import { loadSendCrypto } from '../../../addin/secure-send/crypto-loader';
import { loadOfficeHost, unloadOfficeHost, type OfficeHostControl } from '../../office-host/load';
import { goodPdf, guestReaderCrypto, memoryFingerprints } from './fixtures';
import { paneReady, renderPane, screen, userEvent } from './harness';

jest.setTimeout(180_000);

const GUEST = 'mr.smit@wederpartij.nl';
let api: TestApi;
let server: Server;
let base = '';
// An hour behind the real clock: the pane checks that the receipt was not issued in the future.
const now = new Date(Date.now() - 3600_000);
const clock = { now: () => now, advance: (s: number) => now.setTime(now.getTime() + s * 1000) };
let lawyer: OnboardedUser;
let colleague: OnboardedUser;
let host: OfficeHostControl;
let guestCrypto: GuestCrypto;

beforeAll(async () => {
  host = loadOfficeHost();
  api = await startTestApi({ now: clock.now });
  lawyer = await onboard(api, { email: 'mr.jansen@advocaten.nl', clock });
  colleague = await onboard(api, { email: 'mr.de.vries@advocaten.nl', clock });
  server = api.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  guestCrypto = await guestReaderCrypto();
});

afterAll(async () => {
  unloadOfficeHost();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await api?.close();
});

async function smsCodesTo(phone: string): Promise<string[]> {
  const outbox = api.features.smsGateway.outbox!;
  const list = (await outbox.list({ limit: 100 })).filter((m) => m.to === phone);
  const texts = await Promise.all(list.map(async (m) => (await outbox.read(m.id))?.text ?? ''));
  return texts.map((t) => /([0-9]{6})/.exec(t)?.[1] ?? '');
}

/** The pane over the real API as the lawyer; ticks "give an access code" for GUEST with `code` (and `mobile`) and sends. */
async function renderAndSend(options: { fetch: typeof fetch; code: string; mobile?: string; receiptIssuer?: string }): Promise<void> {
  const crypto = await loadSendCrypto();
  renderPane({
    compose: officeCompose(),
    api: createSecureSendHttpApi({ fetch: options.fetch, baseUrl: base, accessToken: () => lawyer.token() }),
    keys: { accountId: lawyer.accountId, privateKey: lawyer.keys.privateKey, publicKey: lawyer.keys.publicKey, fingerprint: lawyer.keys.fingerprint },
    courtKeyPins: [],
    fingerprintMemory: memoryFingerprints(),
    language: 'nl',
    receiptIssuer: options.receiptIssuer ?? api.config.publicBaseUrl.origin,
    guestLinkBaseUrl: api.config.publicBaseUrl.origin,
    pendingSends: memoryPendingSends(),
    loadCrypto: () => Promise.resolve(crypto),
    retryDelaysMs: [0, 0],
    sleep: () => Promise.resolve(),
    guestKdf: { cost: TEST_KDF_PARAMS, floor: TEST_KDF_PARAMS },
    copyText: () => Promise.resolve(),
    download: () => undefined,
  });

  await userEvent.click(await paneReady());
  await screen.findByRole('heading', { name: 'Ontvangers zonder Zegel-account' });
  await userEvent.click(screen.getByRole('checkbox', { name: `Toegangscode geven aan ${GUEST}` }));
  await userEvent.clear(screen.getByRole('textbox', { name: `Toegangscode voor ${GUEST}` }));
  await userEvent.type(screen.getByRole('textbox', { name: `Toegangscode voor ${GUEST}` }), options.code);
  if (options.mobile) await userEvent.type(screen.getByRole('textbox', { name: /^Mobiel nummer van/ }), options.mobile);
  await userEvent.click(screen.getByRole('button', { name: 'Veilig versturen, met toegangscode' }));
}

it('sends to a guest with a code and a mobile number, resumes after a dropped chunk, and the guest opens it', async () => {
  const pdf = await goodPdf('Concept', 1);
  host.reset();
  host.setItem({ to: [GUEST], cc: [colleague.email], subject: 'Concept vaststellingsovereenkomst', body: { html: '<p>Geachte confrère,</p>' }, attachments: [{ name: 'concept.pdf', bytes: pdf, contentType: 'application/pdf' }] });
  // The attachment's chunk is dropped on its first three tries (the pane's own retries), then gets through.
  let drops = 3;
  const fetchThrough: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return init?.method === 'PUT' && url.includes('/parts/p2/') && drops-- > 0 ? Promise.reject(new TypeError('network down')) : fetch(input, init);
  };
  await renderAndSend({ fetch: fetchThrough, code: 'zaak 4711', mobile: '06 1234 5678' });
  await screen.findByRole('heading', { name: 'Niet verstuurd' });
  await userEvent.click(screen.getByRole('button', { name: 'Opnieuw proberen' }));
  await screen.findByRole('heading', { name: 'Ontvangstbewijs' });
  await screen.findByText(/Klik in Outlook op Verzenden/);

  const link = screen.getByRole<HTMLInputElement>('textbox', { name: `Link voor ${GUEST}` }).value;
  const parsed = parseGuestFragment(link);
  expect(link.startsWith(`${api.config.publicBaseUrl.origin}/app#guest=`)).toBe(true);
  if (!parsed?.secret) throw new Error('the link carries no secret');
  const messageId = screen.getByText('Bericht-id', { selector: 'dt' }).nextElementSibling?.textContent ?? '';

  // One access for the guest, behind the SMS gate, and the message is committed with her as a guest.
  const status = await request(api.app).get(`/api/messages/${messageId}/guests`).set(...bearer(await lawyer.token()));
  expect(status.status).toBe(200);
  expect(status.body.guests).toEqual([expect.objectContaining({ guestId: parsed.guestId, address: GUEST, status: 'active', smsGate: true })]);

  // The guest: link + code, then the SMS code sent to the number the pane wrote as E.164.
  const guestApi = createGuestHttpApi({ fetch, baseUrl: base });
  const meta = await guestApi.meta(parsed.guestId);
  const keys = await guestCrypto.deriveGuestKeys({ guestId: parsed.guestId, secret: parsed.secret, accessCode: 'ZAAK-4711', kdfParams: meta.kdfParams });
  const gated = await guestApi.open(parsed.guestId, { verifier: keys.verifier });
  expect(gated).toMatchObject({ next: 'sms', phoneLast2: '78' });
  const [smsCode] = await smsCodesTo('+31612345678');
  const answer = await guestApi.open(parsed.guestId, { verifier: keys.verifier, smsCode: smsCode! });
  if (answer.next !== 'read') throw new Error('expected the envelope');
  const message = await readMessage({ api: guestApi, crypto: guestCrypto, unlocked: await unlock({ crypto: guestCrypto, keys, guestId: parsed.guestId, session: answer }) });
  expect(message.subject).toBe('Concept vaststellingsovereenkomst');
  expect(Buffer.from(await message.attachment(message.attachments[0]!.partId)).equals(Buffer.from(pdf))).toBe(true);

  // Zegel's own notice to the guest carries the guest id, never the secret.
  const notices = (await api.mailTo(GUEST)).filter((m) => m.kind === 'guest.notification');
  expect(notices).toHaveLength(1);
  expect(notices[0]!.text).toContain(parsed.guestId);
  expect(notices[0]!.text).not.toContain(parsed.secret);
  // The evidence note neither.
  expect(host.item().body.content).not.toContain(parsed.secret);
});

it('a receipt that does not verify after the commit: the failure is shown with the stored message’s link and code, and they open it', async () => {
  const pdf = await goodPdf('Concept', 1);
  host.reset();
  host.setItem({ to: [GUEST], cc: [colleague.email], subject: 'Tweede concept', body: { html: '<p>Geachte confrère,</p>' }, attachments: [{ name: 'concept.pdf', bytes: pdf, contentType: 'application/pdf' }] });
  // The pane expects receipts from another issuer than this API: the real receipt fails its check.
  await renderAndSend({ fetch, code: 'zaak 4712', receiptIssuer: 'https://elders.test' });

  await screen.findByRole('heading', { name: 'Verstuurd, ontvangstbewijs niet bevestigd' });
  const alert = screen.getByRole('alert').textContent ?? '';
  const messageId = /bericht-id ([^)]+)\)/.exec(alert)?.[1] ?? '';
  expect(alert).toContain('maar het ontvangstbewijs klopt niet');
  expect(screen.queryByRole('heading', { name: 'Ontvangstbewijs' })).toBeNull();
  expect(screen.getByRole('region', { name: 'Toegang voor ontvangers zonder account' }).textContent).toContain(`Deze links en codes horen bij bericht ${messageId}, dat Zegel heeft opgeslagen.`);
  const link = screen.getByRole<HTMLInputElement>('textbox', { name: `Link voor ${GUEST}` }).value;
  expect(screen.getByRole<HTMLInputElement>('textbox', { name: `Toegangscode voor ${GUEST}` }).value).toBe('zaak 4712');
  const parsed = parseGuestFragment(link);
  if (!parsed?.secret) throw new Error('the link carries no secret');

  // The message is committed with her access, and the link and code shown open it.
  const status = await request(api.app).get(`/api/messages/${messageId}/guests`).set(...bearer(await lawyer.token()));
  expect(status.body.guests).toEqual([expect.objectContaining({ guestId: parsed.guestId, address: GUEST, status: 'active', smsGate: false })]);
  const guestApi = createGuestHttpApi({ fetch, baseUrl: base });
  const meta = await guestApi.meta(parsed.guestId);
  const keys = await guestCrypto.deriveGuestKeys({ guestId: parsed.guestId, secret: parsed.secret, accessCode: 'ZAAK-4712', kdfParams: meta.kdfParams });
  const answer = await guestApi.open(parsed.guestId, { verifier: keys.verifier });
  if (answer.next !== 'read') throw new Error('expected the envelope');
  const message = await readMessage({ api: guestApi, crypto: guestCrypto, unlocked: await unlock({ crypto: guestCrypto, keys, guestId: parsed.guestId, session: answer }) });
  expect(message.subject).toBe('Tweede concept');
  // The draft stays as it was: no evidence note from a receipt that did not verify.
  expect(host.item().to.map((r) => r.emailAddress)).toEqual([GUEST]);
});
