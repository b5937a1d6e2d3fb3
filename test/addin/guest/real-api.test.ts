// The guest reader's HTTP client and flow against the real API, over loopback HTTP on the embedded
// engine: what the component's stand-in server does in guest-reader.test.tsx, done by api/guests.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import { startTestApi, bearer, type TestApi } from '../../helpers/api';
import { onboard, type OnboardedUser } from '../../helpers/onboarding';
import { readSecure } from '../../helpers/messaging';
import { createGuestHttpApi } from '../../../addin/guest/http';
import { loadGuestCrypto, type GuestCrypto } from '../../../addin/guest/crypto-loader';
import { checkReply, readMessage, sendReply, unlock } from '../../../addin/guest/flow';
import { GuestApiError, type GuestApi } from '../../../addin/guest/types';
import { deriveGuestKeys } from '../../../shared/crypto/guest-access';
import { TEST_KDF_PARAMS } from '../../../shared/crypto/kdf';
import { sendToGuests } from '../../api/guests/helpers';
import { goodPdf, truncatedPdf } from '../secure-send/fixtures';

jest.setTimeout(120_000);

let api: TestApi;
let server: Server;
let client: GuestApi;
let crypto: GuestCrypto;
let lawyer: OnboardedUser;
const now = new Date('2026-11-30T09:00:00Z');
const clock = { now: () => now, advance: (s: number) => now.setTime(now.getTime() + s * 1000) };

beforeAll(async () => {
  api = await startTestApi({ now: clock.now });
  lawyer = await onboard(api, { email: 'mr.jansen@advocaten.nl', clock });
  server = api.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  client = createGuestHttpApi({ fetch, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  const real = await loadGuestCrypto();
  // The test KDF profile stands in for production cost; only the floor differs.
  crypto = { ...real, deriveGuestKeys: (options) => deriveGuestKeys({ ...options, floor: TEST_KDF_PARAMS }) };
});

afterAll(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await api?.close();
});

it('opens, reads, downloads and replies through the real API; the sender reads the reply', async () => {
  const pdf = await goodPdf('Concept', 1);
  const sent = await sendToGuests(api, lawyer, { guests: [{ address: 'mr.devries@wederpartij.nl', accessCode: 'zaak-4711' }], subject: 'Concept', body: 'Zie bijlage.', attachments: [{ name: 'concept.pdf', type: 'application/pdf', data: pdf }] });
  const guest = sent.guests[0]!;

  const meta = await client.meta(guest.guestId);
  expect(meta).toEqual(expect.objectContaining({ state: 'open', smsGate: false }));
  const keys = await crypto.deriveGuestKeys({ guestId: guest.guestId, secret: guest.secret, accessCode: 'zaak 4711', kdfParams: meta.kdfParams });
  const answer = await client.open(guest.guestId, { verifier: keys.verifier });
  if (answer.next !== 'read') throw new Error('expected the envelope');
  const unlocked = await unlock({ crypto, keys, guestId: guest.guestId, session: answer });
  const message = await readMessage({ api: client, crypto, unlocked });
  expect(message.subject).toBe('Concept');
  expect(message.body).toBe('Zie bijlage.');
  expect(Buffer.from(await message.attachment(message.attachments[0]!.partId)).equals(Buffer.from(pdf))).toBe(true);

  const broken = [{ name: 'getekend.pdf', type: 'application/pdf', data: await truncatedPdf() }];
  expect(await checkReply(crypto, broken)).toEqual({ ok: false, tooMany: false, tooLarge: false, pdfProblems: [{ name: 'getekend.pdf', problem: 'incomplete' }] });
  const signed = await goodPdf('Getekend', 1);
  const files = [{ name: 'getekend.pdf', type: 'application/pdf', data: signed }];
  expect(await checkReply(crypto, files)).toEqual({ ok: true });
  const reply = await sendReply({ api: client, crypto, unlocked, subject: 'Re: Concept', body: 'Akkoord.', files, idempotencyKey: 'reply-key-0123456789abcdef' });

  const meta2 = await request(api.app).get(`/api/messages/${reply.messageId}`).set(...bearer(await lawyer.token()));
  expect(meta2.body.inReplyTo).toBe(sent.messageId);
  const { opened } = await readSecure(api, lawyer, reply.messageId, [lawyer.keys.privateKey], [meta2.body.sender.guest.publicKey as string]);
  expect(await opened.readText('body')).toBe('Akkoord.');
  expect(Buffer.from(await opened.readPartBytes(opened.attachments[0]!.partId)).equals(Buffer.from(signed))).toBe(true);
});

it('turns refusals into GuestApiError with the server’s code and Retry-After', async () => {
  const sent = await sendToGuests(api, lawyer, { guests: [{ address: 'fout@wederpartij.nl', accessCode: 'goede-code' }], subject: 'S', body: 'B' });
  const guest = sent.guests[0]!;
  const meta = await client.meta(guest.guestId);
  const wrong = await crypto.deriveGuestKeys({ guestId: guest.guestId, secret: guest.secret, accessCode: 'foute-code', kdfParams: meta.kdfParams });
  const errors: GuestApiError[] = [];
  for (let i = 0; i < 6; i++) {
    try {
      await client.open(guest.guestId, { verifier: wrong.verifier });
    } catch (error) {
      if (error instanceof GuestApiError) errors.push(error);
    }
  }
  expect(errors.slice(0, 5).map((e) => e.code)).toEqual(Array(5).fill('GUEST_ACCESS_INVALID'));
  expect(errors[5]!.code).toBe('RATE_LIMITED');
  expect(errors[5]!.retryAfterSeconds).toBeGreaterThan(0);
  await expect(client.fetchChunk(guest.guestId, 'A'.repeat(43), 'p0', 0)).rejects.toMatchObject({ code: 'GUEST_ACCESS_INVALID', status: 401 });
  await expect(client.meta('x'.repeat(22))).rejects.toMatchObject({ code: 'NOT_FOUND' });
});
