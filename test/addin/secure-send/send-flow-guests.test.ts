// Guests in the send flow, without the pane: their choices are part of what names a send, their access
// is stored before the chunks and again whenever the server lacks it, and however often a send is
// resumed each guest keeps one access that the link and code open.
import { loadSendCrypto, type SendCrypto } from '../../../addin/secure-send/crypto-loader';
import { draftFingerprint, memoryPendingSends, prepareSend, uploadPrepared, type GuestSpec, type PreparedSend, type SendTargets } from '../../../addin/secure-send/send-flow';
import { deriveGuestKeys, openGuestKey } from '../../../shared/crypto/guest-access';
import { TEST_KDF_PARAMS } from '../../../shared/crypto/kdf';
import { openMessage } from '../../../shared/crypto/messages';
import { accountEntry, fakeServer, senderKeys, testKey, type FakeServer, type TestKey } from './fixtures';

const COLLEGA = 'b.de.vries@advocaten.nl';
const GUEST = 'mr.smit@wederpartij.nl';
const MESSAGE = { subject: 'Concept', bodyHtml: '<p>Zie bijlage.</p>', attachments: [] };
const GUEST_KDF = { cost: TEST_KDF_PARAMS, floor: TEST_KDF_PARAMS };

let crypto: SendCrypto;
let lawyer: TestKey;
let colleague: TestKey;

beforeAll(async () => {
  crypto = await loadSendCrypto();
  [lawyer, colleague] = await Promise.all([testKey(), testKey()]);
});

const noWait = { delaysMs: [0, 0], sleep: () => Promise.resolve() };

function targets(guests: GuestSpec[]): SendTargets {
  return { targets: [{ address: COLLEGA, court: false, publicKey: colleague.armored, fingerprint: colleague.fingerprint }], principalKey: null, principalAccountId: null, guests };
}

async function prepared(guests: GuestSpec[] = [{ address: GUEST, accessCode: 'zaak-4711', mobile: null }]): Promise<PreparedSend> {
  const send = targets(guests);
  return prepareSend({ crypto, keys: senderKeys('acc-lawyer', lawyer), message: MESSAGE, send, fingerprint: await draftFingerprint(crypto, { ...MESSAGE, bodyText: 'Zie bijlage.' }, send) });
}

function server(): Promise<FakeServer> {
  return fakeServer({ actorAccountId: 'acc-lawyer', directory: [accountEntry(COLLEGA, colleague)], senderPublicKey: lawyer.armored });
}

function upload(s: FakeServer, p: PreparedSend) {
  const sealGuest = jest.fn((guest: PreparedSend['guests'][number]['guest'], messageId: string) =>
    crypto.guests.sealGuestAccess({ guest, messageId, senderKey: lawyer.privateKey, replyFingerprints: [lawyer.fingerprint], kdf: GUEST_KDF }),
  );
  return { sealGuest, done: uploadPrepared({ api: s.api, prepared: p, retry: noWait, sealGuest }) };
}

/** What the guest does with the link's id and secret and the code: the key out of the stored wrap, then the message. */
async function guestReads(s: FakeServer, guest: { guestId: string; secret: string; accessCode: string }): Promise<string> {
  const stored = s.guests.get(guest.guestId);
  if (!stored) throw new Error('no access stored for this guest id');
  const keys = await deriveGuestKeys({ ...guest, kdfParams: stored.upload.kdfParams, floor: TEST_KDF_PARAMS });
  const key = await openGuestKey({ keys, messageId: stored.messageId, guestId: guest.guestId, wrappedKey: stored.upload.wrappedKey });
  const message = s.messages.get(stored.messageId)!;
  const opened = await openMessage({
    parts: message.request.parts,
    fetchChunk: (partId, index) => Promise.resolve(message.chunks.get(`${partId}/${index}`)!.bytes),
    decryptionKeys: [key.privateKey],
    expectedSigners: [lawyer.publicKey],
  });
  return opened.readText('subject');
}

const accessFor = (s: FakeServer, address: string) => [...s.guests.values()].filter((g) => g.address === address);

describe('the fingerprint of a send', () => {
  const fingerprint = (guests: GuestSpec[]) => draftFingerprint(crypto, { ...MESSAGE, bodyText: 'Zie bijlage.' }, targets(guests));

  it('is the same for the same guest choices, in any order', async () => {
    const a = { address: GUEST, accessCode: 'zaak-4711', mobile: '+31612345678' };
    const b = { address: 'tweede@wederpartij.nl', accessCode: 'andere-code', mobile: null };
    expect(await fingerprint([a, b])).toBe(await fingerprint([b, a]));
  });

  it('changes with a guest, her code or her mobile number', async () => {
    const base = await fingerprint([{ address: GUEST, accessCode: 'zaak-4711', mobile: null }]);
    expect(await fingerprint([])).not.toBe(base);
    expect(await fingerprint([{ address: GUEST, accessCode: 'zaak-4712', mobile: null }])).not.toBe(base);
    expect(await fingerprint([{ address: GUEST, accessCode: 'zaak-4711', mobile: '+31612345678' }])).not.toBe(base);
    expect(await fingerprint([{ address: 'ander@wederpartij.nl', accessCode: 'zaak-4711', mobile: null }])).not.toBe(base);
  });
});

