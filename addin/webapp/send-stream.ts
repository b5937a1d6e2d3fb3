// Sending from the web app: the same pre-flight as Secure send (secure-send/preflight.ts) on what the
// user typed and chose, then encryption and upload chunk by chunk straight from the File objects.
// Only the chunk being uploaded is held (plus the one slice it is made from); a PDF is the exception,
// read whole once to be opened by the pre-flight, as a court would open it.
//
// Resume: the encrypted message is made once; its chunks are made as they are uploaded, and the chunk
// in flight is kept until the server has it. After a failure run() continues from that chunk — the
// server's upload status says what it already holds — with the same idempotency key, so a retry never
// files a second message. What cannot be resumed (the server swept the upload, or holds other bytes)
// ends in SendFlowError, and the user starts afresh: nothing uncommitted is ever visible to anyone.
// Once the commit was asked for, a failure without the server's answer may follow a delivered message:
// only resuming is offered then (`commitAttempted`), and the commit of a committed message answers with its receipt.
//
// Recipients without a key may go as guests (api/guests): a one-off key per guest is made before
// encrypting and kept with the send, its access is sealed for the message id and stored right after the
// create (before any chunk, as the commit refuses a guest without access), and a resumed send stores it
// again only when the server's answer was not seen. Secure send's pieces do the work (send-flow.ts).
import { randomBytes, toBase64url } from '../../shared/crypto/encoding';
import type { PrivateKey } from 'openpgp';
import type { EncryptedChunk, OutgoingMessage, SentSummary } from '../../shared/crypto/messages';
import type { GuestAccessUpload, PreparedGuest } from '../../shared/crypto/guest-access';
import type { KeyInput } from '../../shared/crypto/pgp';
import type { FingerprintMemory } from '../../shared/keys/trust';
import { addressPart, isCourtAddress } from '../../shared/court/recipients';
import { normalisePhoneNumber } from '../../shared/phone/numbers';
import type { GuestChoice, GuestFieldProblems } from '../secure-send/components';
import type { GuestSendCrypto } from '../secure-send/crypto-loader';
import { ADDIN_MAX_ATTACHMENTS, ADDIN_MAX_RECIPIENTS } from '../secure-send/limits';
import type { Blocker, KeyFacts, PreflightAttachment, PreflightResult } from '../secure-send/preflight';
import { readDelegateKeys } from '../secure-send/read-delegates';
import { SendFlowError, type GuestSend, type GuestSpec, type RetryPolicy } from '../secure-send/send-flow';
import type { SecureSendTexts } from '../secure-send/texts';
import { isTransient, SecureSendApiError, type CreateMessageRequest, type GuestAccessRequest, type PrincipalInfo } from '../secure-send/types';
import type { WebAppCrypto } from './crypto-loader';
import type { SenderKeys, WebAppApi } from './types';

/** What the API stores per message (MESSAGE_MAX_BYTES), less room for the encryption's overhead. */
export const WEB_MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024 - 64 * 1024 * 1024;
/** Bytes read from each file to tell whether it is a PDF (the pre-flight's own window). */
const SNIFF_BYTES = 1024;

