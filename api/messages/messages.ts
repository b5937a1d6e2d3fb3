// Secure messages on the server side: it resolves recipients, takes only OpenPGP ciphertext chunks,
// makes a message visible on one atomic commit, signs a receipt, and serves chunks to those allowed
// to read them. It never sees plaintext, subjects or file names.
import crypto from 'node:crypto';
import { AppError } from '../../shared/errors';
import { isCourtAddress } from '../../shared/court/recipients';
import { checkCiphertextChunk } from '../../shared/crypto/ciphertext-check';
import type { AuditLog } from '../audit/audit-log';
import { canonicalJson } from '../audit/audit-log';
import type { AccountsRepository } from '../accounts/repository';
import type { Organisations } from '../organisations/organisations';
import type { OrganisationsRepository } from '../organisations/repository';
import { signReceipt, type ReceiptKeys } from '../sessions/tokens';
import type { MessageNotices } from './notices';
import type { MessageDocument, MessagesRepository, PartRecord, RecipientRecord } from './repository';

export interface CourtConnectionCheck {
  /** The principal's professional link and whether the Rechtspraak connection is active. */
  check(accountId: string): Promise<{ active: boolean; number: string | null; kind: 'lawyer' | 'bailiff' | null }>;
}

export interface DelegationCheck {
  /** Whether `actor` may send on behalf of `principal` right now (checked on every request). */
  maySendOnBehalf(input: { actorAccountId: string; principalAccountId: string }): Promise<boolean>;
  /** Whether `actor` may read what is addressed to `principal` right now (the read scope; checked on every request). */
  mayRead(input: { actorAccountId: string; principalAccountId: string }): Promise<boolean>;
  /** Which of these recipient accounts `actor` holds the read scope of right now, or null (one lookup, no audit per miss). */
  readsFor(input: { actorAccountId: string; principalAccountIds: string[] }): Promise<string | null>;
  /** Told once a message sent on behalf is committed, so the principal hears of it. Never throws. */
  sentOnBehalf?(input: { actorAccountId: string; principalAccountId: string; messageId: string; toCourt: boolean; recipients: number; requestId: string }): Promise<void>;
}

export interface MessageLimits {
  maxChunkBytes: number;
  maxMessageBytes: number;
  maxParts: number;
  maxRecipients: number;
}

/** What api/guests adds to sending: guest recipients need their access stored before commit, and hear of it after. */
export interface GuestHooks {
  /** Throws (UPLOAD_INCOMPLETE) while a guest recipient has no access stored. */
  beforeCommit(message: MessageDocument): Promise<void>;
  /** Starts the guests' access and notifies them. Never throws: the message is committed already. */
  afterCommit(message: MessageDocument, requestId: string): Promise<void>;
}

/** A guest's reply, vouched for by api/guests (the guest proved access to `originalMessageId`). */
export type GuestReply = NonNullable<MessageDocument['guestSender']>;

export const DEFAULT_MESSAGE_LIMITS: MessageLimits = { maxChunkBytes: 8 * 1024 * 1024 + 64 * 1024, maxMessageBytes: 2 * 1024 * 1024 * 1024, maxParts: 52, maxRecipients: 50 };
export const ABANDONED_UPLOAD_MS = 24 * 3600 * 1000;
/** A commit's own request has this long for its post-commit work before the settle sweep may take it over. */
export const SETTLE_AFTER_MS = 2 * 60 * 1000;

export interface CreateMessageInput {
  idempotencyKey: string;
  principalAccountId?: string;
  inReplyTo?: string;
  /** `guest: true`: the address has no account; api/guests gives it access with a code (never a court address). */
  recipients: { address: string; guest?: boolean }[];
  parts: PartRecord[];
}

const sha256Hex = (data: Uint8Array | string) => crypto.createHash('sha256').update(data).digest('hex');

type AccountView = { email: string; keys: { fingerprint: string } | null } | null;

