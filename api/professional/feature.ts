// Assembles the professional-number feature (step 4: link, status, unlink, register reconciliation)
// and the account life cycle built on it (re-enrolment, address move, closing), for features.ts.
import type { KdfCost } from '../../shared/crypto/kdf';
import type { AuditLog } from '../audit/audit-log';
import type { AccountsRepository } from '../accounts/repository';
import type { VerifierParams } from '../accounts/verifier';
import type { RouteDefinition } from '../http/routes';
import type { Mailer } from '../mail/mailer';
import type { RateLimiter } from '../rate-limit/limiter';
import type { SessionService } from '../sessions/sessions';
import type { SweepTask } from '../sweeper';
import type { SecondFactor } from '../two-factor/second-factor';
import type { StepUp } from '../two-factor/step-up';
import { createAddressMove } from '../lifecycle/address-move';
import { createCloseAccount } from '../lifecycle/close-account';
import type { LifecycleDeps, RemovableFactors } from '../lifecycle/deps';
import { NO_DELEGATIONS_YET, type DelegationHooks } from '../lifecycle/hooks';
import { createReEnrolment } from '../lifecycle/re-enrolment';
import { lifecycleRoutes } from '../lifecycle/routes';
import { createProfessional, type Professional, type RegisterEntryView } from './professional';
import { professionalRoutes } from './routes';

export interface ProfessionalFeatureDeps {
  accounts: AccountsRepository;
  /** api/register's Register: number and address lookups. */
  register: {
    findRegisterEntryByNumber(number: string): Promise<RegisterEntryView | null>;
    findRegisterEntriesByEmail(email: string): Promise<RegisterEntryView[]>;
  };
  /** api/register's repository: many entries at once, for reconciling every link. */
  registerEntries: { entriesByNumbers(numbers: readonly string[]): Promise<RegisterEntryView[]> };
  sessions: Pick<SessionService, 'revoke' | 'list'>;
  stepUp: Pick<StepUp, 'require'>;
  secondFactor: Pick<SecondFactor, 'status'>;
  /** The second-factor modules, to remove them at re-enrolment and closing. */
  factors: RemovableFactors;
  limiter: Pick<RateLimiter, 'assertAllowed' | 'recordFailure' | 'recordSuccess'>;
  audit: Pick<AuditLog, 'append'>;
  mailer: Pick<Mailer, 'send'>;
  publicBaseUrl: URL;
  /** config.register.kbvgNumberPattern */
  kbvgNumberPattern: RegExp;
  verifierParams: VerifierParams;
  kdfMinimum: Readonly<KdfCost>;
  /** Re-enrolment's cooling-off (default 72 hours) and how long its link works afterwards (default 7 days). */
  reEnrolment?: { coolingOffHours?: number; completionWindowHours?: number };
  /** Filled by the delegations feature once it exists (see api/lifecycle/hooks.ts). */
  delegations?: DelegationHooks;
  now: () => Date;
}

export interface ProfessionalFeature {
  routes: RouteDefinition[];
  ensureIndexes(): Promise<void>;
  sweepTasks: SweepTask[];
  /** Call after every register import: suspends links the register no longer backs, restores consistent ones. */
  afterRegisterImport(): Promise<{ checked: number; suspended: number; restored: number }>;
  /** For api/messages (CourtConnectionCheck): the principal's number, when the Rechtspraak connection is active. */
  courtConnection: { check: Professional['courtConnection'] };
  professional: Professional;
}

export function professionalFeature(deps: ProfessionalFeatureDeps): ProfessionalFeature {
  const register = {
    findRegisterEntryByNumber: (number: string) => deps.register.findRegisterEntryByNumber(number),
    findRegisterEntriesByEmail: (email: string) => deps.register.findRegisterEntriesByEmail(email),
    entriesByNumbers: (numbers: readonly string[]) => deps.registerEntries.entriesByNumbers(numbers),
  };
  const professional = createProfessional({
    accounts: deps.accounts,
    register,
    stepUp: deps.stepUp,
    secondFactor: deps.secondFactor,
    limiter: deps.limiter,
    audit: deps.audit,
    mailer: deps.mailer,
    kbvgNumberPattern: deps.kbvgNumberPattern,
    now: deps.now,
  });
  const lifecycle: LifecycleDeps = {
    accounts: deps.accounts,
    register,
    professional,
    sessions: deps.sessions,
    stepUp: deps.stepUp,
    factors: deps.factors,
    delegations: deps.delegations ?? NO_DELEGATIONS_YET,
    limiter: deps.limiter,
    audit: deps.audit,
    mailer: deps.mailer,
    publicBaseUrl: deps.publicBaseUrl,
    now: deps.now,
  };
  const reEnrolment = createReEnrolment({ ...lifecycle, verifierParams: deps.verifierParams, kdfMinimum: deps.kdfMinimum, ...deps.reEnrolment });
  const addressMove = createAddressMove(lifecycle);
  const closeAccount = createCloseAccount(lifecycle);

  return {
    routes: [...professionalRoutes(professional), ...lifecycleRoutes({ reEnrolment, addressMove, closeAccount })],
    ensureIndexes: () => deps.accounts.ensureLifecycleIndexes(),
    sweepTasks: [
      {
        name: 'professional-links',
        sweep: async (at) => {
          const { suspended, restored } = await professional.reconcile(at);
          return suspended + restored;
        },
      },
      { name: 'account-lifecycle', sweep: (at) => deps.accounts.sweepExpiredLifecycle(at) },
    ],
    afterRegisterImport: () => professional.reconcile(),
    courtConnection: { check: (accountId) => professional.courtConnection(accountId) },
    professional,
  };
}
