// Setting up and changing second factors (step 3 of the seed). The first factor may be set up by a
// fresh account's set-up session; it ends with backup codes and a new full session. Every later
// change needs step-up and is mailed to the account's address.
import { AppError } from '../../shared/errors';
import type { AuditLog } from '../audit/audit-log';
import type { RateLimiter } from '../rate-limit/limiter';
import type { AccountsRepository, AccountKeys } from '../accounts/repository';
import { keysOf } from '../accounts/accounts';
import { securityNoticeMail, type OutgoingMail, type SecurityEvent } from '../accounts/mail-texts';
import { sendNotice } from '../mail/mailer';
import type { IssuedSession, SessionService } from '../sessions/sessions';
import type { AccessClaims } from '../sessions/tokens';
import type { FactorModules, SecondFactor } from './second-factor';
import type { StepUp } from './step-up';

export interface FirstFactorDone {
  stage: 'full';
  session: IssuedSession;
  keys: AccountKeys;
  backupCodes: string[];
}

export function createEnrolment(deps: {
  factors: FactorModules;
  secondFactor: SecondFactor;
  stepUp: StepUp;
  sessions: SessionService;
  repository: AccountsRepository;
  mailer: { send(mail: OutgoingMail): Promise<void> };
  audit: AuditLog;
  limiter: RateLimiter;
  now: () => Date;
}) {
  const { factors, secondFactor, stepUp } = deps;

  /** Enrolment codes count against the same per-factor limit as login codes. */
  async function limited<T extends boolean>(method: 'totp' | 'sms', accountId: string, check: () => Promise<T>): Promise<T> {
    const key = [`factor:${method}:${accountId}`];
    await deps.limiter.assertAllowed(key);
    const ok = await check();
    await (ok ? deps.limiter.recordSuccess(key) : deps.limiter.recordFailure(key));
    return ok;
  }

  async function account(accountId: string) {
    const found = await deps.repository.findById(accountId);
    if (!found || found.status !== 'active' || !found.keys) throw new AppError('SESSION_INVALID');
    return { ...found, keys: found.keys };
  }

  async function notify(accountId: string, event: SecurityEvent, requestId: string): Promise<void> {
    const { email } = await account(accountId);
    await deps.audit.append({ actor: accountId, action: `security.${event}`, outcome: 'success', requestId });
    // The change is made and stays made: an error now would leave a factor enabled while the pane
    // says it failed, or new backup codes nobody was shown (test/faults/gateways.test.ts).
    if (!(await sendNotice(deps.mailer, securityNoticeMail({ to: email, event, at: deps.now() })))) {
      await deps.audit.append({ actor: accountId, action: 'security.notice-mail', outcome: 'failure', requestId, details: { event } });
    }
  }

  /** A change to a configured account needs a step-up grant; the very first factor does not. */
  async function guard(caller: AccessClaims, stepUpToken: string | undefined, purpose: 'add-factor' | 'change-phone', requestId: string): Promise<boolean> {
    const configured = (await secondFactor.status(caller.accountId)).configured;
    if (configured) {
      if (caller.stage !== 'full') throw new AppError('STEP_UP_REQUIRED');
      await stepUp.require({ accountId: caller.accountId, sessionId: caller.sessionId, token: stepUpToken, purpose, requestId });
    }
    return configured;
  }

  async function finishFirstFactor(caller: AccessClaims, userAgent: string | undefined, requestId: string): Promise<FirstFactorDone> {
    const backupCodes = await factors.backup.generate(caller.accountId);
    const session = await deps.sessions.upgrade({ accountId: caller.accountId, sessionId: caller.sessionId, userAgent, requestId });
    await deps.audit.append({ actor: caller.accountId, action: 'second-factor.first-set-up', outcome: 'success', requestId });
    return { stage: 'full', session, keys: keysOf((await account(caller.accountId)).keys), backupCodes };
  }

  return {
    async startTotp(input: { caller: AccessClaims; stepUpToken?: string; requestId: string }) {
      await guard(input.caller, input.stepUpToken, 'add-factor', input.requestId);
      const { email } = await account(input.caller.accountId);
      return factors.totp.startEnrolment({ accountId: input.caller.accountId, label: email });
    },

    async confirmTotp(input: { caller: AccessClaims; code: string; userAgent: string | undefined; requestId: string }): Promise<FirstFactorDone | { stage: 'full' }> {
      const wasConfigured = (await secondFactor.status(input.caller.accountId)).configured;
      if (!(await limited('totp', input.caller.accountId, () => factors.totp.confirmEnrolment({ accountId: input.caller.accountId, code: input.code })))) {
        await deps.audit.append({ actor: input.caller.accountId, action: 'second-factor.totp-enrol', outcome: 'failure', requestId: input.requestId });
        throw new AppError('TOTP_INVALID');
      }
      if (!wasConfigured) return finishFirstFactor(input.caller, input.userAgent, input.requestId);
      await notify(input.caller.accountId, 'factor-added-totp', input.requestId);
      return { stage: 'full' };
    },

    async startSms(input: { caller: AccessClaims; phone: string; stepUpToken?: string; requestId: string }): Promise<{ sent: true }> {
      if (factors.smsDisabled) throw new AppError('SMS_DISABLED');
      const smsEnabled = (await secondFactor.status(input.caller.accountId)).sms;
      await guard(input.caller, input.stepUpToken, smsEnabled ? 'change-phone' : 'add-factor', input.requestId);
      await factors.sms.startPhoneVerification({ accountId: input.caller.accountId, phone: input.phone });
      return { sent: true };
    },

    async confirmSms(input: { caller: AccessClaims; phone: string; code: string; userAgent: string | undefined; requestId: string }): Promise<FirstFactorDone | { stage: 'full' }> {
      if (factors.smsDisabled) throw new AppError('SMS_DISABLED');
      const before = await secondFactor.status(input.caller.accountId);
      if (!(await limited('sms', input.caller.accountId, () => factors.sms.confirmPhone({ accountId: input.caller.accountId, phone: input.phone, code: input.code })))) {
        await deps.audit.append({ actor: input.caller.accountId, action: 'second-factor.sms-enrol', outcome: 'failure', requestId: input.requestId });
        throw new AppError('SMS_CODE_INVALID');
      }
      if (!before.configured) return finishFirstFactor(input.caller, input.userAgent, input.requestId);
      await notify(input.caller.accountId, before.sms ? 'phone-changed' : 'factor-added-sms', input.requestId);
      return { stage: 'full' };
    },

    async removeFactor(input: { caller: AccessClaims; method: 'totp' | 'sms'; stepUpToken?: string; requestId: string }): Promise<void> {
      const current = await secondFactor.status(input.caller.accountId);
      const other = input.method === 'totp' ? current.sms : current.totp;
      if (!other) throw new AppError('LAST_FACTOR');
      await stepUp.require({ accountId: input.caller.accountId, sessionId: input.caller.sessionId, token: input.stepUpToken, purpose: 'remove-factor', requestId: input.requestId });
      await (input.method === 'totp' ? factors.totp.remove(input.caller.accountId) : factors.sms.remove(input.caller.accountId));
      await notify(input.caller.accountId, input.method === 'totp' ? 'factor-removed-totp' : 'factor-removed-sms', input.requestId);
    },

    async regenerateBackupCodes(input: { caller: AccessClaims; stepUpToken?: string; requestId: string }): Promise<{ backupCodes: string[] }> {
      await stepUp.require({ accountId: input.caller.accountId, sessionId: input.caller.sessionId, token: input.stepUpToken, purpose: 'regenerate-backup-codes', requestId: input.requestId });
      const backupCodes = await factors.backup.generate(input.caller.accountId);
      await notify(input.caller.accountId, 'backup-codes-regenerated', input.requestId);
      return { backupCodes };
    },
  };
}

export type Enrolment = ReturnType<typeof createEnrolment>;