/** A file as the browser's file input gives it: read one slice at a time. */
export interface ChosenFile {
  readonly name: string;
  readonly type: string;
  readonly size: number;
  slice(start?: number, end?: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

export interface WebDraft {
  recipients: readonly string[];
  subject: string;
  body: string;
  files: readonly ChosenFile[];
  inReplyTo?: string;
}

export interface WebPreflight {
  result: PreflightResult;
  /** Read-scope delegates of account recipients whose grants verified against the recipient's key. */
  delegateKeys: string[];
  /** The principal's key's own fingerprint when sending on someone's behalf (a guest's reply goes to it too); null for oneself. */
  principalFingerprint: string | null;
}

export function parseRecipients(text: string): string[] {
  const out: string[] = [];
  for (const piece of text.split(/[,;\n]/)) {
    const address = addressPart(piece.trim()).toLowerCase();
    if (address !== '' && !out.includes(address)) out.push(address);
  }
  return out;
}

const LOOKUP_ADDRESS = /^[^\s@<>"]{1,64}@[^\s@<>"]+\.[^\s@<>"]+$/;

/**
 * Secure send's checks for a web draft: recipients and their keys (court keys pinned, people's keys
 * trusted on first use), the principal and her court connection, empty subject or text, and every PDF
 * opened. Sizes are the web app's: the API's limit per message instead of what Outlook hands over.
 */
export async function runWebPreflight(options: {
  api: Pick<WebAppApi, 'lookupKeys' | 'professionalStatus'>;
  crypto: Pick<WebAppCrypto, 'fingerprintOf' | 'runPreflight' | 'looksLikePdf' | 'trustedReadDelegates'>;
  draft: WebDraft;
  principal: PrincipalInfo;
  keys: SenderKeys;
  courtKeyPins: readonly string[];
  memory: FingerprintMemory;
  now: Date;
  /**
   * Addresses the user gave an access code; given (even empty), recipients without a key that may be
   * guests come back as `guestCandidates` (never a court address or an organisation unit).
   */
  guests?: ReadonlySet<string>;
}): Promise<WebPreflight> {
  const { api, crypto, draft, principal } = options;
  const lookups = draft.recipients.filter((a) => LOOKUP_ADDRESS.test(a));
  const entries = lookups.length > 0 ? await api.lookupKeys(lookups) : [];
  const keys: KeyFacts[] = await Promise.all(entries.map(async (entry) => ({ entry, actualFingerprint: entry.publicKey ? await crypto.fingerprintOf(entry.publicKey) : null })));
  const toCourt = draft.recipients.some((a) => isCourtAddress(a));
  let courtConnection: { active: boolean; problems: [] | Awaited<ReturnType<WebAppApi['professionalStatus']>>['problems'] } | null = null;
  if (toCourt) {
    if (principal.self) {
      const status = await api.professionalStatus();
      courtConnection = { active: status.active, problems: status.problems };
    } else courtConnection = { active: principal.professional.courtConnectionActive, problems: [] };
  }
  const attachments: PreflightAttachment[] = [];
  for (const [i, file] of draft.files.entries()) {
    const head = new Uint8Array(await file.slice(0, Math.min(file.size, SNIFF_BYTES)).arrayBuffer());
    const pdf = crypto.looksLikePdf({ name: file.name, contentType: file.type, content: head });
    // A PDF is opened whole, as the court would; other files are checked by their first bytes only.
    const content = pdf && file.size > head.length ? new Uint8Array(await file.slice(0, file.size).arrayBuffer()) : head;
    attachments.push({ id: `file-${i}`, name: file.name, contentType: file.type || 'application/octet-stream', kind: 'file', content });
  }
  const bodyBytes = new TextEncoder().encode(draft.body).length;
  const result = await crypto.runPreflight({
    subject: draft.subject,
    bodyText: draft.body,
    bodyBytes,
    recipients: draft.recipients.map((address) => ({ emailAddress: address, displayName: address, recipientType: 'user' })),
    attachments,
    keys,
    principal: {
      accountId: principal.accountId,
      email: principal.email,
      self: principal.self,
      publicKey: principal.self ? null : principal.publicKey,
      statedFingerprint: principal.fingerprint,
      actualFingerprint: !principal.self && principal.publicKey ? await crypto.fingerprintOf(principal.publicKey) : null,
      courtConnection,
    },
    courtKeyPins: options.courtKeyPins,
    knownFingerprint: (address) => options.memory.get(address),
    limits: { maxTotalBytes: Number.MAX_SAFE_INTEGER, maxAttachments: ADDIN_MAX_ATTACHMENTS, maxRecipients: ADDIN_MAX_RECIPIENTS },
    ...(options.guests ? { guests: options.guests } : {}),
  });
  const total = bodyBytes + draft.files.reduce((n, f) => n + f.size, 0);
  if (total > WEB_MAX_TOTAL_BYTES) {
    const tooLarge: Blocker = { kind: 'too-large', totalBytes: total, maxBytes: WEB_MAX_TOTAL_BYTES };
    result.blockers.push(tooLarge);
    result.targets = [];
    result.guests = [];
  }
  // A lawyer's read-scope delegates read what is sent to her: encrypt to those whose grant she signed.
  const principalFingerprint = principal.self ? null : await crypto.fingerprintOf(principal.publicKey ?? '');
  const readers = await readDelegateKeys({ targets: result.targets, entries, check: crypto.trustedReadDelegates, now: options.now, exclude: [options.keys.fingerprint, ...(principalFingerprint ? [principalFingerprint] : [])] });
  return { result, delegateKeys: readers.keys.map((k) => k.publicKey), principalFingerprint };
}

/** The only blockers are recipients without a key who may get an access code: the user decides first. */
export function onlyGuestsUndecided(result: Pick<PreflightResult, 'blockers' | 'guestCandidates'>): boolean {
  return result.blockers.length > 0 && result.blockers.every((b) => b.kind === 'recipient-without-key' && b.addresses.every((a) => result.guestCandidates.includes(a)));
}

/**
 * The guests' fields as typed, checked before anything is encrypted: the code as shared/crypto enforces
 * it, the mobile number as the API will (E.164, Dutch numbers mobile). Problems come as texts per address.
 */
export function checkGuestChoices(options: {
  addresses: readonly string[];
  choices: Readonly<Record<string, GuestChoice>>;
  crypto: Pick<GuestSendCrypto, 'checkAccessCode' | 'accessCodeLength'>;
  t: SecureSendTexts;
}): { ok: true; guests: GuestSpec[] } | { ok: false; problems: Record<string, GuestFieldProblems> } {
  const { crypto, t } = options;
  const guests: GuestSpec[] = [];
  const problems: Record<string, GuestFieldProblems> = {};
  for (const address of options.addresses) {
    const choice = options.choices[address] ?? { give: true, accessCode: '', mobile: '' };
    const accessCode = choice.accessCode.trim();
    const code = crypto.checkAccessCode(accessCode);
    const mobile = choice.mobile.trim() === '' ? null : normalisePhoneNumber(choice.mobile);
    const problem: GuestFieldProblems = {
      ...(code.ok ? {} : { code: t.guest.codeProblem[code.reason](code.reason === 'too-short' ? crypto.accessCodeLength.min : crypto.accessCodeLength.max) }),
      ...(mobile && !mobile.ok ? { mobile: t.guest.mobileProblem[mobile.problem] } : {}),
    };
    if (problem.code ?? problem.mobile) problems[address] = problem;
    else guests.push({ address, accessCode, mobile: mobile?.ok ? mobile.e164 : null });
  }
  return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true, guests };
}

export interface StreamingSendResult {
  messageId: string;
  receipt: string;
  summary: SentSummary;
}

export interface StreamingSend {
  /** Known once the server created the message. */
  readonly messageId: string | null;
  /** False once reading or encrypting a file failed midway: that part cannot be continued, only sent afresh. */
  readonly resumable: boolean;
  /**
   * True once the commit was asked for: the message may be delivered even when no answer came, so a
   * failure from here on is resumed (same idempotency key, the commit answers with its receipt), never sent afresh.
   */
  readonly commitAttempted: boolean;
  /** The guests of this send, with their one-off keys, link secrets and codes (this page's memory only); empty before run(). */
  readonly guests: readonly GuestSend[];
  /** Uploads what is left and commits; call again after a failure to resume. `onGuests`: before the guests' access is sealed (a slow KDF each). */
  run(options: { retry: RetryPolicy; onProgress?: (doneChunks: number, totalChunks: number) => void; onGuests?: () => void }): Promise<StreamingSendResult>;
}

async function attempt<T>(retry: RetryPolicy, call: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await call();
    } catch (error) {
      const pause = retry.delaysMs[i];
      if (pause === undefined || !isTransient(error)) throw error;
      const asked = error instanceof SecureSendApiError && error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : 0;
      await retry.sleep(Math.min(30_000, Math.max(pause, asked)));
    }
  }
}

