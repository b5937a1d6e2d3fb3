// Delegated access (step 5 of the seed): a lawyer or bailiff with an active Rechtspraak connection
// grants a secretary the scopes send_on_behalf and/or read. The lawyer's client signs each grant with
// the lawyer's own key; the server checks that signature, stores grant and signature, and decides
// every on-behalf request from the stored state — never from the token or from Outlook's delegate
// flags — so a revocation bites on the next request. See README.md.
import crypto from 'node:crypto';
import { AppError } from '../../shared/errors';
import { verifyGrant, type DelegationGrant } from '../../shared/crypto/grants';
import { normaliseScopes, type DelegationScope } from '../../shared/delegations/scopes';
import { accept, effectiveState, expire, revoke, type DelegationState } from '../../shared/delegations/state';
import { normaliseAddress, resolvePrincipals, type PrincipalMatch } from '../../shared/delegations/principals';
import { DELEGATION_TEXTS } from '../../shared/delegations/texts';
import type { DirectoryDelegate } from '../../shared/delegations/directory-trust';
import type { AuditLog } from '../audit/audit-log';
import type { AccountDocument, AccountsRepository } from '../accounts/repository';
import type { Mailer, MailMessage } from '../mail/mailer';
import type { CourtConnectionCheck } from '../messages/messages';
import { ExplainedError } from '../professional/errors';
import type { RateLimiter } from '../rate-limit/limiter';
import type { AccessClaims } from '../sessions/tokens';
import type { StepUp } from '../two-factor/step-up';
import { acceptedMail, endedMail, grantedToDelegateMail, grantedToPrincipalMail, onBehalfDigestMail, sentOnBehalfMail, type OnBehalfItem } from './mail-texts';
import { liveKeyOf, type DelegationDocument, type DelegationSettingsDocument, type DelegationsRepository, type EndReason } from './repository';

/** How far a grant's signed createdAt may be from the server's clock. */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 10 * 60 * 1000;
/** A digest goes out once the oldest message it reports is this old. */
export const DIGEST_AFTER_MS = 24 * 3600 * 1000;

/** What the delegations feature needs to know about shared mailboxes (api/firms provides it). */
export interface SharedMailboxLookup {
  /** The verified shared mailbox with this address and the accounts that use it, or null. */
  mailboxForAddress(address: string): Promise<{ address: string; userAccountIds: string[] } | null>;
}

/** The part of the life cycle the firms feature adds: a closed account leaves its firms and mailboxes. */
export interface FirmsLifecycle {
  removeAccount(input: { accountId: string; requestId: string }): Promise<number>;
}

export interface GrantEndingDeps {
  repository: DelegationsRepository;
  accounts: Pick<AccountsRepository, 'findById'>;
  audit: Pick<AuditLog, 'append'>;
  mailer: Pick<Mailer, 'send'>;
  now: () => Date;
}

export interface DelegationsDeps extends GrantEndingDeps {
  accounts: Pick<AccountsRepository, 'findById' | 'findByEmail'>;
  /** api/professional's courtConnection: only a lawyer or bailiff with an active connection may grant. */
  court: CourtConnectionCheck;
  /** api/two-factor's SecondFactor (status only): a delegate must have a second factor. */
  secondFactor: { status(accountId: string): Promise<{ configured: boolean }> };
  stepUp: Pick<StepUp, 'require'>;
  limiter: Pick<RateLimiter, 'assertAllowed' | 'recordFailure' | 'recordSuccess'>;
  mailboxes: SharedMailboxLookup;
  publicBaseUrl: URL;
  maxClockSkewMs?: number;
}

export interface PartyView {
  accountId: string;
  /** Null once the account is closed. */
  email: string | null;
}

export interface GrantView {
  grantId: string;
  state: DelegationState;
  scopes: DelegationScope[];
  expiresAt: string | null;
  createdAt: string;
  activatedAt: string | null;
  endedAt: string | null;
  endReason: EndReason | null;
  principal: PartyView;
  delegate: PartyView & { fingerprint: string };
  /** The signed grant and the principal's signature, for any client to check. */
  grant: DelegationGrant;
  signature: string;
  /** The principal's display preference (see shared/delegations/display.ts). */
  display: { showOnlyPrincipalName: boolean };
}

