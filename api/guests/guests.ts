// Recipients without an account: the sender's client stores a guest's access (verifier hash, wrapped
// key, public key, optional mobile number, expiry) on a message it is sending; after commit the guest
// is notified, presents the verifier (and an SMS code when gated) to get a short-lived download token,
// reads the ciphertext, and may reply into the thread. The server never holds what opens the message.
import crypto from 'node:crypto';
import { AppError } from '../../shared/errors';
import { assertKdfParams, type KdfCost } from '../../shared/crypto/kdf';
import type { GuestAccessUpload } from '../../shared/crypto/guest-access';
import { isCryptoError } from '../../shared/crypto/errors';
import type { AuditLog } from '../audit/audit-log';
import type { AccountsRepository } from '../accounts/repository';
import { equalHashes, sha256 } from '../accounts/verifier';
import type { Mailer } from '../mail/mailer';
import type { MessageDocument, MessagesRepository } from '../messages/repository';
import type { CreateMessageInput, GuestHooks, Messages } from '../messages/messages';
import type { RateLimiter } from '../rate-limit/limiter';
import { normalisePhoneNumber, phoneLast2 } from '../two-factor/phone';
import type { SmsGateway } from '../two-factor/sms-gateway';
import { smsCodeText } from '../two-factor/sms';
import { guestNotificationMail } from './mail-texts';
import type { GuestDocument, GuestsRepository } from './repository';

/** Wrong codes (in total) before that guest's access locks for good; the sender sends again. */
export const GUEST_MAX_FAILED_ATTEMPTS = 10;
export const GUEST_DEFAULT_DAYS = 28;
export const GUEST_MAX_DAYS = 90;
/** How long a download token lasts after a full open. */
export const GUEST_SESSION_MS = 30 * 60 * 1000;
export const GUEST_SMS_TTL_MS = 5 * 60 * 1000;
const SMS_DIGITS = 6;
const SMS_MAX_ATTEMPTS = 5;
const SMS_MIN_INTERVAL_MS = 30 * 1000;
const SMS_MAX_PER_HOUR = 5;
const HOUR_MS = 3600 * 1000;

export const guestActor = (guestId: string) => `guest:${guestId}`;

/** What the sender's client sealed (shared/crypto/guest-access.ts), plus the SMS gate and the expiry. */
export type GuestAccessInput = GuestAccessUpload & { mobile?: string; expiresInDays?: number };

export interface GuestsLogger {
  warn(obj: object, msg: string): void;
}

function smsCodeHash(salt: string, guestId: string, phone: string, code: string, pepper: Buffer): string {
  const hash = crypto.createHmac('sha256', pepper);
  for (const part of ['zegel-guest-sms:v1', salt, guestId, phone, code]) {
    const bytes = Buffer.from(part, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length).update(bytes);
  }
  return hash.digest('base64url');
}

