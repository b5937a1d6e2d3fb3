// Step 4 of the seed: link the account to its BAR (lawyer) or KBvG (bailiff) number, show how it
// matches the register, and keep the link in step with the register afterwards. The register is the
// truth: a link stands only while the register lists the number, active, at the account's address.
// The Rechtspraak connection is decided from the register on every read; the stored link state only
// drives notices and the audit trail (see README.md).
import { AppError } from '../../shared/errors';
import { checkNumberEntry, guessKind, type ProfessionalKind } from '../../shared/professional/numbers';
import { connectionTexts, LINK_TEXTS, notMatchedTexts, numberProblemTexts, type ConnectionProblem, type Texts } from '../../shared/professional/messages';
import type { AuditLog } from '../audit/audit-log';
import type { AccountDocument, AccountsRepository, LinkSuspension } from '../accounts/repository';
import type { Mailer } from '../mail/mailer';
import type { RateLimiter } from '../rate-limit/limiter';
import type { AccessClaims } from '../sessions/tokens';
import type { SecondFactor } from '../two-factor/second-factor';
import type { StepUp } from '../two-factor/step-up';
import { ExplainedError } from './errors';
import { createLinkKeeping, linkProblem, type RegisterEntryView, type RegisterLookup } from './link-keeping';
import { linkedMail, unlinkedMail } from './mail-texts';

export { linkProblem, type RegisterEntryView, type RegisterLookup };

export interface ProfessionalStatus {
  /** The Rechtspraak connection is active: second factor set + number linked + entry active and listing the account's address. */
  active: boolean;
  /** What keeps it from being active, in the order the user should fix it. */
  problems: ConnectionProblem[];
  linked: boolean;
  number: string | null;
  kind: ProfessionalKind | null;
  secondFactorConfigured: boolean;
  link: {
    number: string;
    kind: ProfessionalKind;
    /** The name the register lists with the number (the account's own entry). */
    registerName: string | null;
    registerStatus: 'active' | 'removed' | 'unknown';
    linkedAt: string;
    state: 'linked' | 'suspended';
    suspendedReason: LinkSuspension | null;
  } | null;
  texts: Texts[];
  /** For the link form: which kind to offer first, and the KBvG format to check before sending. */
  form: { kind: ProfessionalKind; kbvgNumberPattern: string };
}

export interface ProfessionalDeps {
  accounts: AccountsRepository;
  register: RegisterLookup;
  stepUp: Pick<StepUp, 'require'>;
  secondFactor: Pick<SecondFactor, 'status'>;
  limiter: Pick<RateLimiter, 'assertAllowed' | 'recordFailure' | 'recordSuccess'>;
  audit: Pick<AuditLog, 'append'>;
  mailer: Pick<Mailer, 'send'>;
  kbvgNumberPattern: RegExp;
  now: () => Date;
}

