// The guest's steps without the UI: unlock the sealed key once the server accepted the verifier, read
// the message chunk by chunk, and reply with the same PDF pre-flight as Secure send. Keys the server
// lists are used only when the sealed payload names their fingerprints.
import type { PrivateKey, PublicKey } from 'openpgp';
import type { GuestKeys } from '../../shared/crypto/guest-access';
import type { AttachmentInfo } from '../../shared/crypto/messages';
import type { PdfProblem } from '../secure-send/preflight';
import type { GuestCrypto } from './crypto-loader';
import type { GuestApi, GuestSession } from './types';

/** Reply chunks go as JSON; 16 KiB of plaintext stays well inside the API's JSON limit once encrypted and encoded. */
export const GUEST_REPLY_CHUNK_BYTES = 16 * 1024;
export const GUEST_REPLY_MAX_FILES = 10;
export const GUEST_REPLY_MAX_BYTES = 25 * 1024 * 1024;

export interface Unlocked {
  guestId: string;
  session: GuestSession;
  privateKey: PrivateKey;
  senderKey: PublicKey;
  replyKeys: PublicKey[];
}

export async function unlock(options: { crypto: GuestCrypto; keys: GuestKeys; guestId: string; session: GuestSession }): Promise<Unlocked> {
  const { crypto, session, guestId } = options;
  const key = await crypto.openGuestKey({ keys: options.keys, messageId: session.messageId, guestId, wrappedKey: session.wrappedKey });
  const listed = [session.sender, ...session.replyTo].flatMap((k) => (k.publicKey ? [k.publicKey] : []));
  const senderKey = await crypto.pinnedKey({ armored: listed, fingerprint: key.senderFingerprint });
  const replyKeys = await Promise.all(key.replyFingerprints.map((fingerprint) => crypto.pinnedKey({ armored: listed, fingerprint })));
  return { guestId, session, privateKey: key.privateKey, senderKey, replyKeys };
}

export interface ReadMessage {
  subject: string;
  body: string;
  bodyType: 'text/plain' | 'text/html';
  attachments: AttachmentInfo[];
  /** The whole attachment, returned only once all of it verified against the signed manifest. */
  attachment(partId: string): Promise<Uint8Array>;
}

export async function readMessage(options: { api: GuestApi; crypto: GuestCrypto; unlocked: Unlocked }): Promise<ReadMessage> {
  const { api, crypto, unlocked } = options;
  const opened = await crypto.openMessage({
    parts: unlocked.session.parts,
    fetchChunk: (partId, index) => api.fetchChunk(unlocked.guestId, unlocked.session.token, partId, index),
    decryptionKeys: [unlocked.privateKey],
    expectedSigners: [unlocked.senderKey],
  });
  const bodyPart = opened.manifest.parts.find((p) => p.role === 'body');
  return {
    subject: await opened.readText('subject'),
    body: await opened.readText('body'),
    bodyType: bodyPart?.contentType.startsWith('text/html') ? 'text/html' : 'text/plain',
    attachments: opened.attachments,
    attachment: (partId) => opened.readPartBytes(partId),
  };
}

export interface ReplyFile {
  name: string;
  type: string;
  data: Uint8Array;
}

export type ReplyCheck = { ok: true } | { ok: false; tooMany: boolean; tooLarge: boolean; pdfProblems: { name: string; problem: PdfProblem }[] };

/** The pre-flight: every PDF must open (the same checks as Secure send), and the reply stays within its limits. */
export async function checkReply(crypto: GuestCrypto, files: readonly ReplyFile[]): Promise<ReplyCheck> {
  const pdfProblems: { name: string; problem: PdfProblem }[] = [];
  for (const file of files) {
    if (!crypto.looksLikePdf({ name: file.name, contentType: file.type, content: file.data })) continue;
    const verdict = await crypto.checkPdf(file.data);
    if (!verdict.ok) pdfProblems.push({ name: file.name, problem: verdict.problem });
  }
  const tooMany = files.length > GUEST_REPLY_MAX_FILES;
  const tooLarge = files.reduce((sum, f) => sum + f.data.length, 0) > GUEST_REPLY_MAX_BYTES;
  return pdfProblems.length === 0 && !tooMany && !tooLarge ? { ok: true } : { ok: false, tooMany, tooLarge, pdfProblems };
}

/** Encrypts to the pinned reply keys, signs with the guest key, uploads and commits. Check the reply first. */
export async function sendReply(options: { api: GuestApi; crypto: GuestCrypto; unlocked: Unlocked; subject: string; body: string; files: readonly ReplyFile[]; idempotencyKey: string }): Promise<{ messageId: string }> {
  const { api, crypto, unlocked } = options;
  const encrypted = await crypto.encryptMessageAtOnce({
    subject: options.subject,
    body: options.body,
    attachments: options.files.map((f) => ({ name: f.name, type: f.type || 'application/octet-stream', data: f.data })),
    recipientKeys: unlocked.replyKeys,
    senderKey: unlocked.privateKey.toPublic(),
    signingKey: unlocked.privateKey,
    chunkSize: GUEST_REPLY_CHUNK_BYTES,
  });
  const { guestId, session } = unlocked;
  const created = await api.createReply(guestId, session.token, { idempotencyKey: options.idempotencyKey, parts: encrypted.layout });
  for (const part of encrypted.parts) {
    for (const chunk of part.chunks) await api.putReplyChunk(guestId, session.token, created.messageId, { partId: chunk.partId, index: chunk.index, data: chunk.ciphertext });
  }
  await api.commitReply(guestId, session.token, created.messageId);
  return { messageId: created.messageId };
}
