// Upload with resume and receipt checks: a retry never makes a second message, stored chunks are
// skipped, and a receipt that does not describe what was sent is refused.
import { openMessage } from '../../../shared/crypto/messages';
import { loadSendCrypto, type SendCrypto } from '../../../addin/secure-send/crypto-loader';
import { draftFingerprint, memoryPendingSends, prepareSend, SendFlowError, uploadPrepared, verifyAndMatch, type PreparedSend } from '../../../addin/secure-send/send-flow';
import { SecureSendApiError } from '../../../addin/secure-send/types';
import { fakeServer, goodPdf, ISSUER, senderKeys, testKey, unitEntry, type FakeServer, type TestKey } from './fixtures';

let crypto: SendCrypto;
let court: TestKey;
let lawyer: TestKey;

beforeAll(async () => {
  crypto = await loadSendCrypto();
  [court, lawyer] = await Promise.all([testKey('Griffie'), testKey()]);
});

const GRIFFIE = 'griffie@rechtspraak.nl';

async function prepared(): Promise<PreparedSend> {
  const message = { subject: 'Verzoekschrift', bodyHtml: '<p>Geachte griffie,</p>', attachments: [{ name: 'verzoek.pdf', type: 'application/pdf', data: await goodPdf() }] };
  const send = { targets: [{ address: GRIFFIE, court: true, publicKey: court.armored, fingerprint: court.fingerprint }], principalKey: null, principalAccountId: null };
  const fingerprint = await draftFingerprint(crypto, { ...message, bodyText: 'Geachte griffie,' }, send);
  return prepareSend({ crypto, keys: senderKeys('acc-lawyer', lawyer), message, send, fingerprint });
}

async function server(): Promise<FakeServer> {
  return fakeServer({ actorAccountId: 'acc-lawyer', directory: [unitEntry(GRIFFIE, court)], numbers: { 'acc-lawyer': 'A12345' } });
}

const noWait = { delaysMs: [0, 0, 0], sleep: jest.fn(() => Promise.resolve()) };

it('uploads every chunk as OpenPGP ciphertext the court key decrypts, and commits once', async () => {
  const s = await server();
  const p = await prepared();
  const { messageId, receipt } = await uploadPrepared({ api: s.api, prepared: p, retry: noWait });
  expect(s.api.createMessage).toHaveBeenCalledTimes(1);
  expect(s.api.commit).toHaveBeenCalledTimes(1);
  const stored = s.messages.get(messageId)!;
  const opened = await openMessage({
    parts: p.request.parts,
    fetchChunk: (partId, index) => Promise.resolve(stored.chunks.get(`${partId}/${index}`)!.bytes),
    decryptionKeys: [court.privateKey],
    expectedSigners: [lawyer.publicKey],
  });
  expect(await opened.readText('subject')).toBe('Verzoekschrift');
  const payload = await verifyAndMatch({ crypto, jws: receipt, jwks: s.jwks, issuer: ISSUER, summary: p.summary, expect: { messageId, principalAccountId: 'acc-lawyer', actorAccountId: 'acc-lawyer', recipients: [GRIFFIE], toCourt: true } });
  expect(payload.principal.professionalNumber).toBe('A12345');
});

it('retries a chunk that failed for a passing reason, with the pauses of the policy', async () => {
  const s = await server();
  let failures = 2;
  s.failUpload = () => failures-- > 0;
  const sleep = jest.fn(() => Promise.resolve());
  await uploadPrepared({ api: s.api, prepared: await prepared(), retry: { delaysMs: [100, 200, 400], sleep } });
  expect(sleep.mock.calls).toEqual([[100], [200]]);
  expect(s.api.createMessage).toHaveBeenCalledTimes(1);
});

it('resumes with the upload status, skipping stored chunks, without a second create', async () => {
  const s = await server();
  const p = await prepared();
  s.failUpload = (input) => input.partId !== 'p0';
  await expect(uploadPrepared({ api: s.api, prepared: p, retry: noWait })).rejects.toMatchObject({ code: 'NETWORK' });
  expect(p.messageId).not.toBeNull();
  const idempotencyKey = p.idempotencyKey;

  s.failUpload = null;
  s.puts.length = 0;
  const { messageId } = await uploadPrepared({ api: s.api, prepared: p, retry: noWait });
  expect(messageId).toBe(p.messageId);
  expect(s.api.createMessage).toHaveBeenCalledTimes(1);
  expect(s.api.uploadStatus).toHaveBeenCalledWith(messageId);
  expect(s.puts.map((c) => c.partId)).not.toContain('p0');
  expect(p.idempotencyKey).toBe(idempotencyKey);
  expect(s.messages.size).toBe(1);
});

it('repeats a lost create with the same idempotency key and gets the same message', async () => {
  const s = await server();
  const p = await prepared();
  const real = s.api.createMessage.getMockImplementation()!;
  // The server made the message but the answer was lost on the way.
  s.api.createMessage.mockImplementationOnce(async (request) => {
    await real(request);
    throw new SecureSendApiError({ code: 'NETWORK', status: 0 });
  });
  await uploadPrepared({ api: s.api, prepared: p, retry: noWait });
  expect(s.api.createMessage).toHaveBeenCalledTimes(2);
  expect(s.api.createMessage.mock.calls[0]?.[0].idempotencyKey).toBe(s.api.createMessage.mock.calls[1]?.[0].idempotencyKey);
  expect(s.messages.size).toBe(1);
});

