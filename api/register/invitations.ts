// Invitations: single-use tokens that let the address in the register create its account. Only the
// SHA-256 of a token is stored. A token is minted when its mail is about to be sent (the claim), so a
// failed send leaves the invitation pending without any usable token, and a retry mints a new one.
import crypto from 'node:crypto';
import type { ObjectId } from 'mongodb';
import type { AuditLog } from '../audit/audit-log';
import type { Mailer } from '../mail/mailer';
import { invitationMail } from './invitation-mail';
import type { RegisterKind } from './numbers';
import type { InvitationDocument, InvitationVoidReason, RegisterEntryDocument, RegisterRepository } from './repository';

/** 32 random bytes, base64url without padding: 256 bits, 43 characters. */
export const INVITATION_TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
/** Longer than the SMTP timeouts together: a live sender never loses its claim mid-send. */
export const MAIL_LEASE_MS = 5 * 60 * 1000;
export const DEFAULT_SWEEP_GRACE_DAYS = 30;

export interface UsableInvitation {
  invitationId: string;
  number: string;
  kind: RegisterKind;
  email: string;
}

export interface MailTally {
  sent: number;
  failed: number;
}

export type InvitationReason = 'new-entry' | 'email-changed' | 'reactivated' | 'missing' | 'reissued';

export interface AuditContext {
  actor: string | null;
  requestId?: string | null;
}

export interface InvitationDeps {
  repository: RegisterRepository;
  mailer: Pick<Mailer, 'send'>;
  audit: Pick<AuditLog, 'append'>;
  publicBaseUrl: URL;
  invitationTtlHours: number;
  now: () => Date;
  logger?: { warn(obj: object, msg: string): void } | undefined;
  mailConcurrency?: number | undefined;
}

export function newInvitationToken(): { token: string; tokenHash: string } {
  const token = crypto.randomBytes(INVITATION_TOKEN_BYTES).toString('base64url');
  return { token, tokenHash: hashInvitationToken(token) };
}

export function hashInvitationToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex SHA-256 digests. */
function sameHash(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === 32 && right.length === 32 && crypto.timingSafeEqual(left, right);
}

function usableView(invitation: InvitationDocument, entry: RegisterEntryDocument): UsableInvitation {
  return { invitationId: invitation._id.toHexString(), number: entry.number, kind: entry.kind, email: invitation.email };
}

/** The entry still stands behind the invitation: active, and still at the invited address. */
function entryBacks(entry: RegisterEntryDocument | null, invitation: InvitationDocument): entry is RegisterEntryDocument {
  return entry !== null && entry.status === 'active' && entry.email === invitation.email;
}

async function inPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}

