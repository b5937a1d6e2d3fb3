// Starting over when both the password and the recovery code are lost (checklist F7): re-proofing at
// enrolment level. A new invitation goes to the register's address (the account's address when no
// number is linked); a cooling-off period follows, told to that address and cancellable from it; then
// the client makes new keys as at activation. The account keeps its id, address and professional link;
// its second factors are removed (set up again at the next login), its sessions end, delegations must
// be granted again, and mail encrypted to the old keys stays unreadable — the texts say so plainly.
import crypto from 'node:crypto';
import { AppError } from '../../shared/errors';
import { assertKdfParams, type KdfCost } from '../../shared/crypto/kdf';
import { isCryptoError } from '../../shared/crypto/errors';
import { coolingOffTexts, RE_ENROLMENT_TEXTS } from '../../shared/professional/lifecycle-messages';
import type { Texts } from '../../shared/professional/messages';
import type { AccountDocument, AccountKeys, KdfParamsRecord } from '../accounts/repository';
import { normaliseEmail } from '../accounts/accounts';
import { createVerifier, sha256, type VerifierParams } from '../accounts/verifier';
import { ExplainedError } from '../professional/errors';
import { linkProblem } from '../professional/professional';
import { removeSecondFactors, type LifecycleDeps } from './deps';
import { reEnrolmentCancelledMail, reEnrolmentCancelLink, reEnrolmentCompletedMail, reEnrolmentLink, reEnrolmentMail, reEnrolmentNotHereMail } from './mail-texts';

export const DEFAULT_COOLING_OFF_HOURS = 72;
/** How long the link keeps working once the cooling-off is over. */
export const DEFAULT_COMPLETION_WINDOW_HOURS = 7 * 24;

export interface ReEnrolmentKeys {
  token: string;
  kdf: KdfParamsRecord;
  authValue: string;
  keys: AccountKeys;
  recovery: { wrappedUserKeyByRecovery: string; authValue: string };
}

export interface ReEnrolmentView {
  accountId: string;
  state: 'cooling-off' | 'ready';
  notBefore: string;
  expiresAt: string;
  texts: Texts[];
}

const newToken = () => crypto.randomBytes(32).toString('base64url');

