// Encrypt, upload with resume, commit, verify: the part of Secure send between the checks and the
// receipt, without React. The encrypted chunks are kept (in memory, at most ADDIN_MAX_TOTAL_BYTES plus
// overhead) with their idempotency key until the receipt is verified, so a failed upload resumes
// where it stopped — the server's upload status says which chunks it has — and a retry never makes a
// second message. Recipients without a key go as guests: a one-off key pair per guest is made before
// encrypting and kept with the prepared send, so a resumed send stores the same access again (the API
// replaces what it holds per address) rather than a second one, and its link still opens the message.
// Nothing here writes to the draft.
import { randomBytes, toBase64url } from '../../shared/crypto/encoding';
import type { EncryptedChunk, SentSummary } from '../../shared/crypto/messages';
import type { ReceiptPayload } from '../../shared/crypto/receipt';
import type { GuestAccessUpload, PreparedGuest } from '../../shared/crypto/guest-access';
import type { GuestSendCrypto, SendCrypto } from './crypto-loader';
import type { EncryptionTarget } from './preflight';
import { isTransient, SecureSendApiError, type CreateMessageRequest, type SecureSendApi, type GuestAccessRequest, type SenderKeys, type StoredGuestAccess } from './types';

export type SendFlowErrorCode =
  /** The server holds other bytes for a chunk of this message (another encryption of it): start afresh. */
  | 'STORED_DIFFERENT'
  /** The message with this key is neither uploading nor committed (recalled). */
  | 'MESSAGE_NOT_OPEN'
  /** The receipt's signature, issuer or shape does not check out. */
  | 'RECEIPT_INVALID'
  /** The receipt is valid but does not describe what this client sent. */
  | 'RECEIPT_MISMATCH'
  /** The API's answer did not confirm the access of every guest. */
  | 'GUESTS_NOT_STORED';

export class SendFlowError extends Error {
  readonly code: SendFlowErrorCode;
  readonly messageId: string | null;
  readonly problems: readonly string[];

  constructor(code: SendFlowErrorCode, options: { messageId?: string | null; problems?: readonly string[] } = {}) {
    super(code + (options.problems?.length ? `: ${options.problems.join('; ')}` : ''));
    this.name = 'SendFlowError';
    this.code = code;
    this.messageId = options.messageId ?? null;
    this.problems = options.problems ?? [];
  }
}

/** A recipient without a key, as the user chose: the access code to share by phone, and a mobile number for the SMS gate. */
export interface GuestSpec {
  address: string;
  accessCode: string;
  /** E.164 (shared/phone/numbers.ts), or null for no SMS gate. */
  mobile: string | null;
}

/** One guest of a prepared send. Its key, id, link secret and code live only in this page's memory. */
export interface GuestSend {
  guest: PreparedGuest;
  mobile: string | null;
  /** The access sealed for one message id (the wrap names it); null until the message exists. */
  sealed: { messageId: string; upload: GuestAccessUpload } | null;
  /** What the API confirmed storing for `sealed`; null until then. */
  stored: StoredGuestAccess | null;
}

/** One message, encrypted and ready to upload, with everything needed to resume and to check the receipt. */
export interface PreparedSend {
  /** Names the draft's content, recipients' keys and principal: the same draft resumes this send. */
  draftFingerprint: string;
  idempotencyKey: string;
  request: CreateMessageRequest;
  chunks: EncryptedChunk[];
  summary: SentSummary;
  /** Recipients without a key, encrypted to their one-off keys; empty for none. */
  guests: GuestSend[];
  /** Known once the server created the message. */
  messageId: string | null;
}

/** Where prepared sends wait for a retry; the default lives as long as the page, so a reopened pane resumes. */
export interface PendingSendStore {
  find: (draftFingerprint: string) => PreparedSend | undefined;
  save: (prepared: PreparedSend) => void;
  forget: (draftFingerprint: string) => void;
  /**
   * The access code and mobile number of the latest waiting send to this guest address, so a pane
   * opened again offers the same choice, finds the same send and resumes it.
   */
  pendingGuest?: (address: string) => { accessCode: string; mobile: string | null } | undefined;
}

