// Registration, address verification, activation with client-made keys, pre-login and login.
// The server never receives a password: it gets the client's auth value (derived with Argon2id in the
// client) and stores an Argon2id verifier of it. Answers never reveal whether an address has an account.
import crypto from 'node:crypto';
import { AppError } from '../../shared/errors';
import { PRODUCTION_KDF_PARAMS, assertKdfParams, type KdfCost } from '../../shared/crypto/kdf';
import { isCryptoError } from '../../shared/crypto/errors';
import type { AuditLog } from '../audit/audit-log';
import type { RateLimiter } from '../rate-limit/limiter';
import type { IssuedSession, SessionService } from '../sessions/sessions';
import type { AccountsRepository, AccountKeys, KdfParamsRecord } from './repository';
export { keysOf };
import { checkVerifier, createVerifier, dummyVerifier, sha256, type VerifierParams } from './verifier';
import { newTypeableToken, normaliseTypedToken } from './codes';
import { activatedMail, alreadyRegisteredMail, securityNoticeMail, verificationMail, type OutgoingMail } from './mail-texts';
import { sendNotice } from '../mail/mailer';
import type { SecondFactor, SecondFactorMethod } from '../two-factor/second-factor';
import type { Challenges } from '../two-factor/challenges';

export const VERIFICATION_TTL_MS = 24 * 3600 * 1000;
export const ENROLMENT_TTL_MS = 30 * 60 * 1000;
export const MAX_CODE_ATTEMPTS = 5;

/** The client's standard Argon2id parameters; pre-login fakes for unknown addresses use them too. */
export const STANDARD_KDF = { algorithm: PRODUCTION_KDF_PARAMS.algorithm, memoryKiB: PRODUCTION_KDF_PARAMS.memoryKiB, iterations: PRODUCTION_KDF_PARAMS.iterations, parallelism: PRODUCTION_KDF_PARAMS.parallelism } as const;

export interface InvitationLookup {
  findUsableInvitation(options: { token: string; now: Date }): Promise<{ number: string; kind: 'lawyer' | 'bailiff'; email: string } | null>;
  consumeInvitation(options: { token: string; accountId: string; now: Date }): Promise<{ number: string; kind: 'lawyer' | 'bailiff'; email: string } | null>;
}

export interface AccountsDependencies {
  repository: AccountsRepository;
  sessions: SessionService;
  audit: AuditLog;
  limiter: RateLimiter;
  mailer: { send(mail: OutgoingMail): Promise<void> };
  invitations: InvitationLookup;
  secondFactor: SecondFactor;
  challenges: Challenges;
  publicBaseUrl: URL;
  verifierParams: VerifierParams;
  /** The server refuses weaker client parameters at activation too (the client refuses them at login). */
  kdfMinimum: Readonly<KdfCost>;
  serverSecret: Buffer;
  now?: () => Date;
}

export interface ActivationInput {
  accountId: string;
  enrolmentToken: string;
  kdf: KdfParamsRecord;
  authValue: string;
  keys: AccountKeys;
  recovery: { wrappedUserKeyByRecovery: string; authValue: string };
  invitationToken?: string;
}

export type LoginResult =
  | { stage: 'setup'; session: IssuedSession }
  | { stage: 'second-factor'; attemptToken: string; methods: SecondFactorMethod[]; expiresAt: string };

export interface FullLogin {
  stage: 'full';
  session: IssuedSession;
  keys: AccountKeys;
  kdf: KdfParamsRecord | null;
  /** Set after a backup code: the user should set up the second factor again. */
  notice: 'backup-code-used' | null;
}

