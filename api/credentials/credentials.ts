// Password change, recovery-code replacement, and password reset with the recovery code plus a
// second factor. The user key never changes, so every earlier message stays readable; only its
// wrapped copies and the verifiers are replaced, each in one document update.
import { AppError } from '../../shared/errors';
import { assertKdfParams, type KdfCost } from '../../shared/crypto/kdf';
import { isCryptoError } from '../../shared/crypto/errors';
import type { AuditLog } from '../audit/audit-log';
import type { RateLimiter } from '../rate-limit/limiter';
import type { AccountsRepository, KdfParamsRecord } from '../accounts/repository';
import { normaliseEmail } from '../accounts/accounts';
import { createVerifier, equalHashes, sha256, type VerifierParams } from '../accounts/verifier';
import { securityNoticeMail, type OutgoingMail, type SecurityEvent } from '../accounts/mail-texts';
import { sendNotice } from '../mail/mailer';
import type { SessionService } from '../sessions/sessions';
import type { AccessClaims } from '../sessions/tokens';
import type { Challenges } from '../two-factor/challenges';
import type { SecondFactor, SecondFactorMethod } from '../two-factor/second-factor';
import type { StepUp } from '../two-factor/step-up';

export interface NewPassword {
  kdf: KdfParamsRecord;
  authValue: string;
  wrappedUserKeyByPassword: string;
}

export interface NewRecovery {
  wrappedUserKeyByRecovery: string;
  authValue: string;
}