export function createGuests(deps: {
  repository: GuestsRepository;
  messagesRepository: MessagesRepository;
  /** Late-bound: messages takes this feature's hooks, and guest replies go through messages. */
  messages: () => Messages;
  accounts: AccountsRepository;
  mailer: Mailer;
  sms: Pick<SmsGateway, 'send'>;
  limiter: RateLimiter;
  audit: AuditLog;
  publicBaseUrl: URL;
  /** The KDF floor stored parameters must meet (the guest's client checks its own floor again). */
  kdfMinimum: Readonly<KdfCost>;
  /** Turns stored SMS code hashes into HMACs. */
  pepper: Buffer;
  logger: GuestsLogger;
  now: () => Date;
}) {
  const { repository, audit, now } = deps;

  async function loadActive(guestId: string): Promise<{ guest: GuestDocument; message: MessageDocument }> {
    const guest = await repository.find(guestId);
    if (!guest || guest.status !== 'active') throw new AppError('NOT_FOUND');
    const message = await deps.messagesRepository.find(guest.messageId);
    // A recalled message is gone for its guests too.
    if (!message || message.status !== 'committed') throw new AppError('NOT_FOUND');
    return { guest, message };
  }

  function assertUsable(guest: GuestDocument, at: Date): void {
    if (guest.expiresAt && guest.expiresAt.getTime() <= at.getTime()) throw new AppError('GUEST_ACCESS_EXPIRED');
    if (guest.lockedAt) throw new AppError('GUEST_ACCESS_LOCKED');
  }

  /** The verifier gate: constant-time comparison of hashes; a wrong one counts towards the lock. */
  async function checkVerifier(guest: GuestDocument, verifier: string, input: { ip: string; requestId: string }): Promise<void> {
    const keys = [`guest-access:${guest._id}`, `guest-ip:${input.ip}`];
    await deps.limiter.assertAllowed(keys);
    if (equalHashes(sha256(verifier), guest.verifierHash)) {
      await deps.limiter.recordSuccess(keys);
      return;
    }
    await deps.limiter.recordFailure(keys);
    const after = await repository.recordFailure({ guestId: guest._id, at: now(), maxFailures: GUEST_MAX_FAILED_ATTEMPTS });
    await audit.append({ actor: guestActor(guest._id), action: 'guest.open', outcome: 'failure', target: guest.messageId, requestId: input.requestId, details: { failedAttempts: after?.failedAttempts ?? null, locked: after?.lockedAt != null } });
    if (!after || after.lockedAt) throw new AppError('GUEST_ACCESS_LOCKED');
    throw new AppError('GUEST_ACCESS_INVALID', { details: [{ path: 'body/verifier', problem: `${GUEST_MAX_FAILED_ATTEMPTS - after.failedAttempts} attempts left` }] });
  }

  /** Sends a new SMS code unless one was sent under 30 s ago; at most five an hour per guest. */
  async function sendSmsCode(guest: GuestDocument & { phone: string }, at: Date): Promise<Date> {
    const recent = guest.smsSentAt.filter((t) => at.getTime() - t.getTime() < HOUR_MS);
    const latest = recent.reduce((max, t) => Math.max(max, t.getTime()), 0);
    const wait = Math.max(latest + SMS_MIN_INTERVAL_MS - at.getTime(), recent.length >= SMS_MAX_PER_HOUR ? Math.min(...recent.map((t) => t.getTime())) + HOUR_MS - at.getTime() : 0);
    if (wait > 0) throw new AppError('RATE_LIMITED', { retryAfterSeconds: Math.ceil(wait / 1000) });
    const code = crypto.randomInt(0, 10 ** SMS_DIGITS).toString().padStart(SMS_DIGITS, '0');
    const salt = crypto.randomBytes(16).toString('base64url');
    const expiresAt = new Date(at.getTime() + GUEST_SMS_TTL_MS);
    // Counted before sending: a gateway that timed out may still deliver, and must not be hammered.
    await repository.putSmsCode({ guestId: guest._id, code: { salt, codeHash: smsCodeHash(salt, guest._id, guest.phone, code, deps.pepper), expiresAt, attempts: 0 }, at });
    await deps.sms.send({ to: guest.phone, text: smsCodeText(code) });
    return expiresAt;
  }

  async function checkSmsCode(guest: GuestDocument & { phone: string }, code: string): Promise<boolean> {
    const digits = code.replace(/[\s-]/g, '');
    if (!new RegExp(`^[0-9]{${SMS_DIGITS}}$`).test(digits)) return false;
    const reserved = await repository.reserveSmsAttempt({ guestId: guest._id, at: now(), maxAttempts: SMS_MAX_ATTEMPTS });
    if (!reserved?.sms) return false;
    if (!equalHashes(smsCodeHash(reserved.sms.salt, guest._id, guest.phone, digits, deps.pepper), reserved.sms.codeHash)) return false;
    return repository.consumeSmsCode({ guestId: guest._id, salt: reserved.sms.salt });
  }

  async function replyKeys(message: MessageDocument) {
    const ids = [...new Set([message.senderAccountId, message.principalAccountId])];
    const people = await deps.accounts.findByIds(ids);
    return ids.flatMap((id) => {
      const account = people.find((a) => a._id === id);
      return account?.keys ? [{ accountId: id, address: account.email, publicKey: account.keys.publicKey, fingerprint: account.keys.fingerprint }] : [];
    });
  }

  /** The guest's download token: 256 random bits, kept hashed, valid half an hour. */
  async function authorize(guestId: string, token: string | undefined): Promise<{ guest: GuestDocument; message: MessageDocument }> {
    const loaded = await loadActive(guestId);
    const at = now();
    assertUsable(loaded.guest, at);
    const presented = token ? sha256(token) : '';
    const valid = loaded.guest.sessions.some((s) => s.expiresAt.getTime() > at.getTime() && equalHashes(presented, s.tokenHash));
    if (!valid) throw new AppError('GUEST_ACCESS_INVALID');
    return loaded;
  }

  async function notify(guest: GuestDocument, message: MessageDocument): Promise<void> {
    if (!guest.expiresAt) return;
    const sender = await deps.accounts.findById(message.senderAccountId);
    await deps.mailer.send(
      guestNotificationMail({
        to: guest.address,
        senderEmail: sender?.email ?? 'Zegel',
        expiresAt: guest.expiresAt,
        link: `${deps.publicBaseUrl.origin}/app#guest=${guest._id}`,
        reference: guest._id.slice(0, 8),
        phoneLast2: guest.phone ? phoneLast2(guest.phone) : null,
      }),
    );
    await repository.markNotified(guest._id, now());
  }

  const hooks: GuestHooks = {
    async beforeCommit(message) {
      const stored = new Set((await repository.forMessage(message._id)).map((g) => g.address));
      const missing = message.recipients.filter((r) => r.kind === 'guest' && !stored.has(r.address));
      if (missing.length > 0) throw new AppError('UPLOAD_INCOMPLETE', { message: 'A guest recipient has no access code set yet.', details: missing.map((r) => ({ path: 'guests', problem: `${r.address} has no access stored` })) });
    },
    async afterCommit(message, requestId) {
      const active = await repository.activate({ messageId: message._id, at: message.committedAt ?? now() });
      for (const guest of active) {
        // A settle sweep after a commit that stopped half-way: whoever was told already is not told twice.
        if (guest.notifiedAt) continue;
        try {
          await notify(guest, message);
        } catch (error) {
          // The sweep retries; the message itself is committed and its receipt stands.
          deps.logger.warn({ requestId, messageId: message._id, code: error instanceof AppError ? error.code : 'INTERNAL' }, 'guest notification not sent');
        }
      }
    },
  };

  return {
    hooks,

    /** The sender stores access for the guest recipients of a message being uploaded (replacing earlier ones). */
    async register(input: { actorAccountId: string; messageId: string; guests: GuestAccessInput[]; requestId: string }) {
      const message = await deps.messagesRepository.find(input.messageId);
      if (!message || message.senderAccountId !== input.actorAccountId) throw new AppError('NOT_FOUND');
      if (message.status !== 'uploading') throw new AppError('CONFLICT', { message: 'Guests can only be added before the message is committed.' });
      const guestAddresses = new Set(message.recipients.filter((r) => r.kind === 'guest').map((r) => r.address));
      const at = now();
      const docs: GuestDocument[] = [];
      for (const [i, g] of input.guests.entries()) {
        const address = g.address.trim().toLowerCase();
        const where = (field: string) => `body/guests/${i}/${field}`;
        if (!guestAddresses.has(address)) throw new AppError('VALIDATION_FAILED', { details: [{ path: where('address'), problem: 'is not a guest recipient of this message' }] });
        try {
          assertKdfParams(g.kdfParams, deps.kdfMinimum);
        } catch (error) {
          if (!isCryptoError(error)) throw error;
          throw new AppError('VALIDATION_FAILED', { details: [{ path: where('kdfParams'), problem: error.code === 'KDF_PARAMS_TOO_WEAK' ? 'below the minimum cost' : 'malformed' }] });
        }
        let phone: string | null = null;
        if (g.mobile !== undefined) {
          const normalised = normalisePhoneNumber(g.mobile);
          if (!normalised.ok) throw new AppError('PHONE_INVALID', { details: [{ path: where('mobile'), problem: normalised.problem }] });
          phone = normalised.e164;
        }
        docs.push({
          _id: g.guestId,
          messageId: message._id,
          senderAccountId: message.senderAccountId,
          principalAccountId: message.principalAccountId,
          address,
          status: 'pending',
          createdAt: at,
          expiresInDays: Math.min(g.expiresInDays ?? GUEST_DEFAULT_DAYS, GUEST_MAX_DAYS),
          expiresAt: null,
          verifierHash: sha256(g.verifier),
          kdfParams: { algorithm: 'argon2id', memoryKiB: g.kdfParams.memoryKiB, iterations: g.kdfParams.iterations, parallelism: g.kdfParams.parallelism, salt: g.kdfParams.salt },
          wrappedKey: g.wrappedKey,
          publicKey: g.publicKey,
          fingerprint: g.fingerprint,
          keyCertificate: g.keyCertificate,
          phone,
          failedAttempts: 0,
          lockedAt: null,
          openedAt: null,
          notifiedAt: null,
          sms: null,
          smsSentAt: [],
          sessions: [],
        });
      }
      for (const doc of docs) {
        const existing = await repository.find(doc._id);
        if (existing && (existing.messageId !== doc.messageId || existing.address !== doc.address)) throw new AppError('CONFLICT', { message: 'This guest id is taken: make a new one.' });
        await repository.replace(doc);
      }
      await audit.append({ actor: input.actorAccountId, action: 'guest.add', outcome: 'success', target: message._id, requestId: input.requestId, details: { guests: docs.length, smsGated: docs.filter((d) => d.phone).length } });
      return { guests: docs.map((d) => ({ guestId: d._id, address: d.address, expiresInDays: d.expiresInDays, smsGate: d.phone !== null })) };
    },

    /** For the sender (or principal): each guest's state. `openedAt` also shows on the message's recipients. */
    async listForSender(input: { accountId: string; messageId: string }) {
      const message = await deps.messagesRepository.find(input.messageId);
      if (!message || (message.senderAccountId !== input.accountId && message.principalAccountId !== input.accountId)) throw new AppError('NOT_FOUND');
      const guests = await repository.forMessage(message._id);
      return {
        guests: guests.map((g) => ({
          guestId: g._id,
          address: g.address,
          status: g.status,
          expiresAt: g.expiresAt?.toISOString() ?? null,
          openedAt: g.openedAt?.toISOString() ?? null,
          lockedAt: g.lockedAt?.toISOString() ?? null,
          failedAttempts: g.failedAttempts,
          notifiedAt: g.notifiedAt?.toISOString() ?? null,
          smsGate: g.phone !== null,
          fingerprint: g.fingerprint,
          keyCertificate: g.keyCertificate,
        })),
      };
    },

    /** What a guest's client needs before deriving: the KDF parameters and whether an SMS follows. */
    async meta(guestId: string) {
      const { guest } = await loadActive(guestId);
      const at = now();
      const state = guest.expiresAt && guest.expiresAt.getTime() <= at.getTime() ? 'expired' : guest.lockedAt ? 'locked' : 'open';
      return { guestId: guest._id, state, kdfParams: guest.kdfParams, smsGate: guest.phone !== null, expiresAt: guest.expiresAt?.toISOString() ?? null };
    },

    /**
     * The guest presents the verifier (and, when gated, the SMS code). With a gate and no code yet, an
     * SMS goes out and the answer says so; otherwise a download token and the envelope come back, and
     * the first such open is recorded for the sender.
     */
    async open(input: { guestId: string; verifier: string; smsCode?: string; ip: string; requestId: string }) {
      const { guest, message } = await loadActive(input.guestId);
      const at = now();
      assertUsable(guest, at);
      await checkVerifier(guest, input.verifier, input);
      if (guest.phone !== null) {
        const gated = { ...guest, phone: guest.phone };
        if (input.smsCode === undefined) {
          const live = guest.sms && guest.sms.expiresAt.getTime() > at.getTime() && guest.sms.attempts < SMS_MAX_ATTEMPTS ? guest.sms.expiresAt : null;
          const expiresAt = live ?? (await sendSmsCode(gated, at));
          return { next: 'sms' as const, phoneLast2: phoneLast2(guest.phone), smsExpiresAt: expiresAt.toISOString() };
        }
        if (!(await checkSmsCode(gated, input.smsCode))) {
          await audit.append({ actor: guestActor(guest._id), action: 'guest.sms', outcome: 'failure', target: message._id, requestId: input.requestId });
          throw new AppError('SMS_CODE_INVALID');
        }
      }
      const token = crypto.randomBytes(32).toString('base64url');
      const tokenExpiresAt = new Date(at.getTime() + GUEST_SESSION_MS);
      await repository.addSession({ guestId: guest._id, tokenHash: sha256(token), expiresAt: tokenExpiresAt, at });
      if (await repository.markOpened(guest._id, at)) {
        await deps.messagesRepository.markGuestOpened({ messageId: message._id, address: guest.address, at });
        await audit.append({ actor: guestActor(guest._id), action: 'message.open', outcome: 'success', target: message._id, requestId: input.requestId });
      }
      const sender = (await deps.accounts.findById(message.senderAccountId)) ?? null;
      return {
        next: 'read' as const,
        token,
        tokenExpiresAt: tokenExpiresAt.toISOString(),
        messageId: message._id,
        committedAt: message.committedAt?.toISOString() ?? null,
        expiresAt: guest.expiresAt?.toISOString() ?? null,
        wrappedKey: guest.wrappedKey,
        parts: message.parts,
        receipt: message.receipt?.jws ?? null,
        sender: { address: sender?.email ?? null, publicKey: sender?.keys?.publicKey ?? null, fingerprint: sender?.keys?.fingerprint ?? null },
        replyTo: await replyKeys(message),
      };
    },

    /** "Send the SMS again", after the verifier: the same send limits apply. */
    async resendSms(input: { guestId: string; verifier: string; ip: string; requestId: string }) {
      const { guest } = await loadActive(input.guestId);
      const at = now();
      assertUsable(guest, at);
      await checkVerifier(guest, input.verifier, input);
      if (guest.phone === null) throw new AppError('SECOND_FACTOR_METHOD_UNAVAILABLE');
      const expiresAt = await sendSmsCode({ ...guest, phone: guest.phone }, at);
      return { next: 'sms' as const, phoneLast2: phoneLast2(guest.phone), smsExpiresAt: expiresAt.toISOString() };
    },

    async openChunk(input: { guestId: string; token: string | undefined; partId: string; index: number }) {
      const { message } = await authorize(input.guestId, input.token);
      const chunk = message.chunks.find((c) => c.partId === input.partId && c.index === input.index);
      if (!chunk) throw new AppError('NOT_FOUND');
      return { size: chunk.size, sha256: chunk.sha256, stream: deps.messagesRepository.readChunk(message._id, chunk.partId, chunk.index) };
    },

    /** A secure reply in the thread, to the sender (and the principal), sent as the guest. */
    async createReply(input: { guestId: string; token: string | undefined; body: Pick<CreateMessageInput, 'idempotencyKey' | 'parts'>; requestId: string }) {
      const { guest, message } = await authorize(input.guestId, input.token);
      const to = await replyKeys(message);
      if (to.length === 0) throw new AppError('NOT_FOUND');
      return deps.messages().create({
        actorAccountId: guestActor(guest._id),
        body: { idempotencyKey: input.body.idempotencyKey, inReplyTo: message._id, recipients: to.map((p) => ({ address: p.address })), parts: input.body.parts },
        requestId: input.requestId,
        guestReply: { guestId: guest._id, address: guest.address, fingerprint: guest.fingerprint, publicKey: guest.publicKey, keyCertificate: guest.keyCertificate, originalMessageId: message._id },
      });
    },

    async putReplyChunk(input: { guestId: string; token: string | undefined; replyId: string; partId: string; index: number; data: Uint8Array }) {
      const { guest } = await authorize(input.guestId, input.token);
      return deps.messages().putChunk({ actorAccountId: guestActor(guest._id), messageId: input.replyId, partId: input.partId, index: input.index, data: input.data });
    },

    async commitReply(input: { guestId: string; token: string | undefined; replyId: string; requestId: string }) {
      const { guest } = await authorize(input.guestId, input.token);
      return deps.messages().commit({ actorAccountId: guestActor(guest._id), messageId: input.replyId, requestId: input.requestId });
    },

    /** Retries notifications that failed at commit time. */
    async sweepNotifications(at: Date): Promise<number> {
      let sent = 0;
      for (const guest of await repository.unnotified(at)) {
        const message = await deps.messagesRepository.find(guest.messageId);
        if (!message || message.status !== 'committed') continue;
        try {
          await notify(guest, message);
          sent += 1;
        } catch {
          // tried again on the next sweep
        }
      }
      return sent;
    },

    /**
     * Expired access goes, wrapped key and all, a week after its end (expiry itself is enforced in every
     * query); access for a message never committed goes a week after it was stored.
     */
    sweepExpired: (at: Date) => repository.deleteExpired(new Date(at.getTime() - 7 * 86_400_000)),
  };
}

export type Guests = ReturnType<typeof createGuests>;
