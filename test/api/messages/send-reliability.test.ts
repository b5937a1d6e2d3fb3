// Sending that survives retries and cut connections: idempotency keys, resumable uploads, an atomic
// commit; only OpenPGP ciphertext is stored; tampering is caught by the reader; replies keep the
// thread; messages to people (not courts) can be recalled until opened.
import request from 'supertest';
import { startTestApi, bearer, type TestApi } from '../../helpers/api';
import { onboard, type OnboardedUser } from '../../helpers/onboarding';
import { sendSecure, readSecure } from '../../helpers/messaging';
import { CHUNKS_BUCKET } from '../../../api/messages/repository';

jest.setTimeout(180_000);

let api: TestApi;
let now = new Date('2026-11-28T09:00:00Z');
const clock = { now: () => now, advance: (s: number) => (now = new Date(now.getTime() + s * 1000)) };
let alice: OnboardedUser;
let bob: OnboardedUser;

beforeAll(async () => {
  api = await startTestApi({ now: clock.now });
  alice = await onboard(api, { email: 'mr.alice@kantoor-a.nl', clock });
  bob = await onboard(api, { email: 'mr.bob@kantoor-b.nl', clock });
});
afterAll(async () => {
  await api?.close();
});

const countMessages = () => api.database.db.collection('messages').countDocuments();

describe('idempotency', () => {
  it('makes exactly one message from 20 concurrent retries of the same send', async () => {
    const first = await sendSecure(api, alice, { to: [bob.email], subject: 'Dagvaarding', body: 'Zie bijlage', stopAfterChunks: 0 });
    const before = await countMessages();
    const token = await alice.token();
    const body = { idempotencyKey: first.idempotencyKey, recipients: [{ address: bob.email }], parts: first.outgoing.layout };
    const answers = await Promise.all(Array.from({ length: 20 }, () => request(api.app).post('/api/messages').set(...bearer(token)).send(body)));
    expect(new Set(answers.map((a) => a.body.messageId as string))).toEqual(new Set([first.messageId]));
    expect(await countMessages()).toBe(before);
  });

  it('refuses the same key with a different payload', async () => {
    const first = await sendSecure(api, alice, { to: [bob.email], subject: 'Een', body: 'x', stopAfterChunks: 0 });
    const other = await request(api.app)
      .post('/api/messages')
      .set(...bearer(await alice.token()))
      .send({ idempotencyKey: first.idempotencyKey, recipients: [{ address: alice.email }], parts: first.outgoing.layout });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('returns the first receipt when a committed send is retried', async () => {
    const sent = await sendSecure(api, alice, { to: [bob.email], subject: 'Twee', body: 'y' });
    const again = await request(api.app).post(`/api/messages/${sent.messageId}/commit`).set(...bearer(await alice.token())).send();
    expect(again.body.receipt).toBe(sent.commit!.body.receipt);
  });
});

describe('an upload cut midway', () => {
  it('leaves nothing visible, then resumes and completes', async () => {
    const cut = await sendSecure(api, alice, { to: [bob.email], subject: 'Onderbroken', body: 'Deel', attachments: [{ name: 'a.bin', data: new Uint8Array(5000).fill(7) }], stopAfterChunks: 2 });
    const inbox = await request(api.app).get('/api/messages?box=inbox').set(...bearer(await bob.token()));
    expect(inbox.body.messages.map((m: { messageId: string }) => m.messageId)).not.toContain(cut.messageId);
    expect((await request(api.app).get(`/api/messages/${cut.messageId}`).set(...bearer(await bob.token()))).status).toBe(404);
    const early = await request(api.app).post(`/api/messages/${cut.messageId}/commit`).set(...bearer(await alice.token())).send();
    expect(early.body.error.code).toBe('UPLOAD_INCOMPLETE');

    const state = await request(api.app).get(`/api/messages/${cut.messageId}/upload`).set(...bearer(await alice.token()));
    const have = new Set((state.body.uploaded as { partId: string; index: number }[]).map((c) => `${c.partId}/${c.index}`));
    expect(have.size).toBe(2);
    const token = await alice.token();
    for (const chunk of cut.chunks!) {
      // A chunk already stored may be sent again (same bytes): accepted, stored once.
      const put = await request(api.app).put(`/api/messages/${cut.messageId}/parts/${chunk.partId}/chunks/${chunk.index}`).set(...bearer(token)).set('Content-Type', 'application/octet-stream').send(Buffer.from(chunk.ciphertext));
      expect(put.status).toBe(200);
    }
    const commit = await request(api.app).post(`/api/messages/${cut.messageId}/commit`).set(...bearer(token)).send();
    expect(commit.status).toBe(200);
    const { opened } = await readSecure(api, bob, cut.messageId!, [bob.keys.privateKey], [alice.keys.publicKey]);
    expect(await opened.readText('subject')).toBe('Onderbroken');
  });
});

describe('what the server accepts', () => {
  it.each([
    ['plain text', Buffer.from('Dit is geen versleuteld bericht')],
    ['an armored message', Buffer.from('-----BEGIN PGP MESSAGE-----\n\nwcBMA0\n-----END PGP MESSAGE-----\n')],
    ['random bytes', Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) % 256))],
  ])('refuses %s as a chunk', async (_name, data) => {
    const started = await sendSecure(api, alice, { to: [bob.email], subject: 'x', body: 'y', stopAfterChunks: 0 });
    const put = await request(api.app).put(`/api/messages/${started.messageId}/parts/p0/chunks/0`).set(...bearer(await alice.token())).set('Content-Type', 'application/octet-stream').send(data);
    expect(put.status).toBe(400);
    expect(put.body.error.code).toBe('NOT_OPENPGP_CIPHERTEXT');
  });

  // Wrong content types, oversized chunks and someone else uploading: test/security/content-types,
  // request-bodies and object-access.
});

