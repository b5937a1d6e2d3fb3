// The API process SIGKILLed while it writes a chunk of an upload, then started again: nothing of the
// message is visible or committed meanwhile, the add-in's own upload code (uploadPrepared over fetch,
// with its retries) resumes where the server stopped, commits once, and the recipient opens exactly
// the bytes that were sent. The database is an embedded engine this test owns, so it outlives the API.
import crypto from 'node:crypto';
import path from 'node:path';
import { openDatabase, type Database } from '../../api/db/mongo';
import { CHUNKS_BUCKET, MESSAGES_COLLECTION, type MessageDocument } from '../../api/messages/repository';
import { verifyAndMatch } from '../../addin/secure-send/send-flow';
import { checkReceiptMatchesUpload, verifyReceipt } from '../../shared/crypto/receipt';
import { request, bearer } from '../helpers/api';
import { onboard, type OnboardedUser } from '../helpers/onboarding';
import { readSecure } from '../helpers/messaging';
import { makeTempDir, removeTempDir, waitFor } from '../api/db/helpers';
import { freePort, ISSUER, stableSecrets, startApiProcess, type ApiProcess } from './api-process';
import { addinHttpClient, patientRetry, prepareFor, recipientTarget, uploadPrepared } from './addin-client';

jest.setTimeout(300_000);

const MiB = 1024 * 1024;
const clock = { now: () => new Date(), advance: () => undefined };

let dir: string;
let database: Database;
let port: number;
let env: Record<string, string>;
let api: ApiProcess | undefined;

const start = () => startApiProcess({ dataDir: dir, port, env });

beforeAll(async () => {
  dir = makeTempDir('fault-api-kill');
  database = await openDatabase({ dataDir: path.join(dir, 'engine') });
  port = await freePort();
  env = { ...stableSecrets(), MONGODB_URI: database.engine!.uri };
});

afterAll(async () => {
  await api?.stop();
  await database?.close();
  removeTempDir(dir);
});

/** GridFS files of this message whose pieces are (partly) stored but whose file document is not. */
async function halfWrittenFiles(messageId: string, partId = ''): Promise<{ fileId: string; pieces: number }[]> {
  const prefix = new RegExp(`^${messageId}:${partId}`);
  const pieces = await database.db.collection(`${CHUNKS_BUCKET}.chunks`).aggregate<{ _id: string; pieces: number }>([{ $match: { files_id: prefix } }, { $group: { _id: '$files_id', pieces: { $sum: 1 } } }]).toArray();
  const files = new Set((await database.db.collection(`${CHUNKS_BUCKET}.files`).find({ _id: prefix }, { projection: { _id: 1 } }).toArray()).map((f) => String(f._id)));
  return pieces.filter((p) => !files.has(p._id)).map((p) => ({ fileId: p._id, pieces: p.pieces }));
}