/** Keeps the last few prepared sends in memory (ciphertext only; the plaintext stays in the draft). */
export function memoryPendingSends(max = 2): PendingSendStore {
  const entries = new Map<string, PreparedSend>();
  return {
    find: (fingerprint) => entries.get(fingerprint),
    save(prepared) {
      entries.delete(prepared.draftFingerprint);
      entries.set(prepared.draftFingerprint, prepared);
      while (entries.size > max) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    forget: (fingerprint) => void entries.delete(fingerprint),
    pendingGuest(address) {
      for (const prepared of [...entries.values()].reverse()) {
        const found = prepared.guests.find((g) => g.guest.address === address);
        if (found) return { accessCode: found.guest.accessCode, mobile: found.mobile };
      }
      return undefined;
    },
  };
}

/** The page's own store: survives the pane being closed and opened again within one taskpane session. */
export const pageWidePendingSends: PendingSendStore = memoryPendingSends();

export interface PlainMessage {
  subject: string;
  bodyHtml: string;
  attachments: { name: string; type: string; data: Uint8Array }[];
}

export interface SendTargets {
  targets: readonly EncryptionTarget[];
  /** Addressees' read delegates whose signed grants the pane verified: encrypted to, never addressed. */
  readers?: readonly { fingerprint: string; publicKey: string }[];
  /** The principal's key, when the user sends on someone else's behalf. */
  principalKey: string | null;
  /** null when the user sends as herself. */
  principalAccountId: string | null;
  /** Recipients without a key who get an access code. */
  guests?: readonly GuestSpec[];
}

function canonical(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * A digest of what would be sent: equal for the same draft, recipients' keys, principal and guest
 * choices. The body counts as text with its whitespace folded, since Outlook may rewrite a draft's HTML
 * between reads; a send whose commit answer was lost must be found again, not filed a second time. A
 * changed access code or mobile number is another send: the stored access must match what the user
 * passes on. The digest stays in this page's memory (PendingSendStore) and is never sent anywhere.
 */
export async function draftFingerprint(crypto: Pick<SendCrypto, 'sha256Hex'>, message: Omit<PlainMessage, 'bodyHtml'> & { bodyText: string }, send: SendTargets): Promise<string> {
  const attachments: { name: string; type: string; sha256: string }[] = [];
  for (const a of message.attachments) attachments.push({ name: a.name, type: a.type, sha256: await crypto.sha256Hex(a.data) });
  const text = canonical({
    v: 1,
    subject: message.subject,
    body: message.bodyText.replace(/[\s\u00a0\u200b]+/g, ' ').trim(),
    attachments,
    targets: [...send.targets].map((t) => `${t.address}|${t.fingerprint}`).sort(),
    readers: (send.readers ?? []).map((r) => r.fingerprint).sort(),
    principalKey: send.principalKey,
    principal: send.principalAccountId,
    guests: (send.guests ?? []).map((g) => [g.address, g.accessCode, g.mobile]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  });
  return crypto.sha256Hex(new TextEncoder().encode(text));
}

/** Encrypts the whole message (signed by the user; to the recipients, the guests' one-off keys, the user and the principal). */
export async function prepareSend(options: {
  crypto: Pick<SendCrypto, 'encryptMessage'> & { guests?: Pick<GuestSendCrypto, 'prepareGuest'> };
  keys: SenderKeys;
  message: PlainMessage;
  send: SendTargets;
  fingerprint: string;
  onProgress?: (done: number, total: number) => void;
}): Promise<PreparedSend> {
  const { crypto, keys, message, send } = options;
  const guests: GuestSend[] = [];
  for (const spec of send.guests ?? []) {
    if (!crypto.guests) throw new TypeError('prepareSend: guests need the guest crypto');
    const guest = await crypto.guests.prepareGuest({ address: spec.address, accessCode: spec.accessCode });
    guests.push({ guest, mobile: spec.mobile, sealed: null, stored: null });
  }
  const outgoing = await crypto.encryptMessage({
    subject: message.subject,
    body: message.bodyHtml,
    bodyType: 'text/html',
    attachments: message.attachments.map((a) => ({ name: a.name, type: a.type, data: a.data })),
    recipientKeys: [
      ...send.targets.map((t) => t.publicKey),
      ...guests.map((g) => g.guest.publicKey),
      ...(send.readers ?? []).map((r) => r.publicKey),
      ...(send.principalKey ? [send.principalKey] : []),
    ],
    senderKey: keys.publicKey,
    signingKey: keys.privateKey,
  });
  const total = outgoing.layout.reduce((n, p) => n + p.chunkCount, 0);
  const chunks: EncryptedChunk[] = [];
  options.onProgress?.(0, total);
  for (const part of outgoing.parts) {
    for await (const chunk of part.chunks) {
      chunks.push(chunk);
      options.onProgress?.(chunks.length, total);
    }
  }
  const request: CreateMessageRequest = {
    idempotencyKey: toBase64url(randomBytes(24)),
    recipients: [...send.targets.map((t) => ({ address: t.address })), ...guests.map((g) => ({ address: g.guest.address, guest: true as const }))],
    parts: outgoing.layout,
    ...(send.principalAccountId ? { principalAccountId: send.principalAccountId } : {}),
  };
  return { draftFingerprint: options.fingerprint, idempotencyKey: request.idempotencyKey, request, chunks, summary: outgoing.summary(), guests, messageId: null };
}

export interface RetryPolicy {
  /** Pauses before the 2nd, 3rd, … attempt; its length + 1 attempts in all. */
  delaysMs: readonly number[];
  sleep: (ms: number) => Promise<void>;
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs a call again after passing failures (network, 5xx, 429 with its Retry-After, capped at 30 s). */
async function withRetry<T>(policy: RetryPolicy, call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const delay = policy.delaysMs[attempt];
      if (delay === undefined || !isTransient(error)) throw error;
      const asked = error instanceof SecureSendApiError && error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : 0;
      await policy.sleep(Math.min(Math.max(delay, asked), 30_000));
    }
  }
}

const chunkKey = (c: { partId: string; index: number }) => `${c.partId}/${c.index}`;

/**
 * Creates the message (once: the idempotency key makes a repeated create return the same message),
 * uploads the chunks the server does not have yet, and commits. On resume (`prepared.messageId` set)
 * the server's upload status says which chunks to skip; a chunk stored with other bytes is an error,
 * never overwritten. Returns the receipt (JWS) as the server gave it; verify it with verifyAndMatch.
 */
export async function uploadPrepared(options: {
  api: SecureSendApi;
  prepared: PreparedSend;
  retry: RetryPolicy;
  onMessageId?: (messageId: string) => void;
  onProgress?: (sentBytes: number, totalBytes: number) => void;
  /** Seals a guest's access for a message id (sealGuestAccess with the sender's key); needed when the send has guests. */
  sealGuest?: (guest: PreparedGuest, messageId: string) => Promise<GuestAccessUpload>;
  /** Called before the guests' access is sealed and stored (a slow KDF per guest). */
  onGuests?: () => void;
  /** Called just before the commit is asked for: from then on the message may be delivered even when no answer comes. */
  onCommitting?: (messageId: string) => void;
}): Promise<{ messageId: string; receipt: string }> {
  const { api, prepared, retry } = options;
  const totalBytes = prepared.chunks.reduce((n, c) => n + c.ciphertext.length, 0);
  let stored = new Map<string, string>();

  async function syncStatus(messageId: string): Promise<'uploading' | 'committed' | 'gone'> {
    let status;
    try {
      status = await withRetry(retry, () => api.uploadStatus(messageId));
    } catch (error) {
      // Swept as an abandoned upload: nothing of it was ever visible, so start it again.
      if (error instanceof SecureSendApiError && error.code === 'NOT_FOUND') return 'gone';
      throw error;
    }
    if (status.status === 'committed') return 'committed';
    if (status.status !== 'uploading') throw new SendFlowError('MESSAGE_NOT_OPEN', { messageId });
    stored = new Map(status.uploaded.map((u) => [chunkKey(u), u.sha256]));
    return 'uploading';
  }

  const commit = async (messageId: string) => {
    options.onCommitting?.(messageId);
    const committed = await withRetry(retry, () => api.commit(messageId));
    return { messageId, receipt: committed.receipt };
  };

  let messageId = prepared.messageId;
  if (messageId !== null) {
    const state = await syncStatus(messageId);
    if (state === 'committed') return commit(messageId);
    if (state === 'gone') messageId = null;
  }
  if (messageId === null) {
    const created = await withRetry(retry, () => api.createMessage(prepared.request));
    messageId = created.messageId;
    prepared.messageId = messageId;
    options.onMessageId?.(messageId);
    if (created.status === 'committed' && created.receipt) return { messageId, receipt: created.receipt };
    if (created.status !== 'uploading') throw new SendFlowError('MESSAGE_NOT_OPEN', { messageId });
    if (created.uploaded.length > 0 && (await syncStatus(messageId)) !== 'uploading') return commit(messageId);
  }
  const id = messageId;

  /**
   * Seals each guest's access for this message (once) and stores it before the chunks, as the API's
   * commit refuses a guest without access. Stored again only when asked (`again`) or when the answer
   * was lost: the API replaces what it holds per address, so a repeat leaves one access per guest, with
   * the same verifier and wrap the user's link and code open.
   */
  async function storeGuests(again: boolean): Promise<void> {
    if (prepared.guests.length === 0) return;
    const seal = options.sealGuest;
    if (!seal) throw new TypeError('uploadPrepared: guests need sealGuest');
    if (!again && prepared.guests.every((g) => g.sealed?.messageId === id && g.stored !== null)) return;
    options.onGuests?.();
    const uploads: GuestAccessRequest[] = [];
    for (const g of prepared.guests) {
      if (g.sealed?.messageId !== id) {
        // Sealed for a message the server swept as abandoned: that guest id may stay taken, so new ids.
        if (g.sealed) g.guest = { ...g.guest, guestId: toBase64url(randomBytes(16)), secret: toBase64url(randomBytes(16)) };
        g.sealed = { messageId: id, upload: await seal(g.guest, id) };
        g.stored = null;
      }
      uploads.push({ ...g.sealed.upload, ...(g.mobile ? { mobile: g.mobile } : {}) });
    }
    const answer = await withRetry(retry, () => api.storeGuestAccess(id, uploads));
    for (const g of prepared.guests) g.stored = answer.guests.find((stored) => stored.guestId === g.guest.guestId) ?? null;
    if (prepared.guests.some((g) => g.stored === null)) throw new SendFlowError('GUESTS_NOT_STORED', { messageId: id });
  }

  async function uploadMissing(): Promise<void> {
    let sent = 0;
    for (const chunk of prepared.chunks) {
      const have = stored.get(chunkKey(chunk));
      if (have !== undefined) {
        if (have !== chunk.sha256) throw new SendFlowError('STORED_DIFFERENT', { messageId: id });
        sent += chunk.ciphertext.length;
        options.onProgress?.(sent, totalBytes);
        continue;
      }
      const before = sent;
      try {
        await withRetry(retry, () =>
          api.uploadChunk({ messageId: id, partId: chunk.partId, index: chunk.index, ciphertext: chunk.ciphertext, onProgress: (done) => options.onProgress?.(before + done, totalBytes) }),
        );
      } catch (error) {
        if (error instanceof SecureSendApiError && error.code === 'CONFLICT') throw new SendFlowError('STORED_DIFFERENT', { messageId: id });
        throw error;
      }
      stored.set(chunkKey(chunk), chunk.sha256);
      sent = before + chunk.ciphertext.length;
      options.onProgress?.(sent, totalBytes);
    }
  }

  await storeGuests(false);
  await uploadMissing();
  try {
    return await commit(id);
  } catch (error) {
    // The server misses a chunk (or a guest's access) it acknowledged or never got: ask once what it
    // has, fill in, store the guests' access again, commit.
    if (!(error instanceof SecureSendApiError && error.code === 'UPLOAD_INCOMPLETE')) throw error;
    if ((await syncStatus(id)) === 'uploading') {
      await uploadMissing();
      await storeGuests(true);
    }
    return commit(id);
  }
}

export interface ReceiptExpectation {
  messageId: string;
  principalAccountId: string;
  actorAccountId: string;
  recipients: readonly string[];
  toCourt: boolean;
}

/**
 * Verifies the receipt offline against the published keys, then that it covers exactly what was
 * uploaded (every chunk's hash and size, the manifest) and names the right message, people and
 * recipients. Anything else: SendFlowError, and the receipt is not shown as evidence.
 */
export async function verifyAndMatch(options: {
  crypto: Pick<SendCrypto, 'verifyReceipt' | 'checkReceiptMatchesUpload'>;
  jws: string;
  jwks: Parameters<SendCrypto['verifyReceipt']>[0]['jwks'];
  issuer: string;
  summary: SentSummary;
  expect: ReceiptExpectation;
}): Promise<ReceiptPayload> {
  const { expect } = options;
  let receipt: ReceiptPayload;
  try {
    receipt = await options.crypto.verifyReceipt({ jws: options.jws, jwks: options.jwks, issuer: options.issuer });
  } catch {
    throw new SendFlowError('RECEIPT_INVALID', { messageId: expect.messageId });
  }
  const verdict = options.crypto.checkReceiptMatchesUpload({ receipt, sent: { manifestHash: options.summary.manifestHash, chunks: options.summary.chunks } });
  const problems = verdict.ok ? [] : [...verdict.problems];
  if (receipt.messageId !== expect.messageId) problems.push('another message id');
  if (receipt.principal.accountId !== expect.principalAccountId) problems.push('another principal');
  if (receipt.actor.accountId !== expect.actorAccountId) problems.push('another sender');
  const want = [...new Set(expect.recipients.map((r) => r.toLowerCase()))].sort();
  const got = [...new Set(receipt.recipients.map((r) => r.toLowerCase()))].sort();
  if (want.length !== got.length || want.some((r, i) => r !== got[i])) problems.push('other recipients');
  if (expect.toCourt && !receipt.principal.professionalNumber) problems.push('no professional number for a court filing');
  if (problems.length > 0) throw new SendFlowError('RECEIPT_MISMATCH', { messageId: expect.messageId, problems });
  return receipt;
}