export function createProfessional(deps: ProfessionalDeps) {
  const { accounts, register, audit, now } = deps;
  const keeping = createLinkKeeping(deps);
  const { notify, announceRelease } = keeping;

  async function activeAccount(accountId: string): Promise<AccountDocument> {
    const account = await accounts.findById(accountId);
    if (!account || account.status !== 'active') throw new AppError('SESSION_INVALID');
    return account;
  }

  async function knownKind(account: AccountDocument): Promise<ProfessionalKind | null> {
    if (account.invitation) return account.invitation.kind;
    const kinds = new Set((await register.findRegisterEntriesByEmail(account.email)).map((e) => e.kind));
    const [only] = [...kinds];
    return kinds.size === 1 && only !== undefined ? only : null;
  }

  async function status(accountId: string): Promise<ProfessionalStatus> {
    const account = await activeAccount(accountId);
    const factors = await deps.secondFactor.status(accountId);
    const link = account.professional ?? null;
    const entry = link ? await register.findRegisterEntryByNumber(link.number) : null;
    const problem = link ? linkProblem(entry, { email: account.email, kind: link.kind }) : null;
    const problems: ConnectionProblem[] = [];
    if (!factors.configured) problems.push('second-factor-missing');
    if (!link) problems.push('not-linked');
    else if (problem) problems.push(problem);
    const active = problems.length === 0;
    const kind = link?.kind ?? (await knownKind(account)) ?? 'lawyer';
    return {
      active,
      problems,
      linked: link !== null,
      number: link?.number ?? null,
      kind: link?.kind ?? null,
      secondFactorConfigured: factors.configured,
      link: link
        ? {
            number: link.number,
            kind: link.kind,
            registerName: entry?.name ?? null,
            registerStatus: entry ? entry.status : 'unknown',
            linkedAt: link.linkedAt.toISOString(),
            state: problem ? 'suspended' : 'linked',
            suspendedReason: problem,
          }
        : null,
      texts: connectionTexts({ active, problems, kind: link?.kind ?? null }),
      form: { kind, kbvgNumberPattern: deps.kbvgNumberPattern.source },
    };
  }

  /**
   * The register lists the caller's address for this number, yet another account holds the link: an
   * earlier account of the same person at an address the register no longer lists. The register
   * decides, so that link is released (and its holder told). Returns whether the number is free now.
   */
  async function releaseStaleHolder(number: string, entry: RegisterEntryView, callerId: string, requestId: string): Promise<boolean> {
    const holder = await accounts.findByProfessionalNumber(number);
    if (!holder) return true;
    if (holder._id === callerId || (holder.status === 'active' && holder.email === entry.email)) return false;
    const before = await accounts.unlinkProfessional({ id: holder._id, number });
    if (!before?.professional) return true;
    await audit.append({ actor: callerId, action: 'professional.unlink', outcome: 'success', target: number, requestId, details: { cause: 'taken-over', previousAccount: holder._id } });
    if (before.status === 'active') await notify(unlinkedMail({ to: before.email, kind: before.professional.kind, number, at: now(), cause: 'taken-over' }), holder._id);
    return true;
  }

  async function link(input: { caller: AccessClaims; number: string; confirmation: string; kind?: ProfessionalKind; stepUpToken?: string; requestId: string }): Promise<ProfessionalStatus> {
    const { caller, requestId } = input;
    const account = await activeAccount(caller.accountId);
    const refuse = async (reason: string, error: AppError, target: string | null = null): Promise<never> => {
      await audit.append({ actor: account._id, action: 'professional.link', outcome: 'failure', target, requestId, details: { reason } });
      throw error;
    };
    if (!(await deps.secondFactor.status(account._id)).configured) {
      return refuse('second-factor-missing', new ExplainedError('SECOND_FACTOR_SETUP_REQUIRED', { reason: 'second-factor-missing', texts: LINK_TEXTS.secondFactorFirst }));
    }
    const kind = input.kind ?? guessKind({ number: input.number, known: await knownKind(account), kbvgNumberPattern: deps.kbvgNumberPattern });
    const checked = checkNumberEntry({ number: input.number, confirmation: input.confirmation, kind, kbvgNumberPattern: deps.kbvgNumberPattern });
    if (!checked.ok) {
      const code = checked.problem === 'confirmation-mismatch' ? 'NUMBER_CONFIRMATION_MISMATCH' : 'NUMBER_INVALID';
      return refuse(checked.problem, new ExplainedError(code, { reason: checked.problem, texts: numberProblemTexts(checked.problem, kind), details: [{ path: `body/${checked.field}`, problem: checked.problem }] }));
    }
    if (account.professional) return refuse('already-linked', new ExplainedError('NUMBER_ALREADY_LINKED', { reason: 'already-linked', texts: LINK_TEXTS.alreadyLinked }));

    // Failures count per account, so nobody can run through numbers; every refusal below reads the same.
    const limit = [`professional-link:${account._id}`];
    await deps.limiter.assertAllowed(limit);
    const entry = await register.findRegisterEntryByNumber(checked.number);
    if (!entry || linkProblem(entry, { email: account.email, kind: checked.kind }) !== null) {
      await deps.limiter.recordFailure(limit);
      return refuse('not-matched', new ExplainedError('NUMBER_NOT_MATCHED', { reason: 'not-matched', texts: notMatchedTexts(checked.kind) }), checked.number);
    }

    await deps.stepUp.require({ accountId: account._id, sessionId: caller.sessionId, token: input.stepUpToken, purpose: 'link-number', requestId });
    const at = now();
    let result = await accounts.linkProfessional({ id: account._id, number: checked.number, kind: checked.kind, at });
    if (result.outcome === 'number-taken' && (await releaseStaleHolder(checked.number, entry, account._id, requestId))) {
      result = await accounts.linkProfessional({ id: account._id, number: checked.number, kind: checked.kind, at });
    }
    if (result.outcome === 'account-has-link') return refuse('already-linked', new ExplainedError('NUMBER_ALREADY_LINKED', { reason: 'already-linked', texts: LINK_TEXTS.alreadyLinked }), checked.number);
    if (result.outcome === 'number-taken') return refuse('number-taken', new AppError('CONFLICT'), checked.number);

    await deps.limiter.recordSuccess(limit);
    await audit.append({ actor: account._id, action: 'professional.link', outcome: 'success', target: checked.number, requestId, details: { kind: checked.kind } });
    await notify(linkedMail({ to: entry.email, kind: checked.kind, number: checked.number, at }), account._id);
    return status(account._id);
  }

  async function unlink(input: { caller: AccessClaims; stepUpToken?: string; requestId: string }): Promise<ProfessionalStatus> {
    const account = await activeAccount(input.caller.accountId);
    const current = account.professional;
    if (!current) throw new ExplainedError('NUMBER_NOT_LINKED', { reason: 'not-linked', texts: LINK_TEXTS.notLinked });
    await deps.stepUp.require({ accountId: account._id, sessionId: input.caller.sessionId, token: input.stepUpToken, purpose: 'unlink-number', requestId: input.requestId });
    const before = await accounts.unlinkProfessional({ id: account._id, number: current.number });
    if (!before?.professional) throw new ExplainedError('NUMBER_NOT_LINKED', { reason: 'not-linked', texts: LINK_TEXTS.notLinked });
    await announceRelease({ accountId: account._id, accountEmail: account.email, number: current.number, kind: current.kind, cause: 'user', actor: account._id, requestId: input.requestId });
    return status(account._id);
  }

  /** For sending to the court (api/messages' CourtConnectionCheck): the principal's number, if the connection is active. */
  async function courtConnection(accountId: string): Promise<{ active: boolean; number: string | null; kind: ProfessionalKind | null }> {
    const account = await accounts.findById(accountId);
    if (!account || account.status !== 'active' || !account.professional) return { active: false, number: null, kind: null };
    const { number, kind } = account.professional;
    const [entry, factors] = await Promise.all([register.findRegisterEntryByNumber(number), deps.secondFactor.status(accountId)]);
    const active = factors.configured && linkProblem(entry, { email: account.email, kind }) === null;
    return { active, number, kind };
  }

  return { status, link, unlink, courtConnection, ...keeping };
}

export type Professional = ReturnType<typeof createProfessional>;