it('leaves nothing half-visible, resumes after the restart, commits once and opens byte-identically', async () => {
  api = await start();
  const alice: OnboardedUser = await onboard(api.target, { email: 'mr.alice@kantoor-a.nl', clock });
  const bob: OnboardedUser = await onboard(api.target, { email: 'mr.bob@kantoor-b.nl', clock });

  // Four 4 MiB chunks: each is written as 17 GridFS pieces, which leaves room to be killed between them.
  const attachment = new Uint8Array(crypto.randomBytes(14 * MiB));
  const prepared = await prepareFor(alice, await recipientTarget(api.target, alice, bob), { subject: 'Conclusie van antwoord', body: 'Zie de bijlage.', attachment: { name: 'conclusie.pdf', data: attachment } });

  // One access token serves throughout (the signing key is the same after the restart). While
  // `offline` is set the client waits before each request, so the test can look at the restarted
  // server before the client comes back.
  let offline: Promise<void> | undefined;
  let goOnline = () => {};
  const token = await alice.token();
  const client = addinHttpClient(api.url, token, async () => {
    await offline;
  });
  let messageId: string | undefined;
  const upload = uploadPrepared({
    api: client,
    prepared,
    retry: patientRetry(30),
    onMessageId: (id) => (messageId = id),
  });
  const uploadOutcome = upload.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

  // Kill the API the moment a chunk file of the attachment has some of its pieces in the database
  // but not all of them.
  const attachmentPart = prepared.request.parts.find((p) => p.role === 'attachment')?.partId;
  if (!attachmentPart) throw new Error('no attachment part');
  let killedAt: { fileId: string; pieces: number } | undefined;
  const running = api;
  await waitFor(() => messageId !== undefined, 60_000, 5);
  while (!killedAt) {
    if (running.child.exitCode !== null) throw new Error('the API ended by itself');
    const settled = await Promise.race([uploadOutcome, new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined)))]);
    if (settled) throw new Error('the upload finished before the API could be killed mid-chunk');
    const half = (await halfWrittenFiles(messageId!, `${attachmentPart}:`))[0];
    if (half) {
      offline = new Promise((resolve) => (goOnline = resolve));
      running.child.kill('SIGKILL');
      killedAt = half;
    }
  }
  expect(await running.exited).toEqual({ code: null, signal: 'SIGKILL' });

  // The crash left a chunk file half-written, and the message uncommitted, without a receipt.
  const left = await halfWrittenFiles(messageId!);
  expect(left.map((f) => f.fileId)).toContain(killedAt.fileId);
  const stored = await database.db.collection<MessageDocument>(MESSAGES_COLLECTION).findOne({ _id: messageId! });
  expect(stored).toEqual(expect.objectContaining({ status: 'uploading', receipt: null, committedAt: null }));
  expect(stored!.chunks.map((c) => `${messageId}:${c.partId}:${c.index}`)).not.toContain(killedAt.fileId);

  // Restarted on the same port and database: the recipient sees nothing of it yet.
  api = await start();
  const inbox = await request(api.url).get('/api/messages?box=inbox').set(...bearer(await bob.token()));
  expect(inbox.status).toBe(200);
  expect(inbox.body.messages.map((m: { messageId: string }) => m.messageId)).not.toContain(messageId);
  expect((await request(api.url).get(`/api/messages/${messageId}`).set(...bearer(await bob.token()))).status).toBe(404);
  const status = await request(api.url).get(`/api/messages/${messageId}/upload`).set(...bearer(token));
  expect(status.body.status).toBe('uploading');
  expect(status.body.uploaded.length).toBeLessThan(prepared.chunks.length);

  // The client comes back and finishes on its own.
  goOnline();
  offline = undefined;
  const outcome = await uploadOutcome;
  if (!outcome.ok) throw outcome.error;
  expect(outcome.value.messageId).toBe(messageId);
  const jwks = (await request(api.url).get('/api/receipts/jwks.json')).body as { keys: never[] };
  const receipt = await verifyAndMatch({
    crypto: { verifyReceipt, checkReceiptMatchesUpload },
    jws: outcome.value.receipt,
    jwks,
    issuer: ISSUER,
    summary: prepared.summary,
    expect: { messageId: messageId!, principalAccountId: alice.accountId, actorAccountId: alice.accountId, recipients: [bob.email], toCourt: false },
  });
  expect(receipt.chunks).toHaveLength(prepared.chunks.length);

  // One message for the idempotency key, no piece without its file, and the bytes as sent.
  expect(await database.db.collection(MESSAGES_COLLECTION).countDocuments({ senderAccountId: alice.accountId, idempotencyKey: prepared.idempotencyKey })).toBe(1);
  expect(await halfWrittenFiles(messageId!)).toEqual([]);
  const after = await request(api.url).get('/api/messages?box=inbox').set(...bearer(await bob.token()));
  expect(after.body.messages.filter((m: { messageId: string }) => m.messageId === messageId)).toHaveLength(1);
  const { opened } = await readSecure(api.target, bob, messageId!, [bob.keys.privateKey], [alice.keys.publicKey]);
  expect(await opened.readText('subject')).toBe('Conclusie van antwoord');
  const [info] = opened.attachments;
  expect(info?.name).toBe('conclusie.pdf');
  const bytes = await opened.readPartBytes(info!.partId);
  expect(Buffer.compare(Buffer.from(bytes), Buffer.from(attachment))).toBe(0);
});