export function createInvitations(deps: InvitationDeps) {
  const { repository, mailer, audit } = deps;
  const ttlMs = deps.invitationTtlHours * 60 * 60 * 1000;

  /** Creates a pending invitation for the entry's address; null when one already stands for it. */
  async function create(entry: Pick<RegisterEntryDocument, 'number' | 'kind' | 'email'>, reason: InvitationReason, now: Date, context: AuditContext) {
    const invitation = await repository.insertInvitation({
      number: entry.number,
      kind: entry.kind,
      email: entry.email,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttlMs),
    });
    if (invitation === null) return null;
    await audit.append({
      actor: context.actor,
      requestId: context.requestId ?? null,
      action: 'invitation.created',
      outcome: 'success',
      target: entry.number,
      details: { invitationId: invitation._id.toHexString(), kind: entry.kind, reason },
    });
    return invitation;
  }

  /**
   * Makes a standing invitation stop standing: an open one is voided (its link stops working), a used
   * one is superseded (so the number can be invited again). Returns whether one was voided.
   */
  async function retire(invitation: InvitationDocument, reason: InvitationVoidReason, now: Date, context: AuditContext): Promise<boolean> {
    if (invitation.usedAt === null && invitation.voidedAt === null && (await repository.voidInvitation(invitation._id, reason, now))) {
      await audit.append({
        actor: context.actor,
        requestId: context.requestId ?? null,
        action: 'invitation.voided',
        outcome: 'success',
        target: invitation.number,
        details: { invitationId: invitation._id.toHexString(), reason },
      });
      return true;
    }
    // Used (perhaps just now, by a registration racing this change): it stays used, but no longer stands.
    await repository.supersedeUsedInvitation(invitation._id, now);
    return false;
  }

  async function deliver(id: ObjectId, now: Date): Promise<'sent' | 'failed' | 'skipped'> {
    const { token, tokenHash } = newInvitationToken();
    const claimed = await repository.claimDelivery(id, {
      tokenHash,
      expiresAt: new Date(now.getTime() + ttlMs),
      leaseUntil: new Date(now.getTime() + MAIL_LEASE_MS),
      now,
    });
    if (claimed === null) return 'skipped';
    const entry = await repository.entryByNumber(claimed.number);
    if (!entryBacks(entry, claimed)) {
      // The register changed after this invitation was written (e.g. an import died halfway): never
      // mail an address the register no longer backs.
      await retire(claimed, 'entry-changed', now, { actor: null });
      return 'skipped';
    }
    try {
      await mailer.send(invitationMail({ to: claimed.email, name: entry.name, kind: entry.kind, number: entry.number, publicBaseUrl: deps.publicBaseUrl, token, expiresAt: claimed.expiresAt }));
    } catch {
      await repository.markDeliveryFailed(id, tokenHash, now);
      deps.logger?.warn({ invitationId: id.toHexString() }, 'invitation mail not sent; it stays pending and is retried');
      return 'failed';
    }
    await repository.markDelivered(id, tokenHash, now);
    return 'sent';
  }

  /** Sends every pending invitation nobody else is sending; failures stay pending for the next run. */
  async function resendPendingInvitations(options: { now?: Date } = {}): Promise<MailTally> {
    const now = options.now ?? deps.now();
    const tally: MailTally = { sent: 0, failed: 0 };
    const ids = await repository.deliverableInvitationIds(now);
    await inPool(ids, deps.mailConcurrency ?? 3, async (id) => {
      const result = await deliver(id, now);
      if (result !== 'skipped') tally[result] += 1;
    });
    return tally;
  }

  async function findUsableInvitation(options: { token: string; now?: Date }): Promise<UsableInvitation | null> {
    const now = options.now ?? deps.now();
    if (!TOKEN_SHAPE.test(options.token)) return null;
    const tokenHash = hashInvitationToken(options.token);
    const invitation = await repository.findUsable(tokenHash, now);
    if (invitation === null || !sameHash(invitation.tokenHash, tokenHash)) return null;
    const entry = await repository.entryByNumber(invitation.number);
    return entryBacks(entry, invitation) ? usableView(invitation, entry) : null;
  }

  /** Single use, also under concurrency: exactly one caller gets the invitation, the rest get null. */
  async function consumeInvitation(options: { token: string; accountId: string; now?: Date }): Promise<UsableInvitation | null> {
    const now = options.now ?? deps.now();
    // Checked first so a token whose entry no longer backs it is refused without being spent.
    if ((await findUsableInvitation({ token: options.token, now })) === null) return null;
    const tokenHash = hashInvitationToken(options.token);
    const invitation = await repository.consume(tokenHash, options.accountId, now);
    if (invitation === null || !sameHash(invitation.tokenHash, tokenHash)) return null;
    // The register may have changed between the check and the update; the entry decides.
    const entry = await repository.entryByNumber(invitation.number);
    return entryBacks(entry, invitation) ? usableView(invitation, entry) : null;
  }

  /**
   * A fresh invitation for an active entry (e.g. it expired, or password and recovery code are both
   * lost and the user must re-enrol): every standing invitation of the number stops working first.
   */
  async function reissueInvitation(options: { number: string; context: AuditContext; now?: Date }): Promise<{ invited: boolean; mail: 'sent' | 'failed' | 'skipped' }> {
    const now = options.now ?? deps.now();
    const entry = await repository.entryByNumber(options.number);
    if (entry === null || entry.status !== 'active') return { invited: false, mail: 'skipped' };
    for (const standing of await repository.liveInvitationsByNumbers([entry.number])) await retire(standing, 'reissued', now, options.context);
    const invitation = await create(entry, 'reissued', now, options.context);
    if (invitation === null) return { invited: false, mail: 'skipped' };
    return { invited: true, mail: await deliver(invitation._id, now) };
  }

  /**
   * Deletes unused invitations expired, and voided ones voided, more than `graceDays` ago (expiry is
   * already enforced by every query; this only tidies). An entry whose expired invitation is swept
   * gets a new one at the next import. Returns how many were deleted (fits the sweeper's task shape).
   */
  async function sweepExpiredInvitations(now: Date = deps.now(), options: { graceDays?: number } = {}): Promise<number> {
    const graceMs = (options.graceDays ?? DEFAULT_SWEEP_GRACE_DAYS) * 24 * 60 * 60 * 1000;
    return repository.deleteExpired(new Date(now.getTime() - graceMs));
  }

  return { create, retire, resendPendingInvitations, findUsableInvitation, consumeInvitation, reissueInvitation, sweepExpiredInvitations };
}

export type Invitations = ReturnType<typeof createInvitations>;
