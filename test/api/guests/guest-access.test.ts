// Recipients without an account, over HTTP on the real engine: the access code together with the
// link's fragment secret opens the message; wrong codes are refused, counted and lock it; access
// expires; the SMS gate holds; the sender sees the open; the guest's reply reaches the sender
// decryptable; and what the server stores does not open the message by itself.
import { EJSON } from 'bson';
import request from 'supertest';
import { startTestApi, bearer, type TestApi } from '../../helpers/api';
import { onboard, linkBarNumber, type OnboardedUser } from '../../helpers/onboarding';
import { delegate } from '../delegations/helpers';
import { readSecure } from '../../helpers/messaging';
import { GUESTS_COLLECTION, type GuestDocument } from '../../../api/guests/repository';
import { GUEST_MAX_FAILED_ATTEMPTS } from '../../../api/guests/guests';
import { deriveGuestKeys, generateAccessCode, newGuestRandomId, openGuestKey, verifyGuestKeyCertificate } from '../../../shared/crypto/guest-access';
import { TEST_KDF_PARAMS } from '../../../shared/crypto/kdf';
import { sha256 } from '../../../api/accounts/verifier';
import { loadWebAppCrypto } from '../../../addin/webapp/crypto-loader';
import { ReadError, senderKey } from '../../../addin/webapp/reading';
import type { MessageSummary } from '../../../addin/webapp/types';
import { storedFingerprintMemory } from '../../../addin/state/fingerprint-memory';
import { memoryStorage } from '../../../addin/state/storage';
import { testKey } from '../../addin/secure-send/fixtures';
import { decryptOpened, deriveAsGuest, fetchGuestChunk, openAsGuest, readAsGuest, replyAsGuest, sendToGuests, type OpenedBody } from './helpers';

jest.setTimeout(180_000);

let api: TestApi;
let now = new Date('2026-11-30T09:00:00Z');
const clock = { now: () => now, advance: (s: number) => (now = new Date(now.getTime() + s * 1000)) };
let lawyer: OnboardedUser;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');
const SUBJECT = 'Zaak Jansen/De Vries – conceptvaststellingsovereenkomst';
const BODY = 'Geachte collega, bijgaand het concept waarover wij spraken.';

async function guestDoc(guestId: string): Promise<GuestDocument> {
  const doc = await api.database.db.collection<GuestDocument>(GUESTS_COLLECTION).findOne({ _id: guestId });
  if (!doc) throw new Error('no guest document');
  return doc;
}

async function smsTo(phone: string): Promise<string[]> {
  const outbox = api.features.smsGateway.outbox!;
  const list = (await outbox.list({ limit: 100 })).filter((m) => m.to === phone);
  const texts = await Promise.all(list.map(async (m) => (await outbox.read(m.id))?.text ?? ''));
  return texts.map((t) => /([0-9]{6})/.exec(t)?.[1] ?? '');
}

let senders = 0;

beforeAll(async () => {
  api = await startTestApi({ now: clock.now });
});

// A fresh sender per test: several tests move the clock by hours or days, past any session.
beforeEach(async () => {
  senders += 1;
  lawyer = await onboard(api, { email: `mr.jansen.${senders}@advocaten.nl`, clock });
});

afterAll(async () => {
  await api.close();
});

