// Firms (law offices) and their shared mailboxes. A firm is a tenant: everything here is fetched with
// the caller's membership of that firm, and nothing crosses firms. The firm administrator registers a
// functional mailbox (secretariaat@kantoor.nl) only with the code sent to that mailbox; lawyers add
// themselves to the mailboxes they use. Which lawyers a secretary may act for from a shared mailbox is
// decided by api/delegations from this list AND the lawyers' own grants. See README.md.
import crypto from 'node:crypto';
import { AppError } from '../../shared/errors';
import { isCourtAddress } from '../../shared/court/recipients';
import { normaliseAddress } from '../../shared/delegations/principals';
import { MAILBOX_TEXTS } from '../../shared/delegations/texts';
import type { Texts } from '../../shared/professional/messages';
import type { AuditLog } from '../audit/audit-log';
import type { AccountDocument, AccountsRepository } from '../accounts/repository';
import { newTypeableToken, normaliseTypedToken } from '../accounts/codes';
import type { Mailer, MailMessage } from '../mail/mailer';
import { ExplainedError } from '../professional/errors';
import type { RateLimiter } from '../rate-limit/limiter';
import type { AccessClaims } from '../sessions/tokens';
import { mailboxCodeMail, mailboxRegisteredMail, memberAddedMail } from './mail-texts';
import type { FirmMemberDocument, FirmRole, FirmsRepository, MailboxDocument } from './repository';

export const MAILBOX_CODE_TTL_MS = 30 * 60 * 1000;
export const MAILBOX_CODE_MAX_ATTEMPTS = 5;

export interface FirmsDeps {
  repository: FirmsRepository;
  accounts: Pick<AccountsRepository, 'findById' | 'findByEmail'>;
  limiter: Pick<RateLimiter, 'assertAllowed' | 'recordFailure' | 'recordSuccess'>;
  audit: Pick<AuditLog, 'append'>;
  mailer: Pick<Mailer, 'send'>;
  now: () => Date;
}

export interface MemberView {
  accountId: string;
  email: string | null;
  role: FirmRole;
}

export interface MailboxView {
  mailboxId: string;
  address: string;
  status: 'pending' | 'verified';
  users: { accountId: string; email: string | null }[];
  usedByMe: boolean;
}

export interface FirmView {
  firmId: string;
  name: string;
  myRole: FirmRole;
  members: MemberView[];
  mailboxes: MailboxView[];
}

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
const newId = () => crypto.randomBytes(12).toString('base64url');