export interface SettingsView {
  showOnlyPrincipalName: boolean;
  onBehalfNotice: 'each' | 'daily';
}

export interface PrincipalInfo {
  accountId: string;
  email: string;
  /** The signed-in user herself. */
  self: boolean;
  /** The grant the user acts under (null for herself). */
  grantId: string | null;
  scopes: DelegationScope[];
  expiresAt: string | null;
  professional: { number: string | null; kind: 'lawyer' | 'bailiff' | null; courtConnectionActive: boolean };
  /** The principal's key: a message sent on behalf is also encrypted to it. */
  publicKey: string | null;
  fingerprint: string | null;
  display: { showOnlyPrincipalName: boolean };
}

const settingsView = (s: Pick<DelegationSettingsDocument, 'showOnlyPrincipalName' | 'onBehalfNotice'>): SettingsView => ({ showOnlyPrincipalName: s.showOnlyPrincipalName, onBehalfNotice: s.onBehalfNotice });
const emailOf = (account: AccountDocument | null): string | null => (account && account.status !== 'closed' ? account.email : null);

/** Ends grants (revoke or expire), once each, with audit and mail to both parties. Shared by the routes, the sweeper and the life-cycle hooks. */
export function createGrantEnding(deps: GrantEndingDeps) {
  const { repository, audit, now } = deps;

  async function notify(message: MailMessage, accountId: string | null): Promise<void> {
    try {
      await deps.mailer.send(message);
    } catch {
      await audit.append({ actor: null, action: 'notice.mail', outcome: 'failure', target: accountId, details: { kind: message.kind } });
    }
  }

  async function tellBoth(doc: DelegationDocument, reason: EndReason, at: Date, skip: string | null): Promise<void> {
    const [principal, delegate] = await Promise.all([deps.accounts.findById(doc.principalAccountId), deps.accounts.findById(doc.delegateAccountId)]);
    const principalEmail = emailOf(principal) ?? '(opgeheven account / closed account)';
    const delegateEmail = emailOf(delegate) ?? '(opgeheven account / closed account)';
    for (const party of [principal, delegate]) {
      const email = emailOf(party);
      if (!party || !email || party._id === skip) continue;
      await notify(endedMail({ to: email, principalEmail, delegateEmail, reason, at }), party._id);
    }
  }

  /**
   * Applies one ending transition. `event` decides the function of the state machine (which refuses
   * an illegal one); the update's filter holds the state it started from, so it happens once.
   */
  async function end(input: { doc: DelegationDocument; event: 'revoke' | 'expire'; by: string | null; reason: EndReason; requestId: string | null; skipMailTo?: string | null }): Promise<DelegationDocument | null> {
    const at = now();
    const to = input.event === 'revoke' ? revoke(effectiveState(input.doc, at)) : expire(input.doc.state);
    const ended = await repository.transition({ id: input.doc._id, from: input.doc.state, to, at, by: input.by, reason: input.reason });
    if (!ended) return null;
    await audit.append({
      actor: input.by,
      actingFor: null,
      action: to === 'expired' ? 'delegation.expire' : 'delegation.revoke',
      outcome: 'success',
      target: ended._id,
      requestId: input.requestId,
      details: { principal: ended.principalAccountId, delegate: ended.delegateAccountId, reason: input.reason },
    });
    await tellBoth(ended, input.reason, at, input.skipMailTo ?? null);
    return ended;
  }

  /** Every live grant an account gave or holds ends (life cycle: re-enrolment, closing). */
  async function endAllOf(input: { accountId: string; reason: 're-enrolment' | 'account-closed'; requestId: string }): Promise<number> {
    let count = 0;
    for (const doc of await repository.liveOf(input.accountId)) {
      const state = doc.state;
      if (state !== 'created' && state !== 'active') continue;
      // Already past its expiry: recorded as expired (revoking it would be an illegal transition).
      const expired = effectiveState(doc, now()) === 'expired';
      // The account's own notice comes from the life-cycle flow; the other party hears from us.
      const ended = await end({ doc, event: expired ? 'expire' : 'revoke', by: expired ? null : input.accountId, reason: expired ? 'expired' : input.reason, requestId: input.requestId, skipMailTo: input.accountId });
      if (ended) count += 1;
    }
    return count;
  }

  return { end, endAllOf, notify };
}