const chunkKey = (c: { partId: string; index: number }) => `${c.partId}/${c.index}`;

/**
 * Prepares a streamed send: nothing is read or encrypted until run(). Encrypted to the recipients'
 * keys, the guests' one-off keys, the read-scope delegates', the principal's (on behalf) and the
 * user's own; signed by the user.
 */
export function createStreamingSend(options: {
  api: Pick<WebAppApi, 'createMessage' | 'uploadChunk' | 'uploadStatus' | 'commit' | 'storeGuestAccess'>;
  crypto: Pick<WebAppCrypto, 'encryptMessage'> & { guests?: Pick<GuestSendCrypto, 'prepareGuest'> };
  keys: SenderKeys;
  draft: WebDraft;
  recipientKeys: readonly KeyInput[];
  principalAccountId: string | null;
  /** Recipients without a key who get an access code; addressed as guests, never in `draft.recipients`. */
  guests?: readonly GuestSpec[];
  /** Seals a guest's access for a message id (sealGuestAccess with the sender's key); needed when there are guests. */
  sealGuest?: (guest: PreparedGuest, messageId: string) => Promise<GuestAccessUpload>;
  /** Signs instead of the user's own key: a clerk's reply is signed with the court unit's key. */
  signingKey?: PrivateKey;
  chunkSize?: number;
}): StreamingSend {
  const { api, draft } = options;
  let outgoing: OutgoingMessage | null = null;
  let request: CreateMessageRequest | null = null;
  let messageId: string | null = null;
  let partIndex = 0;
  let iterator: AsyncIterator<EncryptedChunk> | null = null;
  let pending: EncryptedChunk | null = null;
  let done = 0;
  let broken = false;
  let commitAttempted = false;
  const guests: GuestSend[] = [];

  /** Seals each guest's access for this message (once) and stores it, unless the server's answer for it was seen. */
  async function storeGuests(retry: RetryPolicy, id: string, onGuests: (() => void) | undefined): Promise<void> {
    if (guests.every((g) => g.stored !== null)) return;
    const seal = options.sealGuest;
    if (!seal) throw new TypeError('createStreamingSend: guests need sealGuest');
    onGuests?.();
    const uploads: GuestAccessRequest[] = [];
    for (const g of guests) {
      g.sealed ??= { messageId: id, upload: await seal(g.guest, id) };
      uploads.push({ ...g.sealed.upload, ...(g.mobile ? { mobile: g.mobile } : {}) });
    }
    const answer = await attempt(retry, () => api.storeGuestAccess(id, uploads));
    for (const g of guests) g.stored = answer.guests.find((stored) => stored.guestId === g.guest.guestId) ?? null;
    if (guests.some((g) => g.stored === null)) throw new SendFlowError('GUESTS_NOT_STORED', { messageId: id });
  }

  return {
    get messageId() {
      return messageId;
    },
    get resumable() {
      return !broken;
    },
    get commitAttempted() {
      return commitAttempted;
    },
    get guests() {
      return guests;
    },
    async run({ retry, onProgress, onGuests }) {
      if (broken) throw new SendFlowError('STORED_DIFFERENT', { messageId });
      if (!outgoing || !request) {
        if (guests.length === 0) {
          for (const spec of options.guests ?? []) {
            if (!options.crypto.guests) throw new TypeError('createStreamingSend: guests need the guest crypto');
            guests.push({ guest: await options.crypto.guests.prepareGuest({ address: spec.address, accessCode: spec.accessCode }), mobile: spec.mobile, sealed: null, stored: null });
          }
        }
        outgoing = await options.crypto.encryptMessage({
          subject: draft.subject,
          body: draft.body,
          bodyType: 'text/plain',
          attachments: draft.files.map((file) => ({ name: file.name, type: file.type || 'application/octet-stream', data: file, size: file.size })),
          recipientKeys: [...options.recipientKeys, ...guests.map((g) => g.guest.publicKey)],
          senderKey: options.keys.publicKey,
          signingKey: options.signingKey ?? options.keys.privateKey,
          ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
        });
        request = {
          idempotencyKey: toBase64url(randomBytes(24)),
          recipients: [...draft.recipients.map((address) => ({ address })), ...guests.map((g) => ({ address: g.guest.address, guest: true as const }))],
          parts: outgoing.layout,
          ...(options.principalAccountId ? { principalAccountId: options.principalAccountId } : {}),
          ...(draft.inReplyTo ? { inReplyTo: draft.inReplyTo } : {}),
        };
      }
      const message = outgoing;
      const create = request;
      const total = message.layout.reduce((n, p) => n + p.chunkCount, 0);
      let stored = new Map<string, string>();
      let committed = false;
      if (messageId === null) {
        const created = await attempt(retry, () => api.createMessage(create));
        messageId = created.messageId;
        stored = new Map(created.uploaded.map((u) => [chunkKey(u), '']));
      } else {
        let status;
        try {
          status = await attempt(retry, () => api.uploadStatus(messageId ?? ''));
        } catch (error) {
          if (error instanceof SecureSendApiError && error.code === 'NOT_FOUND') throw new SendFlowError('MESSAGE_NOT_OPEN', { messageId });
          throw error;
        }
        if (status.status === 'recalled') throw new SendFlowError('MESSAGE_NOT_OPEN', { messageId });
        committed = status.status === 'committed';
        stored = new Map(status.uploaded.map((u) => [chunkKey(u), u.sha256]));
      }
      const id = messageId;
      // Committed already (its answer was lost): the guests' access was stored, or the commit had refused.
      if (!committed) await storeGuests(retry, id, onGuests);
      onProgress?.(done, total);
      for (; partIndex < message.parts.length; partIndex++) {
        const part = message.parts[partIndex];
        if (!part) break;
        iterator ??= part.chunks[Symbol.asyncIterator]();
        for (;;) {
          if (!pending) {
            let next: IteratorResult<EncryptedChunk>;
            try {
              next = await iterator.next();
            } catch (error) {
              // The chunk stream ended with this error: continuing would skip the rest of the part.
              broken = true;
              throw error;
            }
            if (next.done) break;
            pending = next.value;
          }
          const chunk = pending;
          const have = stored.get(chunkKey(chunk));
          if (have === undefined) {
            try {
              await attempt(retry, () => api.uploadChunk({ messageId: id, partId: chunk.partId, index: chunk.index, ciphertext: chunk.ciphertext }));
            } catch (error) {
              if (error instanceof SecureSendApiError && error.code === 'CONFLICT') throw new SendFlowError('STORED_DIFFERENT', { messageId: id });
              throw error;
            }
          } else if (have !== '' && have !== chunk.sha256) throw new SendFlowError('STORED_DIFFERENT', { messageId: id });
          pending = null;
          done += 1;
          onProgress?.(done, total);
        }
        iterator = null;
      }
      const summary = message.summary();
      try {
        const committed = await attempt(retry, () => {
          commitAttempted = true;
          return api.commit(id);
        });
        return { messageId: id, receipt: committed.receipt, summary };
      } catch (error) {
        // A chunk the server acknowledged is gone: its ciphertext is not kept, so start afresh.
        if (error instanceof SecureSendApiError && error.code === 'UPLOAD_INCOMPLETE') throw new SendFlowError('STORED_DIFFERENT', { messageId: id });
        throw error;
      }
    },
  };
}