export function createFirms(deps: FirmsDeps) {
  const { repository, audit, now } = deps;

  async function notify(message: MailMessage, accountId: string | null): Promise<void> {
    try {
      await deps.mailer.send(message);
    } catch {
      await audit.append({ actor: null, action: 'notice.mail', outcome: 'failure', target: accountId, details: { kind: message.kind } });
    }
  }

  async function activeAccount(accountId: string): Promise<AccountDocument> {
    const account = await deps.accounts.findById(accountId);
    if (!account || account.status !== 'active') throw new AppError('SESSION_INVALID');
    return account;
  }

  /** The caller's membership of the firm; not a member and no such firm look the same (404). */
  async function membership(firmId: string, accountId: string, action: string, requestId: string | null, role?: FirmRole): Promise<FirmMemberDocument> {
    const member = await repository.findMember(firmId, accountId);
    if (!member) {
      await audit.append({ actor: accountId, action, outcome: 'denied', target: firmId, requestId, details: { reason: 'not-a-member' } });
      throw new AppError('NOT_FOUND');
    }
    if (role === 'admin' && member.role !== 'admin') {
      await audit.append({ actor: accountId, action, outcome: 'denied', target: firmId, requestId, details: { reason: 'not-an-administrator' } });
      throw new AppError('FORBIDDEN');
    }
    return member;
  }

  async function emailOf(accountId: string): Promise<string | null> {
    const account = await deps.accounts.findById(accountId);
    return account && account.status !== 'closed' ? account.email : null;
  }

  async function firmView(firmId: string, accountId: string): Promise<FirmView> {
    const firm = await repository.findFirm(firmId);
    const me = await repository.findMember(firmId, accountId);
    if (!firm || !me) throw new AppError('NOT_FOUND');
    const members = await repository.membersOf(firmId);
    const emails = new Map<string, string | null>();
    for (const m of members) emails.set(m.accountId, await emailOf(m.accountId));
    const mailboxes = await repository.mailboxesOf(firmId);
    return {
      firmId: firm._id,
      name: firm.name,
      myRole: me.role,
      members: members.map((m) => ({ accountId: m.accountId, email: emails.get(m.accountId) ?? null, role: m.role })),
      // Pending registrations are the administrators' business.
      mailboxes: mailboxes
        .filter((b) => b.status === 'verified' || me.role === 'admin')
        .map((b) => ({ mailboxId: b._id, address: b.address, status: b.status, users: b.users.map((u) => ({ accountId: u, email: emails.get(u) ?? null })), usedByMe: b.users.includes(accountId) })),
    };
  }

  async function mailboxOfFirm(firmId: string, mailboxId: string): Promise<MailboxDocument> {
    const mailbox = await repository.findMailbox(mailboxId);
    if (!mailbox || mailbox.firmId !== firmId) throw new AppError('NOT_FOUND');
    return mailbox;
  }

  return {
    /** Anyone with a full session may start a firm; they become its first administrator. */
    async create(input: { caller: AccessClaims; name: string; requestId: string }): Promise<FirmView> {
      const me = await activeAccount(input.caller.accountId);
      const at = now();
      const firmId = newId();
      await repository.insertFirm({ _id: firmId, name: input.name.trim(), createdAt: at, createdBy: me._id }, { _id: newId(), firmId, accountId: me._id, role: 'admin', addedAt: at, addedBy: me._id });
      await audit.append({ actor: me._id, action: 'firm.create', outcome: 'success', target: firmId, requestId: input.requestId });
      return firmView(firmId, me._id);
    },

    async mine(accountId: string): Promise<FirmView[]> {
      const memberships = await repository.membershipsOf(accountId);
      const out: FirmView[] = [];
      for (const m of memberships) out.push(await firmView(m.firmId, accountId));
      return out;
    },

    async view(input: { accountId: string; firmId: string }): Promise<FirmView> {
      await membership(input.firmId, input.accountId, 'firm.view', null);
      return firmView(input.firmId, input.accountId);
    },

    /** An administrator adds an existing active account; it is told by mail. */
    async addMember(input: { caller: AccessClaims; firmId: string; email: string; role: FirmRole; requestId: string }): Promise<FirmView> {
      await membership(input.firmId, input.caller.accountId, 'firm.member.add', input.requestId, 'admin');
      const me = await activeAccount(input.caller.accountId);
      const account = await deps.accounts.findByEmail(normaliseAddress(input.email));
      if (!account || account.status !== 'active') throw new AppError('NOT_FOUND', { message: 'There is no active Zegel account for this address.' });
      const at = now();
      const added = await repository.addMember({ _id: newId(), firmId: input.firmId, accountId: account._id, role: input.role, addedAt: at, addedBy: me._id });
      if (added === 'exists') throw new AppError('CONFLICT', { message: 'This account is already a member of the firm.' });
      await audit.append({ actor: me._id, action: 'firm.member.add', outcome: 'success', target: input.firmId, requestId: input.requestId, details: { member: account._id, role: input.role } });
      const firm = await repository.findFirm(input.firmId);
      await notify(memberAddedMail({ to: account.email, firmName: firm?.name ?? '', byEmail: me.email, role: input.role }), account._id);
      return firmView(input.firmId, me._id);
    },

    /** An administrator removes a member, or a member leaves; the firm always keeps an administrator. */
    async removeMember(input: { caller: AccessClaims; firmId: string; accountId: string; requestId: string }): Promise<{ removed: true }> {
      const self = input.accountId === input.caller.accountId;
      const mine = await membership(input.firmId, input.caller.accountId, 'firm.member.remove', input.requestId, self ? undefined : 'admin');
      const target = self ? mine : await repository.findMember(input.firmId, input.accountId);
      if (!target) throw new AppError('NOT_FOUND');
      if (target.role === 'admin' && (await repository.countAdmins(input.firmId)) <= 1) throw new AppError('CONFLICT', { message: 'A firm needs at least one administrator. Make someone else administrator first.' });
      if (!(await repository.removeMember(input.firmId, input.accountId))) throw new AppError('NOT_FOUND');
      await audit.append({ actor: input.caller.accountId, action: 'firm.member.remove', outcome: 'success', target: input.firmId, requestId: input.requestId, details: { member: input.accountId } });
      return { removed: true };
    },

    /** Step one of registering a shared mailbox: a code to that mailbox (the administrator must read it there). */
    async registerMailbox(input: { caller: AccessClaims; firmId: string; address: string; requestId: string }): Promise<{ mailboxId: string; status: 'pending'; expiresAt: string; texts: Texts }> {
      await membership(input.firmId, input.caller.accountId, 'firm.mailbox.register', input.requestId, 'admin');
      const me = await activeAccount(input.caller.accountId);
      const address = normaliseAddress(input.address);
      if (isCourtAddress(address)) throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/address', problem: 'a court address cannot be a firm mailbox' }] });
      const holder = await repository.findVerifiedByAddress(address);
      if (holder) {
        if (holder.firmId === input.firmId) throw new AppError('CONFLICT', { message: 'This mailbox is already registered for the firm.' });
        throw new ExplainedError('MAILBOX_TAKEN', { reason: 'taken', texts: MAILBOX_TEXTS.taken });
      }
      // Every code sent counts: a firm cannot make us mail an address over and over.
      const limit = [`firm-mailbox-send:${input.firmId}`, `firm-mailbox-send:${address}`];
      await deps.limiter.assertAllowed(limit);
      const at = now();
      const code = newTypeableToken();
      const expiresAt = new Date(at.getTime() + MAILBOX_CODE_TTL_MS);
      const mailbox = await repository.startRegistration({ id: newId(), firmId: input.firmId, address, code: { hash: sha256(normaliseTypedToken(code)), expiresAt, attempts: 0, sentAt: at }, at });
      if (!mailbox) throw new AppError('CONFLICT', { message: 'This mailbox is already registered for the firm.' });
      await deps.limiter.recordFailure(limit);
      const firm = await repository.findFirm(input.firmId);
      await deps.mailer.send(mailboxCodeMail({ to: address, firmName: firm?.name ?? '', adminEmail: me.email, code, expiresAt }));
      await audit.append({ actor: me._id, action: 'firm.mailbox.register', outcome: 'success', target: mailbox._id, requestId: input.requestId, details: { firmId: input.firmId, step: 'code-sent' } });
      return { mailboxId: mailbox._id, status: 'pending', expiresAt: expiresAt.toISOString(), texts: MAILBOX_TEXTS.codeSent };
    },

    /** Step two: the code from the mailbox. Five wrong tries end the code; a new one can be requested. */
    async verifyMailbox(input: { caller: AccessClaims; firmId: string; mailboxId: string; code: string; requestId: string }): Promise<FirmView> {
      await membership(input.firmId, input.caller.accountId, 'firm.mailbox.verify', input.requestId, 'admin');
      const mailbox = await mailboxOfFirm(input.firmId, input.mailboxId);
      if (mailbox.status === 'verified') throw new AppError('CONFLICT', { message: 'This mailbox is already registered.' });
      const limit = [`firm-mailbox-code:${mailbox._id}`];
      await deps.limiter.assertAllowed(limit);
      const at = now();
      const typed = normaliseTypedToken(input.code);
      const result = typed === '' ? ({ outcome: 'invalid' } as const) : await repository.verify({ mailboxId: mailbox._id, firmId: input.firmId, codeHash: sha256(typed), maxAttempts: MAILBOX_CODE_MAX_ATTEMPTS, at });
      if (result.outcome === 'taken') throw new ExplainedError('MAILBOX_TAKEN', { reason: 'taken', texts: MAILBOX_TEXTS.taken });
      if (result.outcome === 'invalid') {
        await repository.countWrongCode(mailbox._id);
        await deps.limiter.recordFailure(limit);
        await audit.append({ actor: input.caller.accountId, action: 'firm.mailbox.verify', outcome: 'failure', target: mailbox._id, requestId: input.requestId });
        throw new ExplainedError('MAILBOX_CODE_INVALID', { reason: 'code-invalid', texts: MAILBOX_TEXTS.codeInvalid });
      }
      await deps.limiter.recordSuccess(limit);
      await audit.append({ actor: input.caller.accountId, action: 'firm.mailbox.verify', outcome: 'success', target: mailbox._id, requestId: input.requestId, details: { firmId: input.firmId } });
      const firm = await repository.findFirm(input.firmId);
      await notify(mailboxRegisteredMail({ to: result.mailbox.address, firmName: firm?.name ?? '', at }), null);
      return firmView(input.firmId, input.caller.accountId);
    },

    /** A member says they use (or no longer use) a verified mailbox: only for themselves. */
    async useMailbox(input: { caller: AccessClaims; firmId: string; mailboxId: string; use: boolean; requestId: string }): Promise<FirmView> {
      await membership(input.firmId, input.caller.accountId, 'firm.mailbox.use', input.requestId);
      const mailbox = await mailboxOfFirm(input.firmId, input.mailboxId);
      const updated = await repository.setUser({ mailboxId: mailbox._id, firmId: input.firmId, accountId: input.caller.accountId, use: input.use });
      if (!updated) throw new AppError('NOT_FOUND');
      await audit.append({ actor: input.caller.accountId, action: input.use ? 'firm.mailbox.join' : 'firm.mailbox.leave', outcome: 'success', target: mailbox._id, requestId: input.requestId, details: { firmId: input.firmId } });
      return firmView(input.firmId, input.caller.accountId);
    },

    async removeMailbox(input: { caller: AccessClaims; firmId: string; mailboxId: string; requestId: string }): Promise<{ removed: true }> {
      await membership(input.firmId, input.caller.accountId, 'firm.mailbox.remove', input.requestId, 'admin');
      if (!(await repository.removeMailbox(input.mailboxId, input.firmId))) throw new AppError('NOT_FOUND');
      await audit.append({ actor: input.caller.accountId, action: 'firm.mailbox.remove', outcome: 'success', target: input.mailboxId, requestId: input.requestId, details: { firmId: input.firmId } });
      return { removed: true };
    },

    /** For api/delegations (SharedMailboxLookup): the verified mailbox with this address and who uses it. */
    mailboxes: {
      async mailboxForAddress(address: string): Promise<{ address: string; userAccountIds: string[] } | null> {
        const mailbox = await repository.findVerifiedByAddress(normaliseAddress(address));
        return mailbox ? { address: mailbox.address, userAccountIds: [...mailbox.users] } : null;
      },
    },

    /** For the life-cycle hooks: a closed account leaves every firm and mailbox. */
    lifecycle: {
      async removeAccount(input: { accountId: string; requestId: string }): Promise<number> {
        const count = await repository.removeAccount(input.accountId);
        if (count > 0) await audit.append({ actor: input.accountId, action: 'firm.member.remove', outcome: 'success', requestId: input.requestId, details: { cause: 'account-closed', firms: count } });
        return count;
      },
    },

    sweepStale(at: Date): Promise<number> {
      return repository.sweepStalePending(new Date(at.getTime() - 7 * 24 * 3600 * 1000));
    },
  };
}

export type Firms = ReturnType<typeof createFirms>;
