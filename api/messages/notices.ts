// Notification e-mail for recipients with an account: on commit, each recipient account and each
// active clerk of a recipient unit is told that a message is waiting, with a link to it in the web
// app (`<PUBLIC_BASE_URL>/app#message=<id>`, addin/webapp/notification-link.ts). Who is to be told is
// stored with the commit itself (`notices` on the message, one entry per account); a notice is marked
// sent once the mailer took it, and the sweep tries the rest again, as api/guests does for guests. A
// failing mail server never fails or undoes a commit. Guest recipients are api/guests' to notify.
// A recipient's read-scope delegates (a secretariat reading the lawyer's mail, api/delegations) are
// told too, in a mail that names whose message it is.
import { AppError } from '../../shared/errors';
import type { AccountsRepository } from '../accounts/repository';
import type { Mailer } from '../mail/mailer';
import type { OrganisationsRepository } from '../organisations/repository';
import { messageNoticeMail } from './mail-texts';
import type { MessageDocument, MessagesRepository, NoticeTarget } from './repository';

/** How long the sweep keeps trying a notice that could not be sent. */
export const NOTICE_RETRY_MS = 7 * 86_400_000;

export interface NoticesLogger {
  warn(obj: object, msg: string): void;
}

export function createMessageNotices(deps: {
  repository: MessagesRepository;
  accounts: AccountsRepository;
  organisationsRepository: OrganisationsRepository;
  mailer: Pick<Mailer, 'send'>;
  publicBaseUrl: URL;
  logger: NoticesLogger;
  /** An account's read-scope delegates in force (api/delegations); none when absent. */
  readDelegatesOf?: (accountId: string) => Promise<{ accountId: string }[]>;
  /** The principal's "recipients see only my name" (api/delegations settings); off when absent. */
  showOnlyPrincipalName?: (principalAccountId: string) => Promise<boolean>;
  now: () => Date;
}) {
  const { repository, now } = deps;

  /**
   * The accounts to tell: recipient accounts, active clerks of recipient units, then the read-scope
   * delegates of recipient accounts (once each, and not when they are told as recipients or clerks);
   * never the sender or principal.
   */
  async function accountsToNotify(message: MessageDocument): Promise<NoticeTarget[]> {
    const out = new Map<string, NoticeTarget>();
    const skip = (accountId: string) => accountId === message.senderAccountId || accountId === message.principalAccountId || out.has(accountId);
    for (const r of message.recipients) {
      if (r.kind === 'account' && r.accountId && !skip(r.accountId)) out.set(r.accountId, { accountId: r.accountId, delegateOf: null });
      if (r.kind === 'unit' && r.unitId) {
        for (const m of await deps.organisationsRepository.membersOf(r.unitId, 'active')) if (!skip(m.accountId)) out.set(m.accountId, { accountId: m.accountId, delegateOf: null });
      }
    }
    // A guest's reply is encrypted to the sender and principal only: their delegates could not open it.
    if (deps.readDelegatesOf && !message.guestSender) {
      for (const r of message.recipients) {
        if (r.kind !== 'account' || !r.accountId) continue;
        for (const d of await deps.readDelegatesOf(r.accountId)) if (!skip(d.accountId)) out.set(d.accountId, { accountId: d.accountId, delegateOf: r.accountId });
      }
    }
    return [...out.values()];
  }

  /** Mails every notice of the message not sent yet; true when none is left. Throws only on a bug. */
  async function sendPending(message: MessageDocument): Promise<boolean> {
    const pending = (message.notices ?? []).filter((n) => n.notifiedAt === null);
    if (pending.length === 0) return true;
    const people = new Map((await deps.accounts.findByIds([message.senderAccountId, message.principalAccountId, ...pending.flatMap((n) => (n.delegateOf ? [n.accountId, n.delegateOf] : [n.accountId]))])).map((a) => [a._id, a] as const));
    let senderEmail = message.guestSender?.address ?? people.get(message.senderAccountId)?.email ?? 'Zegel';
    let principalEmail = message.principalAccountId === message.senderAccountId ? null : (people.get(message.principalAccountId)?.email ?? null);
    // "Recipients see only my name": the notice names the principal alone (the receipt names both).
    if (principalEmail !== null && (await deps.showOnlyPrincipalName?.(message.principalAccountId))) {
      senderEmail = principalEmail;
      principalEmail = null;
    }
    let allSent = true;
    for (const notice of pending) {
      const account = people.get(notice.accountId);
      // Nobody left to tell (the account was closed meanwhile): settled without a mail.
      if (account?.status !== 'active' || message.status !== 'committed') {
        await repository.markNoticeSent({ messageId: message._id, accountId: notice.accountId, at: now() });
        continue;
      }
      // A delegate whose read access ended before the mail went (a sweep's retry) is no longer told.
      if (notice.delegateOf && !(await stillReadsFor(notice.accountId, notice.delegateOf))) {
        await repository.markNoticeSent({ messageId: message._id, accountId: notice.accountId, at: now() });
        continue;
      }
      const readFor = notice.delegateOf ? (people.get(notice.delegateOf)?.email ?? null) : null;
      const unit = readFor !== null || message.recipients.some((r) => r.kind === 'account' && r.accountId === notice.accountId) ? null : await unitNameFor(message, notice.accountId);
      try {
        await deps.mailer.send(
          messageNoticeMail({ to: account.email, senderEmail, principalEmail, unitName: unit, readFor, at: message.committedAt ?? now(), link: `${deps.publicBaseUrl.origin}/app#message=${message._id}` }),
        );
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'MAIL_DELIVERY_FAILED')) throw error;
        allSent = false;
        continue;
      }
      await repository.markNoticeSent({ messageId: message._id, accountId: notice.accountId, at: now() });
    }
    return allSent;
  }

  async function stillReadsFor(delegateAccountId: string, principalAccountId: string): Promise<boolean> {
    return (await deps.readDelegatesOf?.(principalAccountId) ?? []).some((d) => d.accountId === delegateAccountId);
  }

  async function unitNameFor(message: MessageDocument, accountId: string): Promise<string | null> {
    for (const r of message.recipients) {
      if (r.kind !== 'unit' || !r.unitId) continue;
      const member = await deps.organisationsRepository.findMember(r.unitId, accountId);
      if (member?.status === 'active') return (await deps.organisationsRepository.findUnit(r.unitId))?.name ?? null;
    }
    return null;
  }

  return {
    accountsToNotify,

    /** Right after the commit. Never throws: the message is committed and its receipt stands. */
    async afterCommit(message: MessageDocument, requestId: string): Promise<void> {
      try {
        if (!(await sendPending(message))) deps.logger.warn({ requestId, messageId: message._id, code: 'MAIL_DELIVERY_FAILED' }, 'message notification not sent; the sweep retries');
      } catch (error) {
        deps.logger.warn({ requestId, messageId: message._id, code: error instanceof AppError ? error.code : 'INTERNAL' }, 'message notification not sent; the sweep retries');
      }
    },

    /** Retries notices that could not be sent at commit time (for a week); returns how many messages were settled. */
    async sweep(at: Date): Promise<number> {
      let settled = 0;
      for (const message of await repository.withPendingNotices(new Date(at.getTime() - NOTICE_RETRY_MS))) {
        if (await sendPending(message)) settled += 1;
      }
      return settled;
    },
  };
}

export type MessageNotices = ReturnType<typeof createMessageNotices>;