function keysOf(keys: AccountKeys): AccountKeys {
  return { publicKey: keys.publicKey, fingerprint: keys.fingerprint, wrappedUserKeyByPassword: keys.wrappedUserKeyByPassword, encryptedPrivateKey: keys.encryptedPrivateKey };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

const newId = () => crypto.randomBytes(16).toString('base64url');

export function createAccounts(deps: AccountsDependencies) {
  const now = deps.now ?? (() => new Date());
  const link = (fragment: string) => `${deps.publicBaseUrl.origin}/app#${fragment}`;
  const dummy = dummyVerifier(deps.verifierParams);

  return {
    /**
     * Starts a registration. Without a valid invitation the answer is always the same, and the mail
     * says what applies (a code, or "you already have an account"). A valid invitation for this very
     * address proves control of it, so the caller may go straight on to activation.
     */
    async register(options: { email: string; invitationToken?: string; requestId: string }): Promise<{ status: 'check-your-mail' } | { status: 'verified'; accountId: string; enrolmentToken: string; invitation: { kind: string } }> {
      const email = normaliseEmail(options.email);
      const at = now();
      await deps.limiter.assertAllowed([`register:${email}`]);
      await deps.limiter.recordFailure([`register:${email}`]); // every request counts: each one may send a mail
      if (options.invitationToken) {
        const invitation = await deps.invitations.findUsableInvitation({ token: options.invitationToken, now: at });
        if (!invitation || normaliseEmail(invitation.email) !== email) throw new AppError('INVITATION_INVALID');
        const enrolmentToken = crypto.randomBytes(32).toString('base64url');
        const account = await deps.repository.upsertPending({
          id: newId(),
          email,
          at,
          pendingExpiresAt: new Date(at.getTime() + VERIFICATION_TTL_MS),
          verification: null,
          enrolment: { tokenHash: sha256(enrolmentToken), expiresAt: new Date(at.getTime() + ENROLMENT_TTL_MS) },
          invitation: { number: invitation.number, kind: invitation.kind },
          verifiedAt: at,
        });
        if (!account) throw new AppError('INVITATION_INVALID', { message: 'This address already has an account. Log in instead.' });
        await deps.audit.append({ actor: account._id, action: 'account.register', outcome: 'success', requestId: options.requestId, details: { via: 'invitation' } });
        return { status: 'verified', accountId: account._id, enrolmentToken, invitation: { kind: invitation.kind } };
      }
      const code = newTypeableToken();
      const account = await deps.repository.upsertPending({
        id: newId(),
        email,
        at,
        pendingExpiresAt: new Date(at.getTime() + VERIFICATION_TTL_MS),
        verification: { tokenHash: sha256(normaliseTypedToken(code)), expiresAt: new Date(at.getTime() + VERIFICATION_TTL_MS), attempts: 0 },
        enrolment: null,
        invitation: null,
        verifiedAt: null,
      });
      if (account) {
        await deps.mailer.send(verificationMail({ to: email, code, link: link(`verify=${encodeURIComponent(email)}:${normaliseTypedToken(code)}`) }));
        await deps.audit.append({ actor: account._id, action: 'account.register', outcome: 'success', requestId: options.requestId, details: { via: 'code' } });
      } else {
        await deps.mailer.send(alreadyRegisteredMail({ to: email, loginLink: link('login') }));
      }
      return { status: 'check-your-mail' };
    },

    /** Proves control of the address with the mailed code; single use, a few attempts, then void. */
    async verifyAddress(options: { email: string; code: string; requestId: string }): Promise<{ accountId: string; enrolmentToken: string }> {
      const email = normaliseEmail(options.email);
      const key = `verify:${email}`;
      await deps.limiter.assertAllowed([key]);
      const at = now();
      const normalised = normaliseTypedToken(options.code);
      const enrolmentToken = crypto.randomBytes(32).toString('base64url');
      const account = normalised
        ? await deps.repository.verifyAddress({ email, tokenHash: sha256(normalised), at, enrolment: { tokenHash: sha256(enrolmentToken), expiresAt: new Date(at.getTime() + ENROLMENT_TTL_MS) } })
        : null;
      if (!account) {
        await deps.limiter.recordFailure([key]);
        await deps.repository.countWrongCode(email, MAX_CODE_ATTEMPTS);
        await deps.audit.append({ actor: null, action: 'account.verify', outcome: 'failure', requestId: options.requestId });
        throw new AppError('VERIFICATION_CODE_INVALID');
      }
      await deps.limiter.recordSuccess([key]);
      await deps.audit.append({ actor: account._id, action: 'account.verify', outcome: 'success', requestId: options.requestId });
      return { accountId: account._id, enrolmentToken };
    },

    /** Stores what the client made (keys wrapped, verifier input, recovery copy) in one update. */
    async activate(input: ActivationInput, requestId: string): Promise<{ accountId: string }> {
      try {
        assertKdfParams(input.kdf, deps.kdfMinimum);
      } catch (err) {
        if (isCryptoError(err)) throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/kdf', problem: 'is weaker than the minimum or out of range' }] });
        throw err;
      }
      const at = now();
      const current = await deps.repository.findById(input.accountId);
      if (!current || current.status !== 'pending') throw new AppError('INVITATION_INVALID', { message: 'This activation is not valid (any more). Register again.' });
      const authVerifier = await createVerifier(input.authValue, deps.verifierParams);
      const activated = await deps.repository.activate({
        id: input.accountId,
        enrolmentHash: sha256(input.enrolmentToken),
        at,
        kdf: input.kdf,
        authVerifier,
        keys: input.keys,
        recovery: { verifierHash: sha256(input.recovery.authValue), wrappedUserKeyByRecovery: input.recovery.wrappedUserKeyByRecovery, createdAt: at },
      });
      if (!activated) throw new AppError('INVITATION_INVALID', { message: 'This activation is not valid (any more). Register again.' });
      if (input.invitationToken && activated.invitation) {
        await deps.invitations.consumeInvitation({ token: input.invitationToken, accountId: activated._id, now: at });
      }
      await deps.audit.append({ actor: activated._id, action: 'account.activate', outcome: 'success', requestId, details: { invited: activated.invitation !== null } });
      // Activated is activated: the client must still show the recovery code when this mail fails.
      await sendNotice(deps.mailer, activatedMail({ to: activated.email, shownAt: at }));
      return { accountId: activated._id };
    },

    /** KDF salt and parameters; a deterministic fake of the same shape for unknown addresses. */
    async prelogin(options: { email: string }): Promise<{ kdf: KdfParamsRecord }> {
      const email = normaliseEmail(options.email);
      const account = await deps.repository.findByEmail(email);
      if (account?.status === 'active' && account.kdf) return { kdf: account.kdf };
      const salt = crypto.createHmac('sha256', deps.serverSecret).update(`prelogin:${email}`).digest().subarray(0, 16).toString('base64url');
      return { kdf: { ...STANDARD_KDF, salt } };
    },

    /** Password stage. The same verifier work runs for unknown addresses and wrong passwords. */
    async login(options: { email: string; authValue: string; ip: string; userAgent: string | undefined; requestId: string }): Promise<LoginResult> {
      const email = normaliseEmail(options.email);
      const keys = [`login:account:${email}`, `login:address-ip:${email}|${options.ip}`];
      await deps.limiter.assertAllowed(keys);
      const account = await deps.repository.findByEmail(email);
      const usable = account?.status === 'active' && account.authVerifier ? account : null;
      const ok = await checkVerifier(options.authValue, usable?.authVerifier ?? dummy);
      if (!usable || !ok) {
        await deps.limiter.recordFailure(keys);
        await deps.audit.append({ actor: usable?._id ?? null, action: 'login.password', outcome: 'failure', requestId: options.requestId });
        throw new AppError('CREDENTIALS_INVALID');
      }
      // Only the per-address+IP delays clear here; the account's hourly count and every factor's own
      // counter stay, so a known password does not buy more guesses at the second factor.
      await deps.limiter.recordSuccess(keys);
      await deps.audit.append({ actor: usable._id, action: 'login.password', outcome: 'success', requestId: options.requestId });
      const factors = await deps.secondFactor.status(usable._id);
      if (!factors.configured) {
        // Until the account has a second factor, its session may only set one up.
        const session = await deps.sessions.create({ accountId: usable._id, stage: 'setup', userAgent: options.userAgent, requestId: options.requestId });
        return { stage: 'setup', session };
      }
      const attempt = await deps.challenges.issue({ kind: 'login', accountId: usable._id });
      return { stage: 'second-factor', attemptToken: attempt.token, methods: factors.methods, expiresAt: attempt.expiresAt.toISOString() };
    },

    /** Sends an SMS code bound to this login attempt. */
    async sendLoginSms(options: { attemptToken: string }): Promise<void> {
      const attempt = await deps.challenges.peek('login', options.attemptToken);
      if (!attempt) throw new AppError('CHALLENGE_INVALID');
      await deps.secondFactor.sendSms({ accountId: attempt.accountId, purpose: `login:${attempt._id}` });
    },

    /** Second-factor stage: a full session, and the wrapped keys the client unlocks with the password. */
    async completeLogin(options: { attemptToken: string; method: SecondFactorMethod; code: string; userAgent: string | undefined; requestId: string }): Promise<FullLogin> {
      const attempt = await deps.challenges.peek('login', options.attemptToken);
      if (!attempt) throw new AppError('CHALLENGE_INVALID');
      await deps.secondFactor.verify({ accountId: attempt.accountId, method: options.method, code: options.code, purpose: `login:${attempt._id}`, requestId: options.requestId });
      if (!(await deps.challenges.consume('login', options.attemptToken))) throw new AppError('CHALLENGE_INVALID');
      const account = await deps.repository.findById(attempt.accountId);
      if (!account || account.status !== 'active' || !account.keys) throw new AppError('CHALLENGE_INVALID');
      const session = await deps.sessions.create({ accountId: account._id, stage: 'full', userAgent: options.userAgent, requestId: options.requestId });
      let notice: FullLogin['notice'] = null;
      if (options.method === 'backup') {
        notice = 'backup-code-used';
        // The code is spent and the session made: a mail outage must not turn this login into an error.
        await sendNotice(deps.mailer, securityNoticeMail({ to: account.email, event: 'backup-code-used', at: now() }));
      }
      return { stage: 'full', session, keys: keysOf(account.keys), kdf: account.kdf, notice };
    },

    async me(accountId: string) {
      const account = await deps.repository.findById(accountId);
      if (!account || account.status !== 'active') throw new AppError('SESSION_INVALID');
      return {
        accountId: account._id,
        email: account.email,
        status: account.status,
        // Told only to someone who proved control of the address (a logged-in user).
        invitation: account.invitation ? { kind: account.invitation.kind } : null,
        fingerprint: account.keys?.fingerprint ?? null,
        recoveryCodeCreatedAt: account.recovery?.createdAt.toISOString() ?? null,
      };
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
