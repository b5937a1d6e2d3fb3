// Both clients of a guest message as tests drive them over HTTP: the sender's (prepare a guest key,
// encrypt to it, create, store the sealed access, upload, commit) and the guest's (derive from code
// and fragment secret, present the verifier, decrypt, reply), with shared/crypto doing the client work.
import crypto from 'node:crypto';
import type { PrivateKey } from 'openpgp';
import { request, bearer, type ApiTarget } from '../../helpers/api';
import { lookupKeys } from '../../helpers/messaging';
import type { OnboardedUser } from '../../helpers/onboarding';
import { encryptMessage, encryptMessageAtOnce, openMessage, type AttachmentInput, type PartLayout } from '../../../shared/crypto/messages';
import { deriveGuestKeys, openGuestKey, pinnedKey, prepareGuest, sealGuestAccess, type PreparedGuest } from '../../../shared/crypto/guest-access';
import { newKdfParams, TEST_KDF_PARAMS, type KdfParams } from '../../../shared/crypto/kdf';

export interface GuestSpec {
  address: string;
  accessCode?: string;
  mobile?: string;
  expiresInDays?: number;
}

export async function sendToGuests(api: ApiTarget, sender: OnboardedUser, options: { to?: string[]; guests: GuestSpec[]; subject: string; body: string; attachments?: AttachmentInput[]; stopAfterAccess?: boolean }) {
  const to = options.to ?? [];
  const accountKeys = to.length > 0 ? (await lookupKeys(api, sender, to)).map((e) => e.publicKey ?? '') : [];
  const prepared = await Promise.all(options.guests.map((g) => prepareGuest({ address: g.address, accessCode: g.accessCode })));
  const outgoing = await encryptMessage({
    subject: options.subject,
    body: options.body,
    attachments: options.attachments ?? [],
    recipientKeys: [...accountKeys, ...prepared.map((p) => p.publicKey)],
    senderKey: sender.keys.publicKey,
    signingKey: sender.keys.privateKey,
  });
  const token = await sender.token();
  const created = await request(api.app)
    .post('/api/messages')
    .set(...bearer(token))
    .send({ idempotencyKey: crypto.randomBytes(18).toString('base64url'), recipients: [...to.map((address) => ({ address })), ...options.guests.map((g) => ({ address: g.address, guest: true }))], parts: outgoing.layout });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  const messageId = created.body.messageId as string;
  const uploads = await Promise.all(
    prepared.map((guest) => sealGuestAccess({ guest, messageId, senderKey: sender.keys.privateKey, replyFingerprints: [sender.keys.fingerprint], kdfParams: newKdfParams(TEST_KDF_PARAMS), floor: TEST_KDF_PARAMS })),
  );
  const stored = await request(api.app)
    .post(`/api/messages/${messageId}/guests`)
    .set(...bearer(token))
    .send({ guests: uploads.map((u, i) => ({ ...u, ...(options.guests[i]?.mobile ? { mobile: options.guests[i]?.mobile } : {}), ...(options.guests[i]?.expiresInDays ? { expiresInDays: options.guests[i]?.expiresInDays } : {}) })) });
  if (stored.status !== 200) throw new Error(`guests: ${stored.status} ${JSON.stringify(stored.body)}`);
  // A sender that stops here (the pane closed mid-send): the access waits, pending, for a commit.
  if (options.stopAfterAccess) return { messageId, guests: prepared, uploads, receipt: null };
  for (const part of outgoing.parts) {
    for await (const chunk of part.chunks) {
      const put = await request(api.app).put(`/api/messages/${messageId}/parts/${chunk.partId}/chunks/${chunk.index}`).set(...bearer(token)).set('Content-Type', 'application/octet-stream').send(Buffer.from(chunk.ciphertext));
      if (put.status !== 200) throw new Error(`upload: ${put.status}`);
    }
  }
  const commit = await request(api.app).post(`/api/messages/${messageId}/commit`).set(...bearer(token)).send();
  if (commit.status !== 200) throw new Error(`commit: ${commit.status} ${JSON.stringify(commit.body)}`);
  return { messageId, guests: prepared, uploads, receipt: commit.body.receipt as string };
}

/** The guest's first step: the KDF parameters from the server, then code + fragment secret → verifier. */
export async function deriveAsGuest(api: ApiTarget, guest: { guestId: string; secret: string; accessCode: string }) {
  const meta = await request(api.app).get(`/api/guest-access/${guest.guestId}`);
  if (meta.status !== 200) return { meta, keys: null };
  const keys = await deriveGuestKeys({ ...guest, kdfParams: meta.body.kdfParams as KdfParams, floor: TEST_KDF_PARAMS });
  return { meta, keys };
}