/** The hooks api/lifecycle calls (see api/lifecycle/hooks.ts): grants signed with old keys, or of a closed account, end. */
export function createDelegationHooks(deps: GrantEndingDeps & { firms?: FirmsLifecycle }) {
  const ending = createGrantEnding(deps);
  return {
    revokeDelegationsAfterReEnrolment: (input: { accountId: string; requestId: string }) => ending.endAllOf({ ...input, reason: 're-enrolment' }),
    async revokeDelegationsOfClosedAccount(input: { accountId: string; requestId: string }): Promise<number> {
      const count = await ending.endAllOf({ ...input, reason: 'account-closed' });
      await deps.repository.removeSettings(input.accountId);
      if (deps.firms) await deps.firms.removeAccount(input);
      return count;
    },
  };
}

export function createDelegations(deps: DelegationsDeps) {
  const { repository, audit, now } = deps;
  const maxSkew = deps.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS;
  const ending = createGrantEnding(deps);
  const { notify } = ending;

  async function activeAccount(accountId: string): Promise<AccountDocument> {
    const account = await deps.accounts.findById(accountId);
    if (!account || account.status !== 'active') throw new AppError('SESSION_INVALID');
    return account;
  }

  async function view(doc: DelegationDocument, at: Date, settings?: DelegationSettingsDocument): Promise<GrantView> {
    const [principal, delegate] = await Promise.all([deps.accounts.findById(doc.principalAccountId), deps.accounts.findById(doc.delegateAccountId)]);
    const display = settings ?? (await repository.settingsOf(doc.principalAccountId));
    return {
      grantId: doc._id,
      state: effectiveState(doc, at),
      scopes: doc.scopes,
      expiresAt: doc.expiresAt?.toISOString() ?? null,
      createdAt: doc.createdAt.toISOString(),
      activatedAt: doc.activatedAt?.toISOString() ?? null,
      endedAt: doc.endedAt?.toISOString() ?? null,
      endReason: doc.endReason,
      principal: { accountId: doc.principalAccountId, email: emailOf(principal) },
      delegate: { accountId: doc.delegateAccountId, email: emailOf(delegate), fingerprint: doc.grant.delegateFingerprint },
      grant: doc.grant,
      signature: doc.signature,
      display: { showOnlyPrincipalName: display.showOnlyPrincipalName },
    };
  }

  /** Only a lawyer or bailiff with steps 1–4 done may grant (and look up whom to grant to). */
  async function requireGranter(accountId: string, requestId: string, action: string): Promise<void> {
    if ((await deps.court.check(accountId)).active) return;
    await audit.append({ actor: accountId, action, outcome: 'denied', requestId, details: { reason: 'court-connection-inactive' } });
    throw new ExplainedError('COURT_CONNECTION_REQUIRED', { reason: 'granter-not-connected', texts: DELEGATION_TEXTS.granterNotConnected });
  }

  /** The delegate must exist, be active with keys, and have a second factor (steps 2 and 3). */
  async function readyDelegate(account: AccountDocument | null): Promise<AccountDocument & { keys: NonNullable<AccountDocument['keys']> }> {
    if (!account || account.status !== 'active' || !account.keys) throw new ExplainedError('DELEGATE_NOT_READY', { reason: 'no-account', texts: DELEGATION_TEXTS.delegateWithoutAccount });
    if (!(await deps.secondFactor.status(account._id)).configured) throw new ExplainedError('DELEGATE_NOT_READY', { reason: 'second-factor-missing', texts: DELEGATION_TEXTS.delegateWithoutSecondFactor });
    return account as AccountDocument & { keys: NonNullable<AccountDocument['keys']> };
  }

  /** Whether `actor` holds `scope` from `principal` right now; a refusal is audited (actor, target, decision). */
  async function inForce(input: { actorAccountId: string; principalAccountId: string }, scope: DelegationScope): Promise<boolean> {
    if (input.actorAccountId === input.principalAccountId) return false;
    const at = now();
    const grant = await repository.findInForce({ principalAccountId: input.principalAccountId, delegateAccountId: input.actorAccountId, scope, at });
    let allowed = grant !== null;
    if (grant) {
      const [principal, delegate] = await Promise.all([deps.accounts.findById(input.principalAccountId), deps.accounts.findById(input.actorAccountId)]);
      allowed = principal?.status === 'active' && delegate?.status === 'active' && delegate.keys?.fingerprint === grant.grant.delegateFingerprint;
    }
    if (!allowed) await audit.append({ actor: input.actorAccountId, actingFor: input.principalAccountId, action: 'delegation.check', outcome: 'denied', details: { scope } });
    return allowed;
  }

  async function principalInfo(account: AccountDocument, options: { self: boolean; grant: DelegationDocument | null; settings: SettingsView }): Promise<PrincipalInfo> {
    const connection = await deps.court.check(account._id);
    return {
      accountId: account._id,
      email: account.email,
      self: options.self,
      grantId: options.grant?._id ?? null,
      scopes: options.grant ? options.grant.scopes : ['send_on_behalf', 'read'],
      expiresAt: options.grant?.expiresAt?.toISOString() ?? null,
      professional: { number: connection.number, kind: connection.kind, courtConnectionActive: connection.active },
      publicKey: account.keys?.publicKey ?? null,
      fingerprint: account.keys?.fingerprint ?? null,
      display: { showOnlyPrincipalName: options.self ? false : options.settings.showOnlyPrincipalName },
    };
  }

  return {
    /** The lawyer's client looks up whom to grant to, and gets the key fingerprint to sign. */
    async lookupDelegate(input: { caller: AccessClaims; email: string; requestId: string }) {
      const me = await activeAccount(input.caller.accountId);
      await requireGranter(me._id, input.requestId, 'delegation.lookup');
      const limit = [`delegation-lookup:${me._id}`];
      await deps.limiter.assertAllowed(limit);
      const email = normaliseAddress(input.email);
      if (email === me.email) throw new ExplainedError('GRANT_INVALID', { reason: 'self', texts: DELEGATION_TEXTS.notForSomeoneElse });
      try {
        const delegate = await readyDelegate(await deps.accounts.findByEmail(email));
        return { accountId: delegate._id, email: delegate.email, publicKey: delegate.keys.publicKey, fingerprint: delegate.keys.fingerprint };
      } catch (err) {
        await deps.limiter.recordFailure(limit);
        throw err;
      }
    },

    /** Stores a grant the principal's client signed, after step-up "grant-delegation". */
    async grant(input: { caller: AccessClaims; grant: DelegationGrant; signature: string; stepUpToken?: string; requestId: string }): Promise<GrantView> {
      const { caller, grant, requestId } = input;
      const refuse = async (reason: string, error: AppError): Promise<never> => {
        await audit.append({ actor: caller.accountId, actingFor: null, action: 'delegation.grant', outcome: error.code === 'FORBIDDEN' ? 'denied' : 'failure', target: grant.delegateAccountId, requestId, details: { reason } });
        throw error;
      };
      // Only for one's own account: a delegate cannot pass access on, nor grant in the principal's name.
      if (grant.principalAccountId !== caller.accountId) return refuse('not-own-account', new ExplainedError('FORBIDDEN', { reason: 'not-own-account', texts: DELEGATION_TEXTS.notForSomeoneElse }));
      const me = await activeAccount(caller.accountId);
      await requireGranter(me._id, requestId, 'delegation.grant');
      if (!me.keys) return refuse('no-keys', new AppError('SESSION_INVALID'));
      const scopes = normaliseScopes(grant.scopes);
      if (!scopes) return refuse('scopes', new AppError('VALIDATION_FAILED', { details: [{ path: 'body/grant/scopes', problem: 'must be send_on_behalf and/or read, each once' }] }));
      if (grant.delegateAccountId === me._id) return refuse('self', new ExplainedError('GRANT_INVALID', { reason: 'self', texts: DELEGATION_TEXTS.notForSomeoneElse }));
      let delegate: Awaited<ReturnType<typeof readyDelegate>>;
      try {
        delegate = await readyDelegate(await deps.accounts.findById(grant.delegateAccountId));
      } catch (err) {
        return refuse(err instanceof ExplainedError ? err.reason : 'delegate', err as AppError);
      }
      if (delegate.keys.fingerprint !== grant.delegateFingerprint) return refuse('delegate-key-changed', new ExplainedError('GRANT_INVALID', { reason: 'delegate-key-changed', texts: DELEGATION_TEXTS.delegateKeyChanged }));
      const at = now();
      const createdAt = Date.parse(grant.createdAt);
      if (!Number.isFinite(createdAt) || Math.abs(createdAt - at.getTime()) > maxSkew) return refuse('clock-skew', new ExplainedError('GRANT_INVALID', { reason: 'clock-skew', texts: DELEGATION_TEXTS.clockSkew }));
      const expiresAt = grant.expiresAt === null ? null : new Date(Date.parse(grant.expiresAt));
      if (expiresAt !== null && !(expiresAt.getTime() > at.getTime())) return refuse('expiry-in-past', new ExplainedError('GRANT_INVALID', { reason: 'expiry-in-past', texts: DELEGATION_TEXTS.expiryInPast }));
      if (!(await verifyGrant({ grant, signature: input.signature, principalPublicKey: me.keys.publicKey }))) return refuse('signature-invalid', new ExplainedError('GRANT_INVALID', { reason: 'signature-invalid', texts: DELEGATION_TEXTS.signatureInvalid }));
      // Before the step-up is used up: a grant that already exists should not cost the user a new one.
      if (await repository.findLive(me._id, delegate._id)) return refuse('exists', new ExplainedError('DELEGATION_EXISTS', { reason: 'exists', texts: DELEGATION_TEXTS.exists }));
      await deps.stepUp.require({ accountId: me._id, sessionId: caller.sessionId, token: input.stepUpToken, purpose: 'grant-delegation', requestId });
      const doc: DelegationDocument = {
        _id: crypto.randomBytes(16).toString('base64url'),
        principalAccountId: me._id,
        delegateAccountId: delegate._id,
        scopes,
        expiresAt,
        createdAt: at,
        grant: { principalAccountId: grant.principalAccountId, delegateAccountId: grant.delegateAccountId, delegateFingerprint: grant.delegateFingerprint, scopes: [...grant.scopes], expiresAt: grant.expiresAt, createdAt: grant.createdAt },
        signature: input.signature,
        state: 'created',
        liveKey: liveKeyOf(me._id, delegate._id),
        activatedAt: null,
        endedAt: null,
        endedBy: null,
        endReason: null,
      };
      if ((await repository.insert(doc)) === 'exists') return refuse('exists', new ExplainedError('DELEGATION_EXISTS', { reason: 'exists', texts: DELEGATION_TEXTS.exists }));
      await audit.append({ actor: me._id, action: 'delegation.grant', outcome: 'success', target: doc._id, requestId, details: { delegate: delegate._id, scopes: scopes.join(','), expiresAt: grant.expiresAt } });
      await notify(grantedToDelegateMail({ to: delegate.email, principalEmail: me.email, scopes, expiresAt, appLink: `${deps.publicBaseUrl.origin}/app#delegations` }), delegate._id);
      await notify(grantedToPrincipalMail({ to: me.email, delegateEmail: delegate.email, scopes, expiresAt, at }), me._id);
      return view(doc, at);
    },

    /** The delegate accepts: created → active. */
    async accept(input: { caller: AccessClaims; grantId: string; requestId: string }): Promise<GrantView> {
      const doc = await repository.find(input.grantId);
      if (!doc || doc.delegateAccountId !== input.caller.accountId) throw new AppError('NOT_FOUND');
      const at = now();
      const to = accept(effectiveState(doc, at));
      const [me, principal] = await Promise.all([activeAccount(input.caller.accountId), deps.accounts.findById(doc.principalAccountId)]);
      if (me.keys?.fingerprint !== doc.grant.delegateFingerprint || principal?.status !== 'active') throw new ExplainedError('GRANT_INVALID', { reason: 'delegate-key-changed', texts: DELEGATION_TEXTS.delegateKeyChanged });
      const updated = await repository.transition({ id: doc._id, from: doc.state, to, at, by: me._id, reason: null, requireUnexpired: true });
      if (!updated) throw new AppError('DELEGATION_STATE_INVALID');
      await audit.append({ actor: me._id, actingFor: null, action: 'delegation.accept', outcome: 'success', target: doc._id, requestId: input.requestId, details: { principal: doc.principalAccountId, scopes: doc.scopes.join(',') } });
      await notify(acceptedMail({ to: principal.email, delegateEmail: me.email, scopes: doc.scopes, at }), principal._id);
      return view(updated, at);
    },

    /** The principal withdraws, or the delegate gives it up: → revoked. Takes effect on the next request. */
    async revoke(input: { caller: AccessClaims; grantId: string; requestId: string }): Promise<GrantView> {
      const doc = await repository.find(input.grantId);
      const asPrincipal = doc?.principalAccountId === input.caller.accountId;
      if (!doc || (!asPrincipal && doc.delegateAccountId !== input.caller.accountId)) {
        await audit.append({ actor: input.caller.accountId, action: 'delegation.revoke', outcome: 'denied', target: input.grantId, requestId: input.requestId });
        throw new AppError('NOT_FOUND');
      }
      const ended = await ending.end({ doc, event: 'revoke', by: input.caller.accountId, reason: asPrincipal ? 'principal' : 'delegate', requestId: input.requestId });
      if (!ended) throw new AppError('DELEGATION_STATE_INVALID');
      return view(ended, now());
    },

    /** What the caller gave and holds (live and recent history), and the caller's own settings. */
    async overview(accountId: string): Promise<{ given: GrantView[]; held: GrantView[]; settings: SettingsView }> {
      const at = now();
      const docs = await repository.listFor(accountId, 200);
      const settings = new Map((await repository.settingsOfMany([...new Set(docs.map((d) => d.principalAccountId))])).map((s) => [s._id, s]));
      const views = await Promise.all(docs.map((d) => view(d, at, settings.get(d.principalAccountId) ?? { _id: d.principalAccountId, showOnlyPrincipalName: false, onBehalfNotice: 'each', updatedAt: at })));
      return { given: views.filter((v) => v.principal.accountId === accountId), held: views.filter((v) => v.delegate.accountId === accountId), settings: settingsView(await repository.settingsOf(accountId)) };
    },

    async settings(accountId: string): Promise<SettingsView> {
      return settingsView(await repository.settingsOf(accountId));
    },

    /** Only the caller's own settings, only the allow-listed fields. */
    async updateSettings(input: { caller: AccessClaims; showOnlyPrincipalName?: boolean; onBehalfNotice?: 'each' | 'daily'; requestId: string }): Promise<SettingsView> {
      const me = await activeAccount(input.caller.accountId);
      const updated = await repository.updateSettings({ principalAccountId: me._id, ...(input.showOnlyPrincipalName === undefined ? {} : { showOnlyPrincipalName: input.showOnlyPrincipalName }), ...(input.onBehalfNotice === undefined ? {} : { onBehalfNotice: input.onBehalfNotice }), at: now() });
      await audit.append({ actor: me._id, action: 'delegation.settings', outcome: 'success', requestId: input.requestId, details: { showOnlyPrincipalName: updated.showOnlyPrincipalName, onBehalfNotice: updated.onBehalfNotice } });
      return settingsView(updated);
    },

    /**
     * The principals the caller may act for, and which of them the From address points to (see
     * shared/delegations/principals.ts). The pane always lets the user confirm or change the choice.
     */
    async principals(input: { accountId: string; from: string | null }): Promise<{ from: string | null; match: PrincipalMatch; suggested: string | null; candidates: PrincipalInfo[]; choices: PrincipalInfo[] }> {
      const me = await activeAccount(input.accountId);
      const at = now();
      const grants = await repository.heldInForce({ delegateAccountId: me._id, scope: 'send_on_behalf', at });
      const principals: { account: AccountDocument; grant: DelegationDocument }[] = [];
      for (const grant of grants) {
        const account = await deps.accounts.findById(grant.principalAccountId);
        if (account?.status === 'active' && me.keys?.fingerprint === grant.grant.delegateFingerprint) principals.push({ account, grant });
      }
      const from = input.from === null ? null : normaliseAddress(input.from);
      const mailbox = from ? await deps.mailboxes.mailboxForAddress(from) : null;
      const resolved = resolvePrincipals({ from, user: { accountId: me._id, email: me.email }, principals: principals.map((p) => ({ accountId: p.account._id, email: p.account.email })), mailbox });
      const settings = new Map((await repository.settingsOfMany(principals.map((p) => p.account._id))).map((s) => [s._id, settingsView(s)]));
      const infos = new Map<string, PrincipalInfo>();
      infos.set(me._id, await principalInfo(me, { self: true, grant: null, settings: { showOnlyPrincipalName: false, onBehalfNotice: 'each' } }));
      for (const p of principals) infos.set(p.account._id, await principalInfo(p.account, { self: false, grant: p.grant, settings: settings.get(p.account._id) ?? { showOnlyPrincipalName: false, onBehalfNotice: 'each' } }));
      const pick = (ids: string[]) => ids.map((id) => infos.get(id)).filter((i): i is PrincipalInfo => i !== undefined);
      return { from, match: resolved.match, suggested: resolved.suggested, candidates: pick(resolved.candidates), choices: pick(resolved.choices) };
    },

    /** For api/messages (DelegationCheck): checked on every request, from the stored grant only. */
    check: {
      maySendOnBehalf: (input: { actorAccountId: string; principalAccountId: string }) => inForce(input, 'send_on_behalf'),
      mayRead: (input: { actorAccountId: string; principalAccountId: string }) => inForce(input, 'read'),
      /**
       * Which of these accounts (a message's recipients) `actor` may read for right now, or null. One
       * query, and no audit record per miss: it is asked for every reader who is not a recipient,
       * and the caller logs its own refusal.
       */
      async readsFor(input: { actorAccountId: string; principalAccountIds: readonly string[] }): Promise<string | null> {
        const candidates = input.principalAccountIds.filter((id) => id !== input.actorAccountId);
        if (candidates.length === 0) return null;
        const found = await repository.readInForceFrom({ delegateAccountId: input.actorAccountId, principalAccountIds: candidates, at: now() });
        if (found.length === 0) return null;
        const delegate = await deps.accounts.findById(input.actorAccountId);
        if (delegate?.status !== 'active') return null;
        for (const grant of found) {
          if (delegate.keys?.fingerprint !== grant.grant.delegateFingerprint) continue;
          if ((await deps.accounts.findById(grant.principalAccountId))?.status === 'active') return grant.principalAccountId;
        }
        return null;
      },
      /** Told after a message sent on behalf was committed: the principal hears of it (now, or in the daily digest). Never throws. */
      async sentOnBehalf(input: { actorAccountId: string; principalAccountId: string; messageId: string; toCourt: boolean; recipients: number; requestId?: string }): Promise<void> {
        try {
          const at = now();
          const [principal, actor, settings] = await Promise.all([deps.accounts.findById(input.principalAccountId), deps.accounts.findById(input.actorAccountId), repository.settingsOf(input.principalAccountId)]);
          const email = emailOf(principal);
          if (!principal || !email) return;
          const daily = settings.onBehalfNotice === 'daily';
          const recorded = await repository.recordActivity({ _id: input.messageId, principalAccountId: principal._id, actorAccountId: input.actorAccountId, messageId: input.messageId, toCourt: input.toCourt, recipients: input.recipients, at, notice: daily ? 'pending' : 'sent', claim: null, claimedAt: null, noticedAt: daily ? null : at });
          if (recorded && !daily) await notify(sentOnBehalfMail({ to: email, item: { actorEmail: emailOf(actor) ?? input.actorAccountId, messageId: input.messageId, toCourt: input.toCourt, recipients: input.recipients, at } }), principal._id);
        } catch {
          await audit.append({ actor: input.actorAccountId, actingFor: input.principalAccountId, action: 'notice.on-behalf', outcome: 'failure', target: input.messageId, requestId: input.requestId ?? null }).catch(() => undefined);
        }
      },
    },

    /** For api/directory: an account's read-scope delegates right now, with the principal's signed grants. */
    directory: {
      async readDelegatesOf(principalAccountId: string): Promise<DirectoryDelegate[]> {
        const principal = await deps.accounts.findById(principalAccountId);
        if (principal?.status !== 'active' || !principal.keys) return [];
        const out: DirectoryDelegate[] = [];
        for (const grant of await repository.givenInForce({ principalAccountId, scope: 'read', at: now() })) {
          const delegate = await deps.accounts.findById(grant.delegateAccountId);
          if (delegate?.status !== 'active' || !delegate.keys || delegate.keys.fingerprint !== grant.grant.delegateFingerprint) continue;
          out.push({ accountId: delegate._id, publicKey: delegate.keys.publicKey, fingerprint: delegate.keys.fingerprint, grant: grant.grant, signature: grant.signature, principalPublicKey: principal.keys.publicKey });
        }
        return out;
      },
    },

    /** Sweeper: records the expiry of grants past their end date (queries already treat them as ended). */
    async expireDue(at: Date): Promise<number> {
      let count = 0;
      for (const doc of await repository.dueForExpiry(at, 500)) {
        if (doc.state !== 'created' && doc.state !== 'active') continue;
        if (await ending.end({ doc, event: 'expire', by: null, reason: 'expired', requestId: null })) count += 1;
      }
      return count;
    },

    /** Sweeper: one digest per principal who chose "daily", once the oldest message in it is a day old. */
    async sendDigests(at: Date): Promise<number> {
      await repository.releaseStaleClaims(new Date(at.getTime() - 3600 * 1000));
      let sent = 0;
      for (const principalAccountId of await repository.principalsWithDigestDue(new Date(at.getTime() - DIGEST_AFTER_MS))) {
        const claim = crypto.randomBytes(16).toString('base64url');
        const items = await repository.claimPending({ principalAccountId, claim, at });
        if (items.length === 0) continue;
        const principal = await deps.accounts.findById(principalAccountId);
        const email = emailOf(principal);
        if (!email) {
          await repository.markNoticed({ claim, at });
          continue;
        }
        const actors = new Map<string, string>();
        for (const id of new Set(items.map((i) => i.actorAccountId))) actors.set(id, emailOf(await deps.accounts.findById(id)) ?? id);
        const lines: OnBehalfItem[] = items.map((i) => ({ actorEmail: actors.get(i.actorAccountId) ?? i.actorAccountId, messageId: i.messageId, toCourt: i.toCourt, recipients: i.recipients, at: i.at }));
        try {
          await deps.mailer.send(onBehalfDigestMail({ to: email, items: lines }));
          await repository.markNoticed({ claim, at });
          sent += 1;
        } catch {
          await repository.releaseClaim(claim);
        }
      }
      await repository.sweepNoticed(new Date(at.getTime() - 30 * DIGEST_AFTER_MS));
      return sent;
    },
  };
}

export type Delegations = ReturnType<typeof createDelegations>;