describe('opening with the access code and the link secret', () => {
  it('the right code with the link secret opens the message, byte for byte, and the mail carries neither', async () => {
    const sent = await sendToGuests(api, lawyer, {
      guests: [{ address: 'mr.devries@wederpartij.nl', accessCode: 'zaak-4711' }],
      subject: SUBJECT,
      body: BODY,
      attachments: [{ name: 'concept-vso.pdf', type: 'application/pdf', data: new Uint8Array(PDF) }],
    });
    const guest = sent.guests[0]!;
    const { opened } = await readAsGuest(api, { ...guest, accessCode: 'ZAAK 4711' });
    expect(await opened.readText('subject')).toBe(SUBJECT);
    expect(await opened.readText('body')).toBe(BODY);
    expect(opened.attachments.map((a) => a.name)).toEqual(['concept-vso.pdf']);
    expect(Buffer.from(await opened.readPartBytes(opened.attachments[0]!.partId)).equals(PDF)).toBe(true);

    const mails = (await api.mailTo('mr.devries@wederpartij.nl')).filter((m) => m.kind === 'guest.notification');
    expect(mails).toHaveLength(1);
    const text = mails[0]!.text;
    expect(text).toContain(`${api.config.publicBaseUrl.origin}/app#guest=${guest.guestId}`);
    expect(text).toContain(lawyer.email);
    expect(text).not.toContain(guest.secret);
    expect(text).not.toContain('zaak-4711');
    expect(text).not.toContain(SUBJECT);
  });

  it('a wrong code is refused and hands out neither a token nor the wrapped key', async () => {
    const sent = await sendToGuests(api, lawyer, { guests: [{ address: 'wrong.code@wederpartij.nl', accessCode: 'juiste-code' }], subject: SUBJECT, body: BODY });
    const guest = sent.guests[0]!;
    const { res } = await openAsGuest(api, { ...guest, accessCode: 'foute-code' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('GUEST_ACCESS_INVALID');
    expect(JSON.stringify(res.body)).not.toContain((await guestDoc(guest.guestId)).wrappedKey);
    // Without a token no chunk comes out, whatever else the caller knows.
    const chunk = await fetchGuestChunk(api, guest.guestId, null, 'p0', 0);
    expect(chunk.status).toBe(401);
    expect(JSON.parse((chunk.body as Buffer).toString('utf8')).error.code).toBe('GUEST_ACCESS_INVALID');
    // The right code still works afterwards.
    await expect(readAsGuest(api, guest)).resolves.toBeDefined();
  });

  it('the right code with another link secret is refused just the same', async () => {
    const sent = await sendToGuests(api, lawyer, { guests: [{ address: 'other.secret@wederpartij.nl' }], subject: SUBJECT, body: BODY });
    const guest = sent.guests[0]!;
    const { res } = await openAsGuest(api, { ...guest, secret: newGuestRandomId() });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('GUEST_ACCESS_INVALID');
  });

  it(`locks that guest's access after ${GUEST_MAX_FAILED_ATTEMPTS} wrong codes, also for the right code, and the sender sees it`, async () => {
    const sent = await sendToGuests(api, lawyer, { guests: [{ address: 'locked@wederpartij.nl', accessCode: 'goede-code' }], subject: SUBJECT, body: BODY });
    const guest = sent.guests[0]!;
    const codes: string[] = [];
    for (let i = 1; i <= GUEST_MAX_FAILED_ATTEMPTS; i++) {
      // Past the rate limiter's progressive delays (at most 15 minutes): the lock is what is tested here.
      clock.advance(16 * 60);
      await lawyer.token();
      const { res } = await openAsGuest(api, { ...guest, accessCode: `foute-code-${i}` });
      codes.push(res.body.error.code as string);
    }
    expect(codes.slice(0, -1).every((c) => c === 'GUEST_ACCESS_INVALID')).toBe(true);
    expect(codes.at(-1)).toBe('GUEST_ACCESS_LOCKED');
    clock.advance(16 * 60);
    const { res } = await openAsGuest(api, guest);
    expect(res.status).toBe(423);
    expect(res.body.error.code).toBe('GUEST_ACCESS_LOCKED');
    const meta = await request(api.app).get(`/api/guest-access/${guest.guestId}`);
    expect(meta.body.state).toBe('locked');
    const status = await request(api.app).get(`/api/messages/${sent.messageId}/guests`).set(...bearer(await lawyer.token()));
    expect(status.body.guests[0]).toEqual(expect.objectContaining({ address: 'locked@wederpartij.nl', failedAttempts: GUEST_MAX_FAILED_ATTEMPTS, lockedAt: expect.any(String), openedAt: null }));
  });

  it('slows down a run of wrong codes before the lock (rate limit, Retry-After)', async () => {
    const sent = await sendToGuests(api, lawyer, { guests: [{ address: 'fast.guesser@wederpartij.nl' }], subject: SUBJECT, body: BODY });
    const guest = sent.guests[0]!;
    // A success clears the run of failures for this guest and this network address (other tests failed from it).
    await readAsGuest(api, guest);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await openAsGuest(api, { ...guest, accessCode: `gok-${i}-abc` })).res.status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const blocked = (await openAsGuest(api, guest)).res;
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    clock.advance(Number(blocked.headers['retry-after']));
    expect((await openAsGuest(api, guest)).res.status).toBe(200);
  });
});

describe('expiry', () => {
  it('is 28 days from the commit by default', async () => {
    const sent = await sendToGuests(api, lawyer, { guests: [{ address: 'expiry.default@wederpartij.nl' }], subject: SUBJECT, body: BODY });
    const doc = await guestDoc(sent.guests[0]!.guestId);
    expect(doc.expiresAt!.getTime() - now.getTime()).toBe(28 * 86_400_000);
  });

  it('refuses a guest whose access has expired, even with the right code', async () => {
    const sent = await sendToGuests(api, lawyer, { guests: [{ address: 'expiry.short@wederpartij.nl', expiresInDays: 1 }], subject: SUBJECT, body: BODY });
    const guest = sent.guests[0]!;
    clock.advance(23 * 3600);
    expect((await openAsGuest(api, guest)).res.status).toBe(200);
    clock.advance(2 * 3600);
    const { res } = await openAsGuest(api, guest);
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe('GUEST_ACCESS_EXPIRED');
    expect((await request(api.app).get(`/api/guest-access/${guest.guestId}`)).body.state).toBe('expired');
  });

  it('deletes access a week after it expired, and access for a message never committed a week after it was stored', async () => {
    const sweep = api.features.sweepTasks.find((t) => t.name === 'expired-guest-access')!;
    const committed = await sendToGuests(api, lawyer, { guests: [{ address: 'sweep.committed@wederpartij.nl', expiresInDays: 1 }], subject: SUBJECT, body: BODY });
    const stopped = await sendToGuests(api, lawyer, { guests: [{ address: 'sweep.stopped@wederpartij.nl' }], subject: SUBJECT, body: BODY, stopAfterAccess: true });
    const ids = [committed.guests[0]!.guestId, stopped.guests[0]!.guestId];
    const left = () => api.database.db.collection<GuestDocument>(GUESTS_COLLECTION).countDocuments({ _id: { $in: ids } });
    expect(await left()).toBe(2);
    await sweep.sweep(new Date(now.getTime() + 6 * 86_400_000));
    expect(await left()).toBe(2);
    await sweep.sweep(new Date(now.getTime() + 8 * 86_400_000 + 60_000));
    expect(await left()).toBe(0);
  });

  it('refuses an expiry beyond the cap', async () => {
    await expect(sendToGuests(api, lawyer, { guests: [{ address: 'expiry.long@wederpartij.nl', expiresInDays: 91 }], subject: SUBJECT, body: BODY })).rejects.toThrow(/guests: 400/);
  });
});

describe('the SMS gate', () => {
  it('sends a code only after the right access code, and hands out nothing before the SMS code is right', async () => {
    const phone = '+31612345678';
    const sent = await sendToGuests(api, lawyer, { guests: [{ address: 'sms.gate@wederpartij.nl', mobile: '06 1234 5678' }], subject: SUBJECT, body: BODY });
    const guest = sent.guests[0]!;
    expect((await request(api.app).get(`/api/guest-access/${guest.guestId}`)).body.smsGate).toBe(true);

    clock.advance(60);
    await openAsGuest(api, { ...guest, accessCode: 'niet-de-code' });
    expect(await smsTo(phone)).toHaveLength(0);

    const first = await openAsGuest(api, guest);
    expect(first.res.status).toBe(200);
    expect(first.res.body).toEqual({ next: 'sms', phoneLast2: '78', smsExpiresAt: expect.any(String) });
    const [code] = await smsTo(phone);
    expect(code).toMatch(/^[0-9]{6}$/);

    const wrongSms = code === '000000' ? '111111' : '000000';
    const wrong = await openAsGuest(api, guest, wrongSms);
    expect(wrong.res.status).toBe(401);
    expect(wrong.res.body.error.code).toBe('SMS_CODE_INVALID');

    const right = await openAsGuest(api, guest, code);
    expect(right.res.status).toBe(200);
    expect(right.res.body.next).toBe('read');
    const { opened } = await decryptOpened(api, guest.guestId, right.keys!, right.res.body as OpenedBody);
    expect(await opened.readText('body')).toBe(BODY);

    // Single use: the same SMS code does not open again.
    const again = await openAsGuest(api, guest, code);
    expect(again.res.body.error.code).toBe('SMS_CODE_INVALID');
  });
});

describe('what the sender sees', () => {
  it('records the first successful open on the message status and the guest list, not a failed one', async () => {
    const sent = await sendToGuests(api, lawyer, { guests: [{ address: 'opened@wederpartij.nl' }], subject: SUBJECT, body: BODY });
    const guest = sent.guests[0]!;
    const statusOf = async () => (await request(api.app).get(`/api/messages/${sent.messageId}`).set(...bearer(await lawyer.token()))).body.recipients as { address: string; kind: string; openedAt: string | null }[];
    expect(await statusOf()).toEqual([expect.objectContaining({ address: 'opened@wederpartij.nl', kind: 'guest', openedAt: null })]);
    clock.advance(60);
    await openAsGuest(api, { ...guest, accessCode: 'verkeerd-123' });
    expect((await statusOf())[0]!.openedAt).toBeNull();
    clock.advance(60);
    const openedAt = now.toISOString();
    await readAsGuest(api, guest);
    clock.advance(60);
    await readAsGuest(api, guest);
    expect((await statusOf())[0]!.openedAt).toBe(openedAt);
    const list = await request(api.app).get(`/api/messages/${sent.messageId}/guests`).set(...bearer(await lawyer.token()));
    expect(list.body.guests[0].openedAt).toBe(openedAt);
    // An opened message can no longer be recalled, as for any recipient.
    const recall = await request(api.app).post(`/api/messages/${sent.messageId}/recall`).set(...bearer(await lawyer.token())).send();
    expect(recall.body.error.code).toBe('RECALL_NOT_ALLOWED');
  });

  it('a recalled message is gone for its guest', async () => {
    const sent = await sendToGuests(api, lawyer, { guests: [{ address: 'recalled@wederpartij.nl' }], subject: SUBJECT, body: BODY });
    const recall = await request(api.app).post(`/api/messages/${sent.messageId}/recall`).set(...bearer(await lawyer.token())).send();
    expect(recall.status).toBe(200);
    const { res } = await openAsGuest(api, sent.guests[0]!);
    expect(res.status).toBe(404);
  });
});

describe("the guest's reply", () => {
  it("tells the sender, and not the sender's read-scope delegates, who could not open it", async () => {
    const reader = await onboard(api, { email: `secretariaat.${senders}@advocaten.nl`, clock });
    await linkBarNumber(api, lawyer, `A7${String(senders).padStart(4, '0')}`, 'Mr. Jansen');
    await delegate(api, lawyer, reader, { scopes: ['read'], at: clock.now() });
    const sent = await sendToGuests(api, lawyer, { guests: [{ address: `antwoord.${senders}@wederpartij.nl` }], subject: SUBJECT, body: BODY });
    const guest = sent.guests[0]!;
    const { key, body } = await readAsGuest(api, guest);
    const replyKeys = body.replyTo.filter((k) => key.replyFingerprints.includes(k.fingerprint)).map((k) => k.publicKey);
    const reply = await replyAsGuest(api, { guestId: guest.guestId, token: body.token, privateKey: key.privateKey, replyKeys, subject: `Re: ${SUBJECT}`, body: 'Akkoord.' });
    expect(reply.commit?.status).toBe(200);
    const notified = async (address: string) => (await api.mailTo(address)).filter((m) => m.kind === 'message.notification' && m.text.includes(`#message=${reply.replyId}`));
    expect(await notified(lawyer.email)).toHaveLength(1);
    expect(await notified(reader.email)).toEqual([]);
  });

  it('reaches the sender’s inbox in the thread, decryptable by the sender, signed by the certified guest key', async () => {
    const sent = await sendToGuests(api, lawyer, { guests: [{ address: 'replier@wederpartij.nl' }], subject: SUBJECT, body: BODY });
    const guest = sent.guests[0]!;
    const { key, body } = await readAsGuest(api, guest);
    // Reply only to keys the sealed payload names (the server's list could add one of its own).
    const replyKeys = body.replyTo.filter((k) => key.replyFingerprints.includes(k.fingerprint)).map((k) => k.publicKey);
    expect(replyKeys).toHaveLength(1);
    const reply = await replyAsGuest(api, {
      guestId: guest.guestId,
      token: body.token,
      privateKey: key.privateKey,
      replyKeys,
      subject: `Re: ${SUBJECT}`,
      body: 'Akkoord, getekend retour.',
      attachments: [{ name: 'getekend.pdf', type: 'application/pdf', data: new Uint8Array(PDF) }],
    });
    expect(reply.commit?.status).toBe(200);

    const inbox = await request(api.app).get('/api/messages?box=inbox').set(...bearer(await lawyer.token()));
    const listed = (inbox.body.messages as { messageId: string; inReplyTo: string; threadId: string; sender: { email: string } }[]).find((m) => m.messageId === reply.replyId);
    expect(listed).toEqual(expect.objectContaining({ inReplyTo: sent.messageId, sender: expect.objectContaining({ email: 'replier@wederpartij.nl' }) }));
    const original = await request(api.app).get(`/api/messages/${sent.messageId}`).set(...bearer(await lawyer.token()));
    expect(listed!.threadId).toBe(original.body.threadId);

    const meta = await request(api.app).get(`/api/messages/${reply.replyId}`).set(...bearer(await lawyer.token()));
    const guestKey = meta.body.sender.guest as { publicKey: string; keyCertificate: string; guestId: string; originalMessageId: string };
    expect(await verifyGuestKeyCertificate({ certificate: guestKey.keyCertificate, messageId: guestKey.originalMessageId, guestId: guestKey.guestId, address: meta.body.sender.email, guestFingerprint: meta.body.sender.fingerprint, senderPublicKey: lawyer.keys.publicKey })).toBe(true);
    const { opened } = await readSecure(api, lawyer, reply.replyId!, [lawyer.keys.privateKey], [guestKey.publicKey]);
    expect(await opened.readText('body')).toBe('Akkoord, getekend retour.');
    expect(Buffer.from(await opened.readPartBytes(opened.attachments[0]!.partId)).equals(PDF)).toBe(true);

    // The web app's reader trusts the guest's key through the certificate only: for this message it
    // signs; with any certified detail changed (here the guest id) it does not.
    const crypto = await loadWebAppCrypto();
    const reader = { api: { lookupKeys: () => Promise.reject(new Error('a guest key is not looked up')) }, crypto, keys: { accountId: lawyer.accountId, privateKey: lawyer.keys.privateKey, publicKey: lawyer.keys.publicKey, fingerprint: lawyer.keys.fingerprint }, memory: storedFingerprintMemory(memoryStorage(), lawyer.accountId), courtKeyPins: [] };
    const summary = meta.body as MessageSummary;
    expect((await senderKey({ ...reader, message: summary })).keys).toEqual([guestKey.publicKey]);
    await expect(senderKey({ ...reader, message: { sender: { ...summary.sender, guest: { ...guestKey, guestId: newGuestRandomId() } } } })).rejects.toThrow(ReadError);
    await expect(senderKey({ ...reader, keys: { ...reader.keys, accountId: 'acct_someone_else_0000000', publicKey: (await testKey()).publicKey }, message: summary })).rejects.toThrow(ReadError);
  });

  it('needs the download token: without it nothing is started', async () => {
    const sent = await sendToGuests(api, lawyer, { guests: [{ address: 'no.token@wederpartij.nl' }], subject: SUBJECT, body: BODY });
    const res = await request(api.app)
      .post(`/api/guest-access/${sent.guests[0]!.guestId}/replies`)
      .set('Authorization', `Guest ${'A'.repeat(43)}`)
      .send({ idempotencyKey: 'k'.repeat(24), parts: [{ partId: 'p0', role: 'subject', chunkCount: 1 }, { partId: 'p1', role: 'manifest', chunkCount: 1 }] });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('GUEST_ACCESS_INVALID');
  });
});

describe('sending to guests', () => {
  it('refuses a court address as a guest', async () => {
    const res = await request(api.app)
      .post('/api/messages')
      .set(...bearer(await lawyer.token()))
      .send({ idempotencyKey: 'c'.repeat(24), recipients: [{ address: 'griffie@rechtspraak.nl', guest: true }], parts: [{ partId: 'p0', role: 'subject', chunkCount: 1 }, { partId: 'p1', role: 'manifest', chunkCount: 1 }] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('does not commit while a guest recipient has no access stored', async () => {
    const token = await lawyer.token();
    const created = await request(api.app)
      .post('/api/messages')
      .set(...bearer(token))
      .send({ idempotencyKey: 'd'.repeat(24), recipients: [{ address: 'no.access@wederpartij.nl', guest: true }], parts: [{ partId: 'p0', role: 'subject', chunkCount: 1 }, { partId: 'p1', role: 'manifest', chunkCount: 1 }] });
    expect(created.status).toBe(201);
    // The parts are complete as far as the count goes only once uploaded; commit refuses either way.
    const commit = await request(api.app).post(`/api/messages/${created.body.messageId}/commit`).set(...bearer(token)).send();
    expect(commit.body.error.code).toBe('UPLOAD_INCOMPLETE');
  });
});

describe('the stored data alone does not open the message', () => {
  it('a copy of every guest document and chunk, without the fragment secret, neither opens the key nor matches the verifier', async () => {
    const accessCode = generateAccessCode();
    const sent = await sendToGuests(api, lawyer, { guests: [{ address: 'dump@wederpartij.nl', accessCode }], subject: SUBJECT, body: BODY });
    const guest = sent.guests[0]!;
    // Everything the database holds about this guest and message, as a thief would copy it.
    const dump = EJSON.stringify({
      guests: await api.database.db.collection(GUESTS_COLLECTION).find({ messageId: sent.messageId }).toArray(),
      message: await api.database.db.collection('messages').findOne({ _id: sent.messageId as never }),
      files: await api.database.db.collection('message_chunks.files').find({ 'metadata.messageId': sent.messageId }).toArray(),
    });
    const stolen = EJSON.parse(dump) as { guests: GuestDocument[] };
    const doc = stolen.guests[0]!;
    expect(dump).not.toContain(guest.secret);
    expect(dump).not.toContain(accessCode);
    expect(dump).not.toContain(accessCode.replace('-', ''));
    expect(dump).not.toContain(SUBJECT);

    // Even knowing the code (the thief guessed it, or the code channel leaked), without the secret:
    const guessedSecret = newGuestRandomId();
    const withoutSecret = await deriveGuestKeys({ guestId: doc._id, secret: guessedSecret, accessCode, kdfParams: doc.kdfParams, floor: TEST_KDF_PARAMS });
    expect(sha256(withoutSecret.verifier)).not.toBe(doc.verifierHash);
    await expect(openGuestKey({ keys: withoutSecret, messageId: doc.messageId, guestId: doc._id, wrappedKey: doc.wrappedKey })).rejects.toMatchObject({ code: 'UNWRAP_FAILED' });

    // The same stored data with the secret from the link does open: the refusal above is the secret's doing.
    const withSecret = await deriveGuestKeys({ guestId: doc._id, secret: guest.secret, accessCode, kdfParams: doc.kdfParams, floor: TEST_KDF_PARAMS });
    expect(sha256(withSecret.verifier)).toBe(doc.verifierHash);
    const key = await openGuestKey({ keys: withSecret, messageId: doc.messageId, guestId: doc._id, wrappedKey: doc.wrappedKey });
    expect(key.fingerprint).toBe(guest.fingerprint);
  });

  it('the server never received the secret: no request, log line or stored field carries it', async () => {
    const sent = await sendToGuests(api, lawyer, { guests: [{ address: 'no.secret@wederpartij.nl', accessCode: 'telefoon-code' }], subject: SUBJECT, body: BODY });
    const guest = sent.guests[0]!;
    await readAsGuest(api, guest);
    expect(JSON.stringify(sent.uploads)).not.toContain(guest.secret);
    expect(api.logs.text()).not.toContain(guest.secret);
    expect(api.logs.text()).not.toContain('telefoon-code');
    const { keys } = await deriveAsGuest(api, guest);
    expect(api.logs.text()).not.toContain(keys!.verifier);
  });
});