describe('reading', () => {
  it('fails with a named error when a stored ciphertext byte was changed', async () => {
    const sent = await sendSecure(api, alice, { to: [bob.email], subject: 'Onaangetast', body: 'Echt' });
    const files = api.database.db.collection(`${CHUNKS_BUCKET}.chunks`);
    const stored = await files.findOne({ files_id: `${sent.messageId}:p1:0` as never });
    const bytes = Buffer.from(stored!.data.buffer as Uint8Array);
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0x01;
    await files.updateOne({ _id: stored!._id }, { $set: { data: bytes } });
    const { opened } = await readSecure(api, bob, sent.messageId!, [bob.keys.privateKey], [alice.keys.publicKey]);
    expect(await opened.readText('subject')).toBe('Onaangetast');
    await expect(opened.readText('body')).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });

  it('keeps the thread in a reply, which the original sender reads', async () => {
    const sent = await sendSecure(api, alice, { to: [bob.email], subject: 'Vraag', body: 'Kunt u reageren?' });
    const reply = await sendSecure(api, bob, { to: [alice.email], subject: 'Re: Vraag', body: 'Zeker.', inReplyTo: sent.messageId! });
    expect(reply.commit?.status).toBe(200);
    const original = await request(api.app).get(`/api/messages/${sent.messageId}`).set(...bearer(await alice.token()));
    const answer = await request(api.app).get(`/api/messages/${reply.messageId}`).set(...bearer(await alice.token()));
    expect(answer.body.threadId).toBe(original.body.threadId);
    expect(answer.body.inReplyTo).toBe(sent.messageId);
    const { opened } = await readSecure(api, alice, reply.messageId!, [alice.keys.privateKey], [bob.keys.publicKey]);
    expect(await opened.readText('body')).toBe('Zeker.');
  });
});

describe('recall', () => {
  it('recalls an unopened message to a person, leaving a tombstone with the receipt', async () => {
    const sent = await sendSecure(api, alice, { to: [bob.email], subject: 'Vergissing', body: 'Oeps' });
    const recalled = await request(api.app).post(`/api/messages/${sent.messageId}/recall`).set(...bearer(await alice.token())).send();
    expect(recalled.status).toBe(200);
    expect(recalled.body).toEqual(expect.objectContaining({ status: 'recalled', parts: [], receipt: sent.commit!.body.receipt }));
    expect((await request(api.app).get(`/api/messages/${sent.messageId}/parts/p0/chunks/0`).set(...bearer(await bob.token()))).status).toBe(404);
    expect(await api.database.db.collection(`${CHUNKS_BUCKET}.files`).countDocuments({ 'metadata.messageId': sent.messageId })).toBe(0);
  });

  it('refuses to recall a message already opened', async () => {
    const sent = await sendSecure(api, alice, { to: [bob.email], subject: 'Gelezen', body: 'Al open' });
    const { opened } = await readSecure(api, bob, sent.messageId!, [bob.keys.privateKey], [alice.keys.publicKey]);
    // The subject alone (what a list shows) is not opening it; the body is.
    expect(await opened.readText('subject')).toBe('Gelezen');
    const status = async () => ((await request(api.app).get(`/api/messages/${sent.messageId}`).set(...bearer(await alice.token()))).body as { recipients: { openedAt: string | null }[] }).recipients[0]!.openedAt;
    expect(await status()).toBeNull();
    expect(await opened.readText('body')).toBe('Al open');
    expect(await status()).toEqual(expect.any(String));
    const recalled = await request(api.app).post(`/api/messages/${sent.messageId}/recall`).set(...bearer(await alice.token())).send();
    expect(recalled.body.error.code).toBe('RECALL_NOT_ALLOWED');
  });

  it('does not let a recipient recall', async () => {
    const sent = await sendSecure(api, alice, { to: [bob.email], subject: 'x', body: 'y' });
    expect((await request(api.app).post(`/api/messages/${sent.messageId}/recall`).set(...bearer(await bob.token())).send()).status).toBe(404);
  });
});
