// Step-up re-authentication: before a change to how the account is secured, the user proves the
// password and a second factor again. The grant is short-lived, single use, bound to the session and
// to the one purpose it was asked for.
import { AppError } from '../../shared/errors';
import type { StepUpPurpose } from '../../shared/auth/step-up';
import type { AuditLog } from '../audit/audit-log';
import type { RateLimiter } from '../rate-limit/limiter';
import type { AccountsRepository } from '../accounts/repository';
import { checkVerifier } from '../accounts/verifier';
import type { Challenges } from './challenges';
import type { SecondFactor, SecondFactorMethod } from './second-factor';

export function createStepUp(deps: { repository: AccountsRepository; secondFactor: SecondFactor; challenges: Challenges; limiter: RateLimiter; audit: AuditLog }) {
  return {
    async grant(input: { accountId: string; sessionId: string; authValue: string; method: SecondFactorMethod; code: string; purpose: StepUpPurpose; requestId: string }): Promise<{ stepUpToken: string; expiresAt: string }> {
      const account = await deps.repository.findById(input.accountId);
      if (!account?.authVerifier) throw new AppError('SESSION_INVALID');
      // The password shares its failure counter with login, so step-up is no side door for guessing.
      const keys = [`login:account:${account.email}`];
      await deps.limiter.assertAllowed(keys);
      if (!(await checkVerifier(input.authValue, account.authVerifier))) {
        await deps.limiter.recordFailure(keys);
        await deps.audit.append({ actor: input.accountId, action: 'step-up.password', outcome: 'failure', requestId: input.requestId, details: { purpose: input.purpose } });
        throw new AppError('CREDENTIALS_INVALID');
      }
      await deps.secondFactor.verify({ accountId: input.accountId, method: input.method, code: input.code, purpose: `step-up:${input.sessionId}`, requestId: input.requestId });
      const grant = await deps.challenges.issue({ kind: 'step-up', accountId: input.accountId, purpose: input.purpose, sessionId: input.sessionId });
      await deps.audit.append({ actor: input.accountId, action: 'step-up.grant', outcome: 'success', requestId: input.requestId, details: { purpose: input.purpose } });
      return { stepUpToken: grant.token, expiresAt: grant.expiresAt.toISOString() };
    },

    sendSms(input: { accountId: string; sessionId: string }): Promise<void> {
      return deps.secondFactor.sendSms({ accountId: input.accountId, purpose: `step-up:${input.sessionId}` });
    },

    /** Uses up the grant for this purpose and session, or refuses with STEP_UP_REQUIRED. */
    async require(input: { accountId: string; sessionId: string; token: string | undefined; purpose: StepUpPurpose; requestId: string }): Promise<void> {
      const used = input.token ? await deps.challenges.consume('step-up', input.token, { purpose: input.purpose, sessionId: input.sessionId }) : null;
      if (!used || used.accountId !== input.accountId) {
        await deps.audit.append({ actor: input.accountId, action: 'step-up.required', outcome: 'denied', requestId: input.requestId, details: { purpose: input.purpose } });
        throw new AppError('STEP_UP_REQUIRED');
      }
    },
  };
}

export type StepUp = ReturnType<typeof createStepUp>;