/** What a reader sees of a message: ids, people, times, states; never content. */
function describeWith(message: MessageDocument, sender: AccountView, principal: AccountView) {
  return {
    messageId: message._id,
    status: message.status,
    threadId: message.threadId,
    inReplyTo: message.inReplyTo,
    committedAt: message.committedAt?.toISOString() ?? null,
    recalledAt: message.recalledAt?.toISOString() ?? null,
    sender: message.guestSender
      ? { accountId: message.senderAccountId, email: message.guestSender.address, fingerprint: message.guestSender.fingerprint, guest: { publicKey: message.guestSender.publicKey, keyCertificate: message.guestSender.keyCertificate, guestId: message.guestSender.guestId, originalMessageId: message.guestSender.originalMessageId } }
      : { accountId: message.senderAccountId, email: sender?.email ?? null, fingerprint: sender?.keys?.fingerprint ?? null },
    principal: { accountId: message.principalAccountId, email: principal?.email ?? null, professionalNumber: message.principalNumber?.number ?? null, kind: message.principalNumber?.kind ?? null },
    toCourt: message.toCourt,
    recipients: message.recipients.map((r) => ({ address: r.address, kind: r.kind, deliveredAt: r.deliveredAt?.toISOString() ?? null, openedAt: r.openedAt?.toISOString() ?? null })),
    parts: message.status === 'recalled' ? [] : message.parts,
    receipt: message.receipt?.jws ?? null,
  };
}