it('gets the receipt again when the commit went through but its answer was lost', async () => {
  const s = await server();
  const p = await prepared();
  const real = s.api.commit.getMockImplementation()!;
  s.api.commit.mockImplementationOnce(async (id) => {
    await real(id);
    throw new SecureSendApiError({ code: 'NETWORK', status: 0 });
  });
  await expect(uploadPrepared({ api: s.api, prepared: p, retry: { delaysMs: [], sleep: noWait.sleep } })).rejects.toMatchObject({ code: 'NETWORK' });
  const again = await uploadPrepared({ api: s.api, prepared: p, retry: noWait });
  expect(again.messageId).toBe(p.messageId);
  expect(s.messages.size).toBe(1);
  expect(s.api.createMessage).toHaveBeenCalledTimes(1);
});

it('never overwrites a chunk the server holds with other bytes', async () => {
  const s = await server();
  const first = await prepared();
  s.failUpload = (input) => input.partId !== 'p0';
  await expect(uploadPrepared({ api: s.api, prepared: first, retry: { delaysMs: [], sleep: noWait.sleep } })).rejects.toBeInstanceOf(SecureSendApiError);
  // Another encryption of the same draft under the same message: its chunks differ.
  const second = { ...(await prepared()), messageId: first.messageId, idempotencyKey: first.idempotencyKey, request: first.request };
  s.failUpload = null;
  await expect(uploadPrepared({ api: s.api, prepared: second, retry: noWait })).rejects.toMatchObject({ code: 'STORED_DIFFERENT' });
});

it('does not retry a final refusal', async () => {
  const s = await server();
  s.api.createMessage.mockImplementation(() => Promise.reject(new SecureSendApiError({ code: 'COURT_CONNECTION_REQUIRED', status: 403 })));
  const sleep = jest.fn(() => Promise.resolve());
  await expect(uploadPrepared({ api: s.api, prepared: await prepared(), retry: { delaysMs: [1, 1, 1], sleep } })).rejects.toMatchObject({ code: 'COURT_CONNECTION_REQUIRED' });
  expect(sleep).not.toHaveBeenCalled();
});

describe('receipt checks', () => {
  async function sent() {
    const s = await server();
    const p = await prepared();
    const { messageId, receipt } = await uploadPrepared({ api: s.api, prepared: p, retry: noWait });
    return { s, p, messageId, receipt };
  }
  const expectation = (messageId: string) => ({ messageId, principalAccountId: 'acc-lawyer', actorAccountId: 'acc-lawyer', recipients: [GRIFFIE], toCourt: true });

  it('refuses a receipt signed by a key that is not published', async () => {
    const { p, messageId, receipt } = await sent();
    const other = await server();
    await expect(verifyAndMatch({ crypto, jws: receipt, jwks: other.jwks, issuer: ISSUER, summary: p.summary, expect: expectation(messageId) })).rejects.toMatchObject({ code: 'RECEIPT_INVALID' });
  });

  it('refuses a valid receipt for other uploaded bytes', async () => {
    const { s, messageId, receipt } = await sent();
    const elsewhere = await prepared();
    await expect(verifyAndMatch({ crypto, jws: receipt, jwks: s.jwks, issuer: ISSUER, summary: elsewhere.summary, expect: expectation(messageId) })).rejects.toBeInstanceOf(SendFlowError);
  });

  it('refuses a receipt naming another principal or other recipients', async () => {
    const { s, p, messageId, receipt } = await sent();
    await expect(verifyAndMatch({ crypto, jws: receipt, jwks: s.jwks, issuer: ISSUER, summary: p.summary, expect: { ...expectation(messageId), principalAccountId: 'acc-other' } })).rejects.toMatchObject({
      code: 'RECEIPT_MISMATCH',
      problems: ['another principal'],
    });
    await expect(verifyAndMatch({ crypto, jws: receipt, jwks: s.jwks, issuer: ISSUER, summary: p.summary, expect: { ...expectation(messageId), recipients: [GRIFFIE, 'x@example.nl'] } })).rejects.toMatchObject({
      code: 'RECEIPT_MISMATCH',
      problems: ['other recipients'],
    });
  });
});

it('names a draft by its text, so a send is found again after Outlook rewrote the HTML', async () => {
  const send = { targets: [{ address: GRIFFIE, court: true, publicKey: court.armored, fingerprint: court.fingerprint }], principalKey: null, principalAccountId: null };
  const base = { subject: 'Verzoekschrift', attachments: [] };
  const a = await draftFingerprint(crypto, { ...base, bodyText: 'Geachte griffie,\n\nhierbij.' }, send);
  expect(await draftFingerprint(crypto, { ...base, bodyText: ' Geachte griffie, hierbij. ' }, send)).toBe(a);
  expect(await draftFingerprint(crypto, { ...base, bodyText: 'Geachte griffie, hierbij het stuk.' }, send)).not.toBe(a);
  expect(await draftFingerprint(crypto, { ...base, bodyText: 'Geachte griffie, hierbij.' }, { ...send, principalAccountId: 'acc-b' })).not.toBe(a);
});

it('keeps only the last few prepared sends', () => {
  const store = memoryPendingSends(2);
  const entry = (draftFingerprint: string) => ({ draftFingerprint }) as PreparedSend;
  store.save(entry('a'));
  store.save(entry('b'));
  store.save(entry('c'));
  expect(store.find('a')).toBeUndefined();
  expect(store.find('c')?.draftFingerprint).toBe('c');
  store.forget('c');
  expect(store.find('c')).toBeUndefined();
});
