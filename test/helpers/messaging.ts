// The add-in's Secure send and the reader's side, as a test drives them over HTTP: directory lookup,
// encryption in the client, create → upload chunks → commit, then list, fetch and decrypt.
import crypto from 'node:crypto';
import * as openpgp from 'openpgp';
import { request, bearer, type ApiTarget } from './api';
import type { OnboardedUser } from './onboarding';
import { encryptMessage, openMessage, type AttachmentInput, type PartLayout } from '../../shared/crypto/messages';

export interface SendOptions {
  to: string[];
  subject: string;
  body: string;
  attachments?: AttachmentInput[];
  idempotencyKey?: string;
  principalAccountId?: string;
  inReplyTo?: string;
  /** Extra keys to encrypt to (the principal's, read-scope delegates'). */
  extraKeys?: string[];
  /** Stop after this many uploaded chunks (to simulate a cut connection). */
  stopAfterChunks?: number;
}

export async function lookupKeys(api: ApiTarget, user: OnboardedUser, addresses: string[]) {
  const res = await request(api.app).post('/api/directory/lookup').set(...bearer(await user.token())).send({ addresses });
  if (res.status !== 200) throw new Error(`lookup: ${JSON.stringify(res.body)}`);
  return res.body.entries as { address: string; kind: string; publicKey?: string; fingerprint?: string; unitId?: string }[];
}

export async function sendSecure(api: ApiTarget, user: OnboardedUser, options: SendOptions) {
  const entries = await lookupKeys(api, user, options.to);
  const recipientKeys = entries.map((e) => {
    if (!e.publicKey) throw new Error(`no key for ${e.address}`);
    return e.publicKey;
  });
  const outgoing = await encryptMessage({
    subject: options.subject,
    body: options.body,
    attachments: options.attachments ?? [],
    recipientKeys: [...recipientKeys, ...(options.extraKeys ?? [])],
    senderKey: user.keys.publicKey,
    signingKey: user.keys.privateKey,
  });
  const idempotencyKey = options.idempotencyKey ?? crypto.randomBytes(18).toString('base64url');
  const created = await request(api.app)
    .post('/api/messages')
    .set(...bearer(await user.token()))
    .send({ idempotencyKey, recipients: options.to.map((address) => ({ address })), parts: outgoing.layout, ...(options.principalAccountId ? { principalAccountId: options.principalAccountId } : {}), ...(options.inReplyTo ? { inReplyTo: options.inReplyTo } : {}) });
  if (created.status !== 201 && created.status !== 200) return { created, commit: null, outgoing, idempotencyKey };
  const messageId = created.body.messageId as string;
  let uploaded = 0;
  const chunks: { partId: string; index: number; ciphertext: Uint8Array }[] = [];
  for (const part of outgoing.parts) for await (const chunk of part.chunks) chunks.push(chunk);
  const token = await user.token();
  for (const chunk of chunks) {
    if (options.stopAfterChunks !== undefined && uploaded >= options.stopAfterChunks) return { created, commit: null, outgoing, idempotencyKey, messageId, chunks };
    const put = await request(api.app).put(`/api/messages/${messageId}/parts/${chunk.partId}/chunks/${chunk.index}`).set(...bearer(token)).set('Content-Type', 'application/octet-stream').send(Buffer.from(chunk.ciphertext));
    if (put.status !== 200) throw new Error(`upload: ${put.status} ${JSON.stringify(put.body)}`);
    uploaded += 1;
  }
  const commit = await request(api.app).post(`/api/messages/${messageId}/commit`).set(...bearer(await user.token())).send();
  return { created, commit, outgoing, idempotencyKey, messageId, chunks };
}

/** Fetches and decrypts a message the reader may read, with the given decryption keys. */
export async function readSecure(api: ApiTarget, reader: OnboardedUser, messageId: string, decryptionKeys: openpgp.PrivateKey[], expectedSigners: (openpgp.PublicKey | string)[]) {
  const token = await reader.token();
  const meta = await request(api.app).get(`/api/messages/${messageId}`).set(...bearer(token));
  if (meta.status !== 200) throw new Error(`get: ${meta.status}`);
  const opened = await openMessage({
    parts: meta.body.parts as PartLayout[],
    fetchChunk: async (partId, index) => {
      const res = await request(api.app).get(`/api/messages/${messageId}/parts/${partId}/chunks/${index}`).set(...bearer(token)).buffer(true).parse((r, cb) => {
        const data: Buffer[] = [];
        r.on('data', (c: Buffer) => data.push(c));
        r.on('end', () => cb(null, Buffer.concat(data)));
      });
      if (res.status !== 200) throw new Error(`chunk ${partId}/${index}: ${res.status}`);
      return new Uint8Array(res.body as Buffer);
    },
    decryptionKeys,
    expectedSigners,
  });
  return { meta: meta.body as Record<string, unknown>, opened };
}