export async function openAsGuest(api: ApiTarget, guest: { guestId: string; secret: string; accessCode: string }, smsCode?: string) {
  const { meta, keys } = await deriveAsGuest(api, guest);
  if (!keys) return { res: meta, keys: null };
  const res = await request(api.app)
    .post(`/api/guest-access/${guest.guestId}/open`)
    .send({ verifier: keys.verifier, ...(smsCode ? { smsCode } : {}) });
  return { res, keys };
}

function binary(res: request.Request) {
  return res.buffer(true).parse((r, cb) => {
    const data: Buffer[] = [];
    r.on('data', (c: Buffer) => data.push(c));
    r.on('end', () => cb(null, Buffer.concat(data)));
  });
}

export async function fetchGuestChunk(api: ApiTarget, guestId: string, token: string | null, partId: string, index: number) {
  const req = request(api.app).get(`/api/guest-access/${guestId}/parts/${partId}/chunks/${index}`);
  if (token) req.set('Authorization', `Guest ${token}`);
  return binary(req);
}

/** The whole reader: open, unwrap, pin the sender's key from the sealed payload, decrypt every part. */
export async function readAsGuest(api: ApiTarget, guest: PreparedGuest) {
  const { res, keys } = await openAsGuest(api, guest);
  if (res.status !== 200 || !keys || res.body.next !== 'read') throw new Error(`open: ${res.status} ${JSON.stringify(res.body)}`);
  return decryptOpened(api, guest.guestId, keys, res.body as OpenedBody);
}

export interface OpenedBody {
  token: string;
  messageId: string;
  wrappedKey: string;
  parts: PartLayout[];
  sender: { address: string; publicKey: string; fingerprint: string };
  replyTo: { address: string; publicKey: string; fingerprint: string }[];
}

export async function decryptOpened(api: ApiTarget, guestId: string, keys: Awaited<ReturnType<typeof deriveGuestKeys>>, body: OpenedBody) {
  const key = await openGuestKey({ keys, messageId: body.messageId, guestId, wrappedKey: body.wrappedKey });
  const senderKey = await pinnedKey({ armored: [body.sender.publicKey], fingerprint: key.senderFingerprint });
  const opened = await openMessage({
    parts: body.parts,
    fetchChunk: async (partId, index) => {
      const chunk = await fetchGuestChunk(api, guestId, body.token, partId, index);
      if (chunk.status !== 200) throw new Error(`chunk ${partId}/${index}: ${chunk.status}`);
      return new Uint8Array(chunk.body as Buffer);
    },
    decryptionKeys: [key.privateKey],
    expectedSigners: [senderKey],
  });
  return { key, opened, body };
}

/** The guest's reply: encrypted to the keys the sealed payload names, signed with the guest key, sent in small JSON chunks. */
export async function replyAsGuest(api: ApiTarget, options: { guestId: string; token: string; privateKey: PrivateKey; replyKeys: string[]; subject: string; body: string; attachments?: AttachmentInput[] }) {
  const encrypted = await encryptMessageAtOnce({
    subject: options.subject,
    body: options.body,
    attachments: options.attachments ?? [],
    recipientKeys: options.replyKeys,
    senderKey: options.privateKey.toPublic(),
    signingKey: options.privateKey,
    chunkSize: 16 * 1024,
  });
  const auth = `Guest ${options.token}`;
  const created = await request(api.app).post(`/api/guest-access/${options.guestId}/replies`).set('Authorization', auth).send({ idempotencyKey: crypto.randomBytes(18).toString('base64url'), parts: encrypted.layout });
  if (created.status !== 200) return { created, commit: null };
  const replyId = created.body.messageId as string;
  for (const part of encrypted.parts) {
    for (const chunk of part.chunks) {
      const put = await request(api.app)
        .post(`/api/guest-access/${options.guestId}/replies/${replyId}/chunks`)
        .set('Authorization', auth)
        .send({ partId: chunk.partId, index: chunk.index, data: Buffer.from(chunk.ciphertext).toString('base64url') });
      if (put.status !== 200) throw new Error(`reply chunk: ${put.status} ${JSON.stringify(put.body)}`);
    }
  }
  const commit = await request(api.app).post(`/api/guest-access/${options.guestId}/replies/${replyId}/commit`).set('Authorization', auth).send();
  return { created, commit, replyId };
}
