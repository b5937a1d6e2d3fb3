// Keeping links in step with the register, and the releases that need no session: what the server,
// the register import and the administrator command share. Needs only the accounts repository, the
// register, the audit log and the mailer, so a command-line tool can build it without the HTTP side.
import { normaliseProfessionalNumber, type ProfessionalKind } from '../../shared/professional/numbers';
import type { AuditLog } from '../audit/audit-log';
import type { AccountsRepository, LinkSuspension } from '../accounts/repository';
import type { Mailer, MailMessage } from '../mail/mailer';
import { restoredMail, suspendedMail, unlinkedMail, type UnlinkCause } from './mail-texts';

/** What linking needs to know of a register entry (api/register's RegisterEntry has these and more). */
export interface RegisterEntryView {
  number: string;
  kind: ProfessionalKind;
  name: string;
  email: string;
  status: 'active' | 'removed';
}

export interface RegisterLookup {
  /** Normalises the number before the lookup. */
  findRegisterEntryByNumber(number: string): Promise<RegisterEntryView | null>;
  /** Active entries at this address. */
  findRegisterEntriesByEmail(email: string): Promise<RegisterEntryView[]>;
  /** Many numbers at once (reconciling every link after an import). */
  entriesByNumbers(numbers: readonly string[]): Promise<RegisterEntryView[]>;
}

/** Why the register no longer backs a link, or null while it does. */
export function linkProblem(entry: RegisterEntryView | null | undefined, account: { email: string; kind: ProfessionalKind }): LinkSuspension | null {
  if (!entry || entry.status !== 'active' || entry.kind !== account.kind) return 'entry-removed';
  if (entry.email !== account.email) return 'email-changed';
  return null;
}

export interface LinkKeepingDeps {
  accounts: AccountsRepository;
  register: Pick<RegisterLookup, 'findRegisterEntryByNumber' | 'entriesByNumbers'>;
  audit: Pick<AuditLog, 'append'>;
  mailer: Pick<Mailer, 'send'>;
  now: () => Date;
}

export function createLinkKeeping(deps: LinkKeepingDeps) {
  const { accounts, register, audit, now } = deps;

  /** A notice after a change that already happened: a failed send is recorded, not thrown. */
  async function notify(mail: MailMessage, accountId: string | null): Promise<void> {
    try {
      await deps.mailer.send(mail);
    } catch {
      await audit.append({ actor: null, action: 'notice.mail', outcome: 'failure', target: accountId, details: { kind: mail.kind } });
    }
  }

  /** Tells whoever should know that a link was released: the account, and the register's address if it differs. */
  async function announceRelease(input: { accountId: string; accountEmail: string | null; number: string; kind: ProfessionalKind; cause: UnlinkCause; actor: string | null; requestId: string | null; operator?: string; mail?: boolean }): Promise<void> {
    const at = now();
    await audit.append({
      actor: input.actor,
      action: 'professional.unlink',
      outcome: 'success',
      target: input.number,
      requestId: input.requestId,
      details: { cause: input.cause, account: input.accountId, ...(input.operator !== undefined ? { operator: input.operator } : {}) },
    });
    if (input.mail === false) return;
    const entry = await register.findRegisterEntryByNumber(input.number);
    const recipients = new Set<string>();
    if (input.accountEmail !== null) recipients.add(input.accountEmail);
    if (entry?.status === 'active') recipients.add(entry.email);
    for (const to of recipients) await notify(unlinkedMail({ to, kind: input.kind, number: input.number, at, cause: input.cause }), input.accountId);
  }

  /** `npm run professional:unlink -- <number>`: for a number linked by mistake or in dispute. */
  async function unlinkByAdministrator(input: { number: string; operator: string }): Promise<{ unlinked: boolean; accountId: string | null; number: string }> {
    const number = normaliseProfessionalNumber(input.number);
    const holder = await accounts.findByProfessionalNumber(number);
    if (!holder) return { unlinked: false, accountId: null, number };
    const before = await accounts.unlinkProfessional({ id: holder._id, number });
    if (!before?.professional) return { unlinked: false, accountId: holder._id, number };
    await announceRelease({ accountId: holder._id, accountEmail: before.status === 'active' ? before.email : null, number, kind: before.professional.kind, cause: 'administrator', actor: null, requestId: null, operator: input.operator });
    return { unlinked: true, accountId: holder._id, number };
  }

  /**
   * Brings every stored link state in step with the register: a link whose entry changed address or
   * was removed is suspended, one that is consistent again is restored; each change is audited and
   * told to the account. Runs after a register import and from the sweeper; safe to run at any time.
   */
  async function reconcile(at: Date = now()): Promise<{ checked: number; suspended: number; restored: number }> {
    const linked = await accounts.listLinked();
    const numbers = linked.flatMap((a) => (a.professional ? [a.professional.number] : []));
    const entries = new Map((await register.entriesByNumbers(numbers)).map((e) => [e.number, e] as const));
    const tally = { checked: 0, suspended: 0, restored: 0 };
    for (const account of linked) {
      const link = account.professional;
      if (!link) continue;
      tally.checked += 1;
      const problem = linkProblem(entries.get(link.number), { email: account.email, kind: link.kind });
      if (problem !== null && (link.state === 'linked' || link.suspendedReason !== problem)) {
        const changed = await accounts.markProfessionalState({ id: account._id, number: link.number, from: link.state, to: 'suspended', reason: problem, at });
        if (!changed || link.state === 'suspended') continue; // only the first suspension is news
        tally.suspended += 1;
        await audit.append({ actor: null, action: 'professional.link-suspended', outcome: 'success', target: link.number, details: { account: account._id, reason: problem } });
        await notify(suspendedMail({ to: account.email, kind: link.kind, number: link.number, at, reason: problem }), account._id);
      } else if (problem === null && link.state === 'suspended') {
        const changed = await accounts.markProfessionalState({ id: account._id, number: link.number, from: 'suspended', to: 'linked', reason: null, at });
        if (!changed) continue;
        tally.restored += 1;
        await audit.append({ actor: null, action: 'professional.link-restored', outcome: 'success', target: link.number, details: { account: account._id } });
        await notify(restoredMail({ to: account.email, kind: link.kind, number: link.number, at }), account._id);
      }
    }
    return tally;
  }

  return { notify, announceRelease, unlinkByAdministrator, reconcile };
}

export type LinkKeeping = ReturnType<typeof createLinkKeeping>;
