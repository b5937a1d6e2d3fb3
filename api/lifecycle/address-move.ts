// Moving the account to the register's new address. When the register lists another address for a
// linked number, the link is suspended; instead of starting over, the holder (logged in, step-up
// "change-email") names the new address, proves it with a code sent there, and the account moves:
// same id, same keys (every message stays readable), link restored in the same update.
import { ADDRESS_MOVE_TEXTS, addressMoveCodeSentTexts, addressMovedTexts } from '../../shared/professional/lifecycle-messages';
import { LINK_TEXTS, type Texts } from '../../shared/professional/messages';
import { AppError } from '../../shared/errors';
import type { AccountDocument } from '../accounts/repository';
import { normaliseEmail } from '../accounts/accounts';
import { newTypeableToken, normaliseTypedToken } from '../accounts/codes';
import { equalHashes, sha256 } from '../accounts/verifier';
import type { AccessClaims } from '../sessions/tokens';
import { ExplainedError } from '../professional/errors';
import type { ProfessionalStatus, RegisterEntryView } from '../professional/professional';
import type { LifecycleDeps } from './deps';
import { addressMoveCodeMail, addressMovedMail, addressMoveRequestedMail } from './mail-texts';

export const ADDRESS_MOVE_TTL_MS = 30 * 60 * 1000;
export const MAX_ADDRESS_MOVE_ATTEMPTS = 5;

export function createAddressMove(deps: LifecycleDeps) {
  const { accounts, audit, now } = deps;
  const notAllowed = () => new ExplainedError('ADDRESS_MOVE_NOT_ALLOWED', { reason: 'not-register-address', texts: ADDRESS_MOVE_TEXTS.notAllowed });
  const taken = () => new ExplainedError('ADDRESS_TAKEN', { reason: 'address-taken', texts: ADDRESS_MOVE_TEXTS.addressTaken });
  const codeInvalid = () => new ExplainedError('ADDRESS_MOVE_CODE_INVALID', { reason: 'code-invalid', texts: ADDRESS_MOVE_TEXTS.codeInvalid });

  async function activeAccount(accountId: string): Promise<AccountDocument> {
    const account = await accounts.findById(accountId);
    if (!account || account.status !== 'active') throw new AppError('SESSION_INVALID');
    return account;
  }

  /** The register's entry for the linked number, if it lists `email` (and not the current address). */
  async function registerListing(account: AccountDocument, email: string): Promise<RegisterEntryView> {
    const link = account.professional;
    if (!link) throw new ExplainedError('NUMBER_NOT_LINKED', { reason: 'not-linked', texts: LINK_TEXTS.notLinked });
    const entry = await deps.register.findRegisterEntryByNumber(link.number);
    if (!entry || entry.status !== 'active' || entry.kind !== link.kind || entry.email !== email || email === account.email) throw notAllowed();
    return entry;
  }

  return {
    async start(input: { caller: AccessClaims; newEmail: string; stepUpToken?: string; requestId: string }): Promise<{ email: string; expiresAt: string; texts: Texts[] }> {
      const account = await activeAccount(input.caller.accountId);
      const email = normaliseEmail(input.newEmail);
      const limit = [`address-move:${account._id}`];
      await deps.limiter.assertAllowed(limit);
      try {
        await registerListing(account, email);
      } catch (err) {
        await deps.limiter.recordFailure(limit);
        throw err;
      }
      const existing = await accounts.findByEmail(email);
      if (existing && existing.status !== 'pending') throw taken();
      await deps.stepUp.require({ accountId: account._id, sessionId: input.caller.sessionId, token: input.stepUpToken, purpose: 'change-email', requestId: input.requestId });
      const at = now();
      const code = newTypeableToken();
      const expiresAt = new Date(at.getTime() + ADDRESS_MOVE_TTL_MS);
      const started = await accounts.startAddressMove({ id: account._id, move: { email, codeHash: sha256(normaliseTypedToken(code)), requestedAt: at, expiresAt, attempts: 0 } });
      if (!started) throw new AppError('SESSION_INVALID');
      // The code is the flow: a failed send is the caller's error (MAIL_DELIVERY_FAILED), to try again.
      await deps.mailer.send(addressMoveCodeMail({ to: email, code }));
      await deps.professional.notify(addressMoveRequestedMail({ to: account.email, at }), account._id);
      await audit.append({ actor: account._id, action: 'account.address-move.start', outcome: 'success', requestId: input.requestId });
      return { email, expiresAt: expiresAt.toISOString(), texts: [addressMoveCodeSentTexts(email)] };
    },

    async confirm(input: { caller: AccessClaims; code: string; requestId: string }): Promise<{ email: string; texts: Texts[]; professional: ProfessionalStatus }> {
      const account = await activeAccount(input.caller.accountId);
      const at = now();
      const move = account.addressMove && account.addressMove.expiresAt > at ? account.addressMove : null;
      const limit = [`address-move:${account._id}`];
      await deps.limiter.assertAllowed(limit);
      const typed = normaliseTypedToken(input.code);
      if (!move || !typed || !equalHashes(sha256(typed), move.codeHash)) {
        await deps.limiter.recordFailure(limit);
        await accounts.countWrongAddressMoveCode(account._id, MAX_ADDRESS_MOVE_ATTEMPTS);
        await audit.append({ actor: account._id, action: 'account.address-move', outcome: 'failure', requestId: input.requestId, details: { reason: 'code' } });
        throw codeInvalid();
      }
      // The register may have changed again since the code was sent: it decides at the moment of the move.
      await registerListing(account, move.email);
      const link = account.professional;
      // A registration someone started at that address and never finished gives way to the verified move.
      await accounts.deletePendingByEmail(move.email);
      const result = await accounts.completeAddressMove({ id: account._id, email: move.email, codeHash: move.codeHash, at, restoreLink: link?.number ?? null });
      if (result.outcome === 'address-taken') throw taken();
      if (result.outcome === 'invalid') throw codeInvalid();
      await deps.limiter.recordSuccess(limit);
      for (const session of await deps.sessions.list(account._id)) {
        if (session._id !== input.caller.sessionId) await deps.sessions.revoke({ accountId: account._id, sessionId: session._id, reason: 'address-moved', requestId: input.requestId });
      }
      await audit.append({ actor: account._id, action: 'account.address-move', outcome: 'success', requestId: input.requestId, details: { linkRestored: link !== null && link !== undefined } });
      if (link && result.before.professional?.state === 'suspended') {
        await audit.append({ actor: account._id, action: 'professional.link-restored', outcome: 'success', target: link.number, requestId: input.requestId, details: { account: account._id, via: 'address-move' } });
      }
      await deps.professional.notify(addressMovedMail({ to: result.before.email, newEmail: move.email, at }), account._id);
      await deps.professional.notify(addressMovedMail({ to: move.email, newEmail: move.email, at }), account._id);
      return { email: move.email, texts: [addressMovedTexts(move.email)], professional: await deps.professional.status(account._id) };
    },

    async pending(accountId: string): Promise<{ email: string; expiresAt: string } | null> {
      const account = await activeAccount(accountId);
      const move = account.addressMove;
      return move && move.expiresAt > now() ? { email: move.email, expiresAt: move.expiresAt.toISOString() } : null;
    },
  };
}

export type AddressMove = ReturnType<typeof createAddressMove>;
