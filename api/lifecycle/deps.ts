// What the life-cycle flows need from the rest of the API, as narrow as each use.
import type { AuditLog } from '../audit/audit-log';
import type { AccountsRepository } from '../accounts/repository';
import type { Mailer } from '../mail/mailer';
import type { RateLimiter } from '../rate-limit/limiter';
import type { SessionService } from '../sessions/sessions';
import type { StepUp } from '../two-factor/step-up';
import type { Professional, RegisterLookup } from '../professional/professional';
import type { DelegationHooks } from './hooks';

/** The second factors' own removal (api/two-factor's totp, sms and backup modules). */
export interface RemovableFactors {
  totp: { remove(accountId: string): Promise<unknown> };
  sms: { remove(accountId: string): Promise<unknown> };
  backup: { remove(accountId: string): Promise<unknown> };
}

export interface LifecycleDeps {
  accounts: AccountsRepository;
  register: Pick<RegisterLookup, 'findRegisterEntryByNumber'>;
  professional: Pick<Professional, 'status' | 'announceRelease' | 'notify'>;
  sessions: Pick<SessionService, 'revoke' | 'list'>;
  stepUp: Pick<StepUp, 'require'>;
  factors: RemovableFactors;
  delegations: DelegationHooks;
  limiter: Pick<RateLimiter, 'assertAllowed' | 'recordFailure' | 'recordSuccess'>;
  audit: Pick<AuditLog, 'append'>;
  mailer: Pick<Mailer, 'send'>;
  publicBaseUrl: URL;
  now: () => Date;
}

export async function removeSecondFactors(factors: RemovableFactors, accountId: string): Promise<void> {
  await factors.totp.remove(accountId);
  await factors.sms.remove(accountId);
  await factors.backup.remove(accountId);
}