export function createReEnrolment(
  deps: LifecycleDeps & { verifierParams: VerifierParams; kdfMinimum: Readonly<KdfCost>; coolingOffHours?: number; completionWindowHours?: number },
) {
  const { accounts, audit, now } = deps;
  const coolingOffHours = deps.coolingOffHours ?? DEFAULT_COOLING_OFF_HOURS;
  const windowMs = (deps.completionWindowHours ?? DEFAULT_COMPLETION_WINDOW_HOURS) * 3600 * 1000;
  const invalid = () => new ExplainedError('RE_ENROLMENT_INVALID', { reason: 'invalid', texts: RE_ENROLMENT_TEXTS.invalid });
  const consequences: Texts[] = [RE_ENROLMENT_TEXTS.oldMailUnreadable, RE_ENROLMENT_TEXTS.secondFactorAgain, RE_ENROLMENT_TEXTS.delegationsAgain];

  /** The register's address for a linked account, or the account's own when nothing is linked; null when the register no longer backs the link. */
  async function invitationAddress(account: AccountDocument): Promise<string | null> {
    const link = account.professional;
    if (!link) return account.email;
    const entry = await deps.register.findRegisterEntryByNumber(link.number);
    return entry && linkProblem(entry, { email: account.email, kind: link.kind }) === null ? entry.email : null;
  }

  async function liveByToken(token: string, at: Date): Promise<AccountDocument & { reEnrolment: NonNullable<AccountDocument['reEnrolment']> }> {
    const account = await accounts.findByReEnrolmentToken(sha256(token), at);
    if (!account?.reEnrolment) throw invalid();
    return { ...account, reEnrolment: account.reEnrolment };
  }

  return {
    /**
     * The same answer for every address, whether it has an account or not. Every request counts
     * against the address's limit, because each may send a mail.
     */
    async request(input: { email: string; requestId: string }): Promise<{ status: 'check-your-mail'; texts: Texts[] }> {
      const email = normaliseEmail(input.email);
      const answer = { status: 'check-your-mail' as const, texts: [RE_ENROLMENT_TEXTS.requested, RE_ENROLMENT_TEXTS.oldMailUnreadable] };
      const limit = [`re-enrol:${email}`];
      await deps.limiter.assertAllowed(limit);
      await deps.limiter.recordFailure(limit);
      const account = await accounts.findByEmail(email);
      if (!account || account.status !== 'active') {
        await audit.append({ actor: null, action: 'account.re-enrolment.request', outcome: 'failure', requestId: input.requestId, details: { reason: 'no-account' } });
        return answer;
      }
      const to = await invitationAddress(account);
      if (to === null) {
        await audit.append({ actor: account._id, action: 'account.re-enrolment.request', outcome: 'denied', requestId: input.requestId, details: { reason: 'register-changed' } });
        await deps.professional.notify(reEnrolmentNotHereMail({ to: account.email }), account._id);
        return answer;
      }
      const at = now();
      // A repeated request sends a fresh link (the old one stops working) but never shortens the wait.
      const pending = account.reEnrolment && account.reEnrolment.expiresAt > at ? account.reEnrolment : null;
      const notBefore = pending?.notBefore ?? new Date(at.getTime() + coolingOffHours * 3600 * 1000);
      const expiresAt = new Date(notBefore.getTime() + windowMs);
      const token = newToken();
      const cancelToken = newToken();
      const started = await accounts.startReEnrolment({
        id: account._id,
        reEnrolment: { tokenHash: sha256(token), cancelHash: sha256(cancelToken), requestedAt: pending?.requestedAt ?? at, notBefore, expiresAt },
      });
      if (!started) return answer;
      await audit.append({ actor: account._id, action: 'account.re-enrolment.request', outcome: 'success', requestId: input.requestId, details: { notBefore: notBefore.toISOString(), linked: account.professional != null } });
      await deps.professional.notify(
        reEnrolmentMail({ to, link: reEnrolmentLink(deps.publicBaseUrl, token), cancelLink: reEnrolmentCancelLink(deps.publicBaseUrl, cancelToken), notBefore, expiresAt, hours: coolingOffHours }),
        account._id,
      );
      return answer;
    },

    /** What the link's holder sees: still waiting, or ready; and what starting over costs. */
    async view(input: { token: string }): Promise<ReEnrolmentView> {
      const at = now();
      const account = await liveByToken(input.token, at);
      const { notBefore, expiresAt } = account.reEnrolment;
      const ready = notBefore <= at;
      return {
        accountId: account._id,
        state: ready ? 'ready' : 'cooling-off',
        notBefore: notBefore.toISOString(),
        expiresAt: expiresAt.toISOString(),
        texts: [ready ? RE_ENROLMENT_TEXTS.ready : coolingOffTexts(notBefore, coolingOffHours), ...consequences],
      };
    },

    /** New keys, made in the client as at activation, once the cooling-off is over. */
    async complete(input: ReEnrolmentKeys & { requestId: string }): Promise<{ accountId: string; texts: Texts[] }> {
      try {
        assertKdfParams(input.kdf, deps.kdfMinimum);
      } catch (err) {
        if (isCryptoError(err)) throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/kdf', problem: 'is weaker than the minimum or out of range' }] });
        throw err;
      }
      const at = now();
      const account = await liveByToken(input.token, at);
      if (account.reEnrolment.notBefore > at) {
        throw new ExplainedError('RE_ENROLMENT_COOLING_OFF', { reason: 'cooling-off', texts: coolingOffTexts(account.reEnrolment.notBefore, coolingOffHours), details: [{ path: 'body/token', problem: `usable from ${account.reEnrolment.notBefore.toISOString()}` }] });
      }
      if ((await invitationAddress(account)) === null) throw new ExplainedError('RE_ENROLMENT_INVALID', { reason: 'register-changed', texts: RE_ENROLMENT_TEXTS.registerChanged });
      const old = account.keys;
      const updated = await accounts.completeReEnrolment({
        tokenHash: sha256(input.token),
        at,
        previousFingerprint: old?.fingerprint ?? null,
        retired: old ? { publicKey: old.publicKey, fingerprint: old.fingerprint, retiredAt: at, reason: 're-enrolment' } : null,
        kdf: input.kdf,
        authVerifier: await createVerifier(input.authValue, deps.verifierParams),
        keys: input.keys,
        recovery: { verifierHash: sha256(input.recovery.authValue), wrappedUserKeyByRecovery: input.recovery.wrappedUserKeyByRecovery, createdAt: at },
      });
      if (!updated) throw invalid();
      await deps.sessions.revoke({ accountId: updated._id, reason: 're-enrolment', requestId: input.requestId });
      await removeSecondFactors(deps.factors, updated._id);
      const revoked = await deps.delegations.revokeDelegationsAfterReEnrolment({ accountId: updated._id, requestId: input.requestId });
      await audit.append({
        actor: updated._id,
        action: 'account.re-enrolment.complete',
        outcome: 'success',
        requestId: input.requestId,
        details: { previousFingerprint: old?.fingerprint ?? null, fingerprint: input.keys.fingerprint, linked: updated.professional != null, delegationsRevoked: revoked },
      });
      await deps.professional.notify(reEnrolmentCompletedMail({ to: updated.email, at }), updated._id);
      return { accountId: updated._id, texts: [RE_ENROLMENT_TEXTS.completed, ...consequences] };
    },

    /** Shown to the account's live sessions, so the real user sees a request they did not make. */
    async pending(accountId: string): Promise<{ requestedAt: string; notBefore: string; expiresAt: string } | null> {
      const account = await accounts.findById(accountId);
      const pending = account?.status === 'active' ? account.reEnrolment : null;
      if (!pending || pending.expiresAt <= now()) return null;
      return { requestedAt: pending.requestedAt.toISOString(), notBefore: pending.notBefore.toISOString(), expiresAt: pending.expiresAt.toISOString() };
    },

    /** From the cancel link in the mail. */
    async cancelByToken(input: { cancelToken: string; requestId: string }): Promise<{ texts: Texts[] }> {
      const at = now();
      const before = await accounts.cancelReEnrolment({ cancelHash: sha256(input.cancelToken), at });
      if (!before) throw invalid();
      await audit.append({ actor: before._id, action: 'account.re-enrolment.cancel', outcome: 'success', requestId: input.requestId, details: { via: 'mail' } });
      await deps.professional.notify(reEnrolmentCancelledMail({ to: before.email, at }), before._id);
      return { texts: [RE_ENROLMENT_TEXTS.cancelled] };
    },

    /** From a session of the account: the real user, still logged in somewhere, stops it. */
    async cancelByAccount(input: { accountId: string; requestId: string }): Promise<{ cancelled: boolean; texts: Texts[] }> {
      const at = now();
      const before = await accounts.cancelReEnrolment({ id: input.accountId, at });
      if (!before?.reEnrolment) return { cancelled: false, texts: [] };
      await audit.append({ actor: input.accountId, action: 'account.re-enrolment.cancel', outcome: 'success', requestId: input.requestId, details: { via: 'session' } });
      await deps.professional.notify(reEnrolmentCancelledMail({ to: before.email, at }), before._id);
      return { cancelled: true, texts: [RE_ENROLMENT_TEXTS.cancelled] };
    },
  };
}

export type ReEnrolment = ReturnType<typeof createReEnrolment>;