export function createCredentials(deps: {
  repository: AccountsRepository;
  sessions: SessionService;
  stepUp: StepUp;
  secondFactor: SecondFactor;
  challenges: Challenges;
  limiter: RateLimiter;
  audit: AuditLog;
  mailer: { send(mail: OutgoingMail): Promise<void> };
  verifierParams: VerifierParams;
  kdfMinimum: Readonly<KdfCost>;
  now: () => Date;
}) {
  const { repository, audit, now } = deps;

  /**
   * The notice of a change already made: a refused mail must not answer "failed" for a password that
   * was changed (the user would keep using the old one) — it is recorded in the audit log instead.
   */
  async function notify(input: { accountId: string; email: string; event: SecurityEvent; at: Date; requestId: string }): Promise<void> {
    if (!(await sendNotice(deps.mailer, securityNoticeMail({ to: input.email, event: input.event, at: input.at })))) {
      await audit.append({ actor: input.accountId, action: 'security.notice-mail', outcome: 'failure', requestId: input.requestId, details: { event: input.event } });
    }
  }

  function checkKdf(kdf: KdfParamsRecord): void {
    try {
      assertKdfParams(kdf, deps.kdfMinimum);
    } catch (err) {
      if (isCryptoError(err)) throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/kdf', problem: 'is weaker than the minimum or out of range' }] });
      throw err;
    }
  }

  return {
    /** Needs a step-up (current password and a factor); other sessions end, this one stays. */
    async changePassword(input: { caller: AccessClaims; stepUpToken?: string; password: NewPassword; requestId: string }): Promise<void> {
      const { caller } = input;
      checkKdf(input.password.kdf);
      await deps.stepUp.require({ accountId: caller.accountId, sessionId: caller.sessionId, token: input.stepUpToken, purpose: 'change-password', requestId: input.requestId });
      const updated = await repository.replacePassword({
        id: caller.accountId,
        kdf: input.password.kdf,
        authVerifier: await createVerifier(input.password.authValue, deps.verifierParams),
        wrappedUserKeyByPassword: input.password.wrappedUserKeyByPassword,
      });
      if (!updated) throw new AppError('SESSION_INVALID');
      const sessions = await deps.sessions.list(caller.accountId);
      for (const s of sessions) if (s._id !== caller.sessionId) await deps.sessions.revoke({ accountId: caller.accountId, sessionId: s._id, reason: 'password-changed', requestId: input.requestId });
      await audit.append({ actor: caller.accountId, action: 'credentials.password-change', outcome: 'success', requestId: input.requestId });
      await notify({ accountId: caller.accountId, email: updated.email, event: 'password-changed', at: now(), requestId: input.requestId });
    },

    /** A new recovery code made in the client while logged in; the old one stops working. */
    async replaceRecoveryCode(input: { caller: AccessClaims; stepUpToken?: string; recovery: NewRecovery; requestId: string }): Promise<{ createdAt: string }> {
      const { caller } = input;
      await deps.stepUp.require({ accountId: caller.accountId, sessionId: caller.sessionId, token: input.stepUpToken, purpose: 'replace-recovery-code', requestId: input.requestId });
      const at = now();
      const updated = await repository.replaceRecovery({ id: caller.accountId, recovery: { verifierHash: sha256(input.recovery.authValue), wrappedUserKeyByRecovery: input.recovery.wrappedUserKeyByRecovery, createdAt: at } });
      if (!updated) throw new AppError('SESSION_INVALID');
      await audit.append({ actor: caller.accountId, action: 'credentials.recovery-code-replace', outcome: 'success', requestId: input.requestId });
      await notify({ accountId: caller.accountId, email: updated.email, event: 'recovery-code-replaced', at, requestId: input.requestId });
      return { createdAt: at.toISOString() };
    },

    /**
     * Reset, step 1: prove the recovery code (its auth value). Limited like a factor. Unknown
     * addresses and wrong codes get the same answer.
     */
    async startRecovery(input: { email: string; recoveryAuthValue: string; requestId: string }): Promise<{ attemptToken: string; methods: SecondFactorMethod[] }> {
      const email = normaliseEmail(input.email);
      const key = [`factor:recovery:${email}`];
      await deps.limiter.assertAllowed(key);
      const account = await repository.findByEmail(email);
      const ok = account?.status === 'active' && account.recovery !== null && equalHashes(account.recovery.verifierHash, sha256(input.recoveryAuthValue));
      if (!account || !ok) {
        await deps.limiter.recordFailure(key);
        await audit.append({ actor: account?._id ?? null, action: 'recovery.code', outcome: 'failure', requestId: input.requestId });
        throw new AppError('RECOVERY_CODE_INVALID');
      }
      await deps.limiter.recordSuccess(key);
      const status = await deps.secondFactor.status(account._id);
      // A reset never bypasses the second factor; an account without one must use its password.
      if (!status.configured) throw new AppError('SECOND_FACTOR_SETUP_REQUIRED');
      const attempt = await deps.challenges.issue({ kind: 'recovery', accountId: account._id });
      await audit.append({ actor: account._id, action: 'recovery.code', outcome: 'success', requestId: input.requestId });
      return { attemptToken: attempt.token, methods: status.methods };
    },

    async sendRecoverySms(input: { attemptToken: string }): Promise<void> {
      const attempt = await deps.challenges.peek('recovery', input.attemptToken);
      if (!attempt) throw new AppError('CHALLENGE_INVALID');
      await deps.secondFactor.sendSms({ accountId: attempt.accountId, purpose: `recovery:${attempt._id}` });
    },

    /** Reset, step 2: the second factor; returns what the client needs to unwrap with the recovery code. */
    async verifyRecovery(input: { attemptToken: string; method: SecondFactorMethod; code: string; requestId: string }) {
      const attempt = await deps.challenges.peek('recovery', input.attemptToken);
      if (!attempt) throw new AppError('CHALLENGE_INVALID');
      await deps.secondFactor.verify({ accountId: attempt.accountId, method: input.method, code: input.code, purpose: `recovery:${attempt._id}`, requestId: input.requestId });
      if (!(await deps.challenges.consume('recovery', input.attemptToken))) throw new AppError('CHALLENGE_INVALID');
      const account = await repository.findById(attempt.accountId);
      if (!account?.keys || !account.recovery) throw new AppError('CHALLENGE_INVALID');
      const permit = await deps.challenges.issue({ kind: 'reset', accountId: account._id, purpose: account.recovery.verifierHash });
      return {
        resetToken: permit.token,
        accountId: account._id,
        wrappedUserKeyByRecovery: account.recovery.wrappedUserKeyByRecovery,
        encryptedPrivateKey: account.keys.encryptedPrivateKey,
      };
    },

    /** Reset, step 3: new password wrap and a new recovery code, atomically; every session ends. */
    async completeRecovery(input: { resetToken: string; password: NewPassword; recovery: NewRecovery; requestId: string }): Promise<void> {
      checkKdf(input.password.kdf);
      const permit = await deps.challenges.consume('reset', input.resetToken);
      if (!permit?.purpose) throw new AppError('CHALLENGE_INVALID');
      const at = now();
      const updated = await repository.resetCredentials({
        id: permit.accountId,
        expectedRecoveryHash: permit.purpose,
        kdf: input.password.kdf,
        authVerifier: await createVerifier(input.password.authValue, deps.verifierParams),
        wrappedUserKeyByPassword: input.password.wrappedUserKeyByPassword,
        recovery: { verifierHash: sha256(input.recovery.authValue), wrappedUserKeyByRecovery: input.recovery.wrappedUserKeyByRecovery, createdAt: at },
      });
      if (!updated) throw new AppError('CHALLENGE_INVALID');
      await deps.sessions.revoke({ accountId: updated._id, reason: 'password-reset', requestId: input.requestId });
      await audit.append({ actor: updated._id, action: 'credentials.password-reset', outcome: 'success', requestId: input.requestId });
      await notify({ accountId: updated._id, email: updated.email, event: 'password-reset', at, requestId: input.requestId });
    },
  };
}

export type Credentials = ReturnType<typeof createCredentials>;