export function createMessages(deps: {
  repository: MessagesRepository;
  organisations: Organisations;
  organisationsRepository: OrganisationsRepository;
  accounts: AccountsRepository;
  court: CourtConnectionCheck;
  delegations: DelegationCheck;
  receiptKeys: ReceiptKeys;
  issuer: string;
  audit: AuditLog;
  limits: MessageLimits;
  guests?: GuestHooks;
  /** E-mail to recipients with an account once a message is committed; none without it. */
  notices?: Pick<MessageNotices, 'accountsToNotify' | 'afterCommit'>;
  now: () => Date;
}) {
  const { repository, audit, now, limits } = deps;

  async function resolveRecipients(addresses: { address: string; guest?: boolean }[]): Promise<RecipientRecord[]> {
    const out: RecipientRecord[] = [];
    const seen = new Set<string>();
    for (const { address, guest } of addresses) {
      const lower = address.trim().toLowerCase();
      if (seen.has(lower)) continue;
      seen.add(lower);
      const unit = await deps.organisations.unitForAddress(lower);
      if (guest === true) {
        // The court and organisation units read with their own keys, never through an access code.
        if (unit || isCourtAddress(lower)) throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/recipients', problem: `${lower} cannot be a guest` }] });
        out.push({ address: lower, kind: 'guest', unitId: null, accountId: null, deliveredAt: null, openedAt: null });
        continue;
      }
      if (unit?.key) {
        out.push({ address: lower, kind: 'unit', unitId: unit._id, accountId: null, deliveredAt: null, openedAt: null });
        continue;
      }
      const account = unit ? null : await deps.accounts.findByEmail(lower);
      if (account?.status === 'active' && account.keys) {
        out.push({ address: lower, kind: 'account', unitId: null, accountId: account._id, deliveredAt: null, openedAt: null });
        continue;
      }
      throw new AppError('RECIPIENT_WITHOUT_KEY', { details: [{ path: 'body/recipients', problem: `${lower} has no key` }] });
    }
    return out;
  }

  /** Who may read a message: sender, principal, recipient accounts and members of recipient units. */
  async function readerRole(message: MessageDocument, accountId: string): Promise<{ allowed: boolean; asRecipient: { accountIds: string[]; unitIds: string[] }; actingFor: string | null }> {
    const accountIds = message.recipients.filter((r) => r.accountId === accountId).map(() => accountId);
    const memberships = await deps.organisationsRepository.membershipsOf(accountId);
    const myUnits = new Set(memberships.map((m) => m.unitId));
    const unitIds = message.recipients.filter((r) => r.unitId !== null && myUnits.has(r.unitId)).map((r) => r.unitId ?? '');
    const own = message.senderAccountId === accountId || message.principalAccountId === accountId;
    if (own || accountIds.length > 0 || unitIds.length > 0) return { allowed: true, asRecipient: { accountIds, unitIds }, actingFor: null };
    // A read-scope delegate reads what is addressed to her principal, checked against the live grant.
    const recipientAccounts = message.recipients.flatMap((r) => (r.accountId ? [r.accountId] : []));
    const principal = recipientAccounts.length > 0 ? await deps.delegations.readsFor({ actorAccountId: accountId, principalAccountIds: recipientAccounts }) : null;
    if (principal) return { allowed: true, asRecipient: { accountIds: [principal], unitIds: [] }, actingFor: principal };
    return { allowed: false, asRecipient: { accountIds, unitIds }, actingFor: null };
  }

  async function courtPrincipal(principalAccountId: string): Promise<{ number: string; kind: 'lawyer' | 'bailiff' }> {
    const connection = await deps.court.check(principalAccountId);
    if (!connection.active || !connection.number || !connection.kind) throw new AppError('COURT_CONNECTION_REQUIRED');
    return { number: connection.number, kind: connection.kind };
  }

  /**
   * What follows a commit: the audit record once, guest access and notices (each idempotent: guests
   * already told are not told again, notices go by their own pending marks), the principal's on-behalf
   * notice (recorded once per message). A recalled message gets its record and nothing more.
   * `requestId` is null when the settle sweep does it.
   */
  async function settle(message: MessageDocument, requestId: string | null): Promise<void> {
    // The sweep first looks for the record: a write reported as failed (a connection lost mid-write)
    // may have been stored, and `audited` is set only after it.
    const recorded = !!message.settle?.audited || (requestId === null && (await audit.exists({ actor: message.senderAccountId, action: 'message.send', target: message._id, since: message.committedAt ?? message.createdAt })));
    if (!recorded) {
      await audit.append({
        actor: message.senderAccountId,
        actingFor: message.principalAccountId === message.senderAccountId ? null : message.principalAccountId,
        action: 'message.send',
        outcome: 'success',
        target: message._id,
        requestId,
        details: { recipients: message.recipients.length, toCourt: message.toCourt, chunks: message.chunks.length, ...(requestId === null ? { settledBySweep: true } : {}) },
      });
    }
    if (!message.settle?.audited) await repository.markAudited(message._id);
    if (message.status === 'committed') {
      const logId = requestId ?? `settle:${message._id}`;
      if (message.recipients.some((r) => r.kind === 'guest')) await deps.guests?.afterCommit(message, logId);
      await deps.notices?.afterCommit(message, logId);
      if (message.principalAccountId !== message.senderAccountId) {
        await deps.delegations.sentOnBehalf?.({ actorAccountId: message.senderAccountId, principalAccountId: message.principalAccountId, messageId: message._id, toCourt: message.toCourt, recipients: message.recipients.length, requestId: logId });
      }
    }
    await repository.markSettled(message._id);
  }

  return {
    async create(input: { actorAccountId: string; body: CreateMessageInput; requestId: string; guestReply?: GuestReply }) {
      const { body, actorAccountId } = input;
      const principalAccountId = body.principalAccountId ?? actorAccountId;
      if (principalAccountId !== actorAccountId && !(await deps.delegations.maySendOnBehalf({ actorAccountId, principalAccountId }))) {
        await audit.append({ actor: actorAccountId, actingFor: principalAccountId, action: 'message.create', outcome: 'denied', requestId: input.requestId });
        throw new AppError('FORBIDDEN');
      }
      if (body.parts.length > limits.maxParts || body.recipients.length > limits.maxRecipients) throw new AppError('PAYLOAD_TOO_LARGE');
      const ids = new Set(body.parts.map((p) => p.partId));
      const manifests = body.parts.filter((p) => p.role === 'manifest');
      if (ids.size !== body.parts.length || manifests.length !== 1 || manifests[0]?.chunkCount !== 1 || !body.parts.some((p) => p.role === 'subject')) {
        throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/parts', problem: 'needs unique part ids, one subject and exactly one single-chunk manifest' }] });
      }
      const { idempotencyKey, ...rest } = body;
      const requestHash = sha256Hex(canonicalJson({ ...rest, principalAccountId }));
      const recipients = await resolveRecipients(body.recipients);
      const toCourt = recipients.some((r) => r.kind === 'unit' && isCourtAddress(r.address));
      const principalNumber = toCourt ? await courtPrincipal(principalAccountId) : null;
      let threadId = crypto.randomBytes(12).toString('base64url');
      if (body.inReplyTo) {
        const original = await repository.find(body.inReplyTo);
        const mayReply = input.guestReply ? input.guestReply.originalMessageId === original?._id : original !== null && (await readerRole(original, actorAccountId)).allowed;
        if (!original || original.status === 'uploading' || !mayReply) throw new AppError('NOT_FOUND');
        threadId = original.threadId;
      }
      const at = now();
      const { message, created } = await repository.insertOrFind({
        _id: crypto.randomBytes(16).toString('base64url'),
        senderAccountId: actorAccountId,
        principalAccountId,
        idempotencyKey,
        requestHash,
        status: 'uploading',
        createdAt: at,
        committedAt: null,
        recalledAt: null,
        threadId,
        inReplyTo: body.inReplyTo ?? null,
        toCourt,
        principalNumber,
        recipients,
        parts: body.parts.map((p) => ({ partId: p.partId, role: p.role, chunkCount: p.chunkCount })),
        chunks: [],
        receipt: null,
        ...(input.guestReply ? { guestSender: input.guestReply } : {}),
      });
      if (!created && message.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
      return { messageId: message._id, status: message.status, uploaded: message.chunks.map((c) => ({ partId: c.partId, index: c.index })), receipt: message.receipt?.jws ?? null };
    },

    /** One chunk: must be OpenPGP ciphertext; a retried chunk with the same bytes is accepted once. */
    async putChunk(input: { actorAccountId: string; messageId: string; partId: string; index: number; data: Uint8Array }) {
      const message = await repository.find(input.messageId);
      if (!message || message.senderAccountId !== input.actorAccountId) throw new AppError('NOT_FOUND');
      const part = message.parts.find((p) => p.partId === input.partId);
      if (!part || input.index >= part.chunkCount) throw new AppError('NOT_FOUND');
      const sha256 = sha256Hex(input.data);
      const existing = message.chunks.find((c) => c.partId === input.partId && c.index === input.index);
      if (existing) {
        if (existing.sha256 !== sha256) throw new AppError('CONFLICT', { message: 'This chunk was already uploaded with other contents.' });
        return { sha256, stored: false };
      }
      if (message.status !== 'uploading') throw new AppError('CONFLICT');
      const check = checkCiphertextChunk(input.data);
      if (!check.ok) throw new AppError('NOT_OPENPGP_CIPHERTEXT');
      const total = message.chunks.reduce((sum, c) => sum + c.size, 0) + input.data.byteLength;
      if (total > limits.maxMessageBytes) throw new AppError('PAYLOAD_TOO_LARGE');
      const chunk = { partId: input.partId, index: input.index, sha256, size: input.data.byteLength };
      await repository.writeChunkFile(message._id, chunk, input.data);
      await repository.recordChunk(message._id, chunk);
      return { sha256, stored: true };
    },

    /** The atomic commit: every chunk present, then visible, with a signed receipt. */
    async commit(input: { actorAccountId: string; messageId: string; requestId: string }) {
      const message = await repository.find(input.messageId);
      if (!message || message.senderAccountId !== input.actorAccountId) throw new AppError('NOT_FOUND');
      if (message.status !== 'uploading') {
        if (message.receipt) return { messageId: message._id, receipt: message.receipt.jws };
        throw new AppError('CONFLICT');
      }
      for (const part of message.parts) {
        const have = message.chunks.filter((c) => c.partId === part.partId).length;
        if (have !== part.chunkCount) throw new AppError('UPLOAD_INCOMPLETE');
      }
      // The delegation and the court connection are checked again: either may have changed since create.
      if (message.principalAccountId !== message.senderAccountId && !(await deps.delegations.maySendOnBehalf({ actorAccountId: message.senderAccountId, principalAccountId: message.principalAccountId }))) {
        throw new AppError('FORBIDDEN');
      }
      if (message.toCourt) await courtPrincipal(message.principalAccountId);
      if (message.recipients.some((r) => r.kind === 'guest')) {
        if (!deps.guests) throw new AppError('UPLOAD_INCOMPLETE');
        await deps.guests.beforeCommit(message);
      }
      const at = now();
      const manifestPart = message.parts.find((p) => p.role === 'manifest');
      const manifestChunk = message.chunks.find((c) => c.partId === manifestPart?.partId);
      const chunks = [...message.chunks].sort((a, b) => (a.partId === b.partId ? a.index - b.index : a.partId < b.partId ? -1 : 1));
      const payload = {
        messageId: message._id,
        jti: message._id,
        serverTime: at.toISOString(),
        principal: { accountId: message.principalAccountId, professionalNumber: message.principalNumber?.number ?? null, kind: message.principalNumber?.kind ?? null },
        actor: { accountId: message.senderAccountId },
        recipients: message.recipients.map((r) => r.address),
        chunks: chunks.map((c) => ({ partId: c.partId, index: c.index, sha256: c.sha256, size: c.size })),
        manifestHash: manifestChunk?.sha256 ?? '',
      };
      const jws = await signReceipt({ keys: deps.receiptKeys, issuer: deps.issuer, issuedAt: at, payload });
      const notify = deps.notices ? await deps.notices.accountsToNotify(message) : [];
      const committed = await repository.commit({ messageId: message._id, at, receipt: { jws, kid: deps.receiptKeys.kid }, notify, settleBy: new Date(at.getTime() + SETTLE_AFTER_MS) });
      if (!committed) {
        const again = await repository.find(message._id);
        if (again?.receipt) return { messageId: again._id, receipt: again.receipt.jws };
        throw new AppError('CONFLICT');
      }
      await settle(committed, input.requestId);
      return { messageId: message._id, receipt: jws };
    },

    /**
     * Post-commit work its own request did not finish (it failed or the process died after the commit);
     * returns how many messages were settled. A retried commit only returns the receipt: this does the rest.
     */
    async sweepUnsettled(at: Date): Promise<number> {
      let settled = 0;
      for (let i = 0; i < 100; i++) {
        const message = await repository.claimUnsettled({ at, leaseUntil: new Date(at.getTime() + SETTLE_AFTER_MS) });
        if (!message) break;
        await settle(message, null);
        settled += 1;
      }
      return settled;
    },

    async uploadStatus(input: { actorAccountId: string; messageId: string }) {
      const message = await repository.find(input.messageId);
      if (!message || message.senderAccountId !== input.actorAccountId) throw new AppError('NOT_FOUND');
      return { messageId: message._id, status: message.status, parts: message.parts, uploaded: message.chunks.map((c) => ({ partId: c.partId, index: c.index, sha256: c.sha256 })) };
    },

    async list(input: { accountId: string; box: 'inbox' | 'sent' | 'unit'; unitId?: string; principalAccountId?: string; limit: number; requestId?: string }) {
      let docs: MessageDocument[];
      if (input.principalAccountId !== undefined && input.principalAccountId !== input.accountId) {
        if (input.box !== 'inbox' || !(await deps.delegations.mayRead({ actorAccountId: input.accountId, principalAccountId: input.principalAccountId }))) {
          await audit.append({ actor: input.accountId, actingFor: input.principalAccountId, action: 'message.list', outcome: 'denied', requestId: input.requestId ?? null });
          throw new AppError('FORBIDDEN');
        }
        docs = (await repository.list({ accountId: input.principalAccountId, limit: input.limit }));
      } else if (input.box === 'unit') {
        const member = input.unitId ? await deps.organisationsRepository.findMember(input.unitId, input.accountId) : null;
        if (!member || member.status !== 'active' || !input.unitId) throw new AppError('NOT_FOUND');
        docs = (await repository.list({ unitIds: [input.unitId], limit: input.limit }));
      } else if (input.box === 'inbox') {
        docs = (await repository.list({ accountId: input.accountId, limit: input.limit }));
      } else {
        docs = (await repository.list({ sentBy: input.accountId, limit: input.limit }));
      }
      // One lookup for every sender and principal; lists leave the receipt out (it is on the message itself).
      const people = new Map((await deps.accounts.findByIds(docs.flatMap((m) => [m.senderAccountId, m.principalAccountId]))).map((a) => [a._id, a] as const));
      return docs.map((m) => {
        const { receipt: _receipt, ...summary } = describeWith(m, people.get(m.senderAccountId) ?? null, people.get(m.principalAccountId) ?? null);
        return summary;
      });
    },

    /** What a reader sees of a message: ids, people, times, states; never content. */
    async describe(message: MessageDocument) {
      const sender = await deps.accounts.findById(message.senderAccountId);
      const principal = message.principalAccountId === message.senderAccountId ? sender : await deps.accounts.findById(message.principalAccountId);
      return describeWith(message, sender, principal);
    },

    async get(input: { accountId: string; messageId: string }) {
      const message = await repository.find(input.messageId);
      if (!message || message.status === 'uploading' || !(await readerRole(message, input.accountId)).allowed) throw new AppError('NOT_FOUND');
      return this.describe(message);
    },

    /**
     * Streams one chunk to a reader. The first fetch of the body or an attachment by a recipient marks
     * the message opened for them: the manifest and the subject are what a list shows (the court desk
     * decrypts subjects to search them), so fetching only those is not opening the message.
     */
    async openChunk(input: { accountId: string; messageId: string; partId: string; index: number; requestId: string }) {
      const message = await repository.find(input.messageId);
      if (!message || message.status !== 'committed') throw new AppError('NOT_FOUND');
      const role = await readerRole(message, input.accountId);
      if (!role.allowed) {
        await audit.append({ actor: input.accountId, action: 'message.open', outcome: 'denied', target: message._id, requestId: input.requestId });
        throw new AppError('NOT_FOUND');
      }
      const chunk = message.chunks.find((c) => c.partId === input.partId && c.index === input.index);
      if (!chunk) throw new AppError('NOT_FOUND');
      const partRole = message.parts.find((p) => p.partId === input.partId)?.role;
      const opens = partRole === 'body' || partRole === 'attachment';
      const firstOpen = opens && message.recipients.some((r) => r.openedAt === null && ((r.accountId && role.asRecipient.accountIds.includes(r.accountId)) || (r.unitId && role.asRecipient.unitIds.includes(r.unitId))));
      return {
        size: chunk.size,
        sha256: chunk.sha256,
        stream: repository.readChunk(message._id, input.partId, input.index),
        markOpened: async () => {
          if (!firstOpen) return;
          await repository.markOpened({ messageId: message._id, ...role.asRecipient, at: now() });
          await audit.append({ actor: input.accountId, actingFor: role.actingFor, action: 'message.open', outcome: 'success', target: message._id, requestId: input.requestId });
        },
      };
    },

    async recall(input: { accountId: string; messageId: string; requestId: string }) {
      const message = await repository.find(input.messageId);
      if (!message || message.status === 'uploading' || (message.senderAccountId !== input.accountId && message.principalAccountId !== input.accountId)) throw new AppError('NOT_FOUND');
      if (message.toCourt || message.status !== 'committed') throw new AppError('RECALL_NOT_ALLOWED');
      const recalled = await repository.recall({ messageId: message._id, at: now() });
      if (!recalled) throw new AppError('RECALL_NOT_ALLOWED', { message: 'This message was already opened and can no longer be recalled.' });
      await audit.append({ actor: input.accountId, action: 'message.recall', outcome: 'success', target: message._id, requestId: input.requestId });
      return this.describe(recalled);
    },

    sweepAbandonedUploads(at: Date) {
      return repository.sweepAbandonedUploads(new Date(at.getTime() - ABANDONED_UPLOAD_MS));
    },
  };
}

export type Messages = ReturnType<typeof createMessages>;