it('encrypts to the guest key, names her a guest, stores her access before the first chunk, and she reads it', async () => {
  const s = await server();
  const p = await prepared();
  const { done } = upload(s, p);
  await done;
  expect(p.request.recipients).toEqual([{ address: COLLEGA }, { address: GUEST, guest: true }]);
  const storeOrder = s.api.storeGuestAccess.mock.invocationCallOrder[0]!;
  expect(storeOrder).toBeLessThan(s.api.uploadChunk.mock.invocationCallOrder[0]!);
  expect(accessFor(s, GUEST)).toHaveLength(1);
  expect(p.guests[0]!.stored).toMatchObject({ guestId: p.guests[0]!.guest.guestId, address: GUEST, smsGate: false });
  expect(await guestReads(s, p.guests[0]!.guest)).toBe('Concept');
});

it('stores the access again when the commit finds it missing, and keeps one', async () => {
  const s = await server();
  const p = await prepared();
  // The access is gone by the time of the commit (a write that did not last): the commit refuses.
  s.api.uploadChunk.mockImplementationOnce(async (input) => {
    for (const [id, g] of s.guests) if (g.address === GUEST) s.guests.delete(id);
    return s.api.uploadChunk.getMockImplementation()!(input);
  });
  const { sealGuest, done } = upload(s, p);
  await done;
  expect(s.api.commit).toHaveBeenCalledTimes(2);
  expect(s.api.storeGuestAccess).toHaveBeenCalledTimes(2);
  // Sealed once: the same wrap and verifier go again.
  expect(sealGuest).toHaveBeenCalledTimes(1);
  expect(accessFor(s, GUEST)).toHaveLength(1);
  expect(await guestReads(s, p.guests[0]!.guest)).toBe('Concept');
});

it('resumes without storing again what the server confirmed', async () => {
  const s = await server();
  const p = await prepared();
  s.failUpload = (input) => input.partId === 'p1';
  await expect(upload(s, p).done).rejects.toMatchObject({ code: 'NETWORK' });
  s.failUpload = null;
  const again = upload(s, p);
  await again.done;
  expect(again.sealGuest).not.toHaveBeenCalled();
  expect(s.api.storeGuestAccess).toHaveBeenCalledTimes(1);
  expect(accessFor(s, GUEST)).toHaveLength(1);
  expect(await guestReads(s, p.guests[0]!.guest)).toBe('Concept');
});

it('a send whose upload the server swept starts a new message with new guest ids, the old id never reused', async () => {
  const s = await server();
  const p = await prepared();
  s.failUpload = () => true;
  await expect(upload(s, p).done).rejects.toMatchObject({ code: 'NETWORK' });
  const first = { messageId: p.messageId!, guestId: p.guests[0]!.guest.guestId };
  s.messages.delete(first.messageId);
  s.failUpload = null;
  await upload(s, p).done;
  expect(p.messageId).not.toBe(first.messageId);
  expect(p.guests[0]!.guest.guestId).not.toBe(first.guestId);
  expect(s.guests.get(p.guests[0]!.guest.guestId)).toMatchObject({ messageId: p.messageId, status: 'active' });
  expect(await guestReads(s, p.guests[0]!.guest)).toBe('Concept');
});

it('refuses to upload a send with guests without a way to seal their access', async () => {
  const s = await server();
  await expect(uploadPrepared({ api: s.api, prepared: await prepared(), retry: noWait })).rejects.toThrow(/sealGuest/);
});

it('remembers the latest waiting choice per guest address for a pane opened again', async () => {
  const store = memoryPendingSends();
  expect(store.pendingGuest?.(GUEST)).toBeUndefined();
  store.save(await prepared([{ address: GUEST, accessCode: 'oude-code', mobile: null }]));
  store.save(await prepared([{ address: GUEST, accessCode: 'nieuwe-code', mobile: '+31612345678' }]));
  expect(store.pendingGuest?.(GUEST)).toEqual({ accessCode: 'nieuwe-code', mobile: '+31612345678' });
  expect(store.pendingGuest?.('ander@wederpartij.nl')).toBeUndefined();
});
