// Closing an account (step-up "close-account"): its sessions end, its number is released, its second
// factors go, and on request its keys are destroyed (wrapped keys and recovery copy removed; the public
// key stays among retiredKeys so old signatures verify). The audit trail keeps every event. A closed
// account never logs in again, its address is freed for a new account, and its number can be linked
// again by the account the register backs.
import { AppError } from '../../shared/errors';
import { accountClosedTexts } from '../../shared/professional/lifecycle-messages';
import type { Texts } from '../../shared/professional/messages';
import type { AccessClaims } from '../sessions/tokens';
import { removeSecondFactors, type LifecycleDeps } from './deps';
import { accountClosedMail } from './mail-texts';

export function createCloseAccount(deps: LifecycleDeps) {
  const { accounts, audit, now } = deps;
  return {
    async close(input: { caller: AccessClaims; destroyKeys: boolean; stepUpToken?: string; requestId: string }): Promise<{ closed: true; keysDestroyed: boolean; texts: Texts[] }> {
      const { caller, requestId } = input;
      await deps.stepUp.require({ accountId: caller.accountId, sessionId: caller.sessionId, token: input.stepUpToken, purpose: 'close-account', requestId });
      const at = now();
      const before = await accounts.close({ id: caller.accountId, at, destroyKeys: input.destroyKeys });
      if (!before) throw new AppError('SESSION_INVALID');
      await deps.sessions.revoke({ accountId: before._id, reason: 'account-closed', requestId });
      await removeSecondFactors(deps.factors, before._id);
      const revoked = await deps.delegations.revokeDelegationsOfClosedAccount({ accountId: before._id, requestId });
      const link = before.professional ?? null;
      await audit.append({
        actor: before._id,
        action: 'account.close',
        outcome: 'success',
        requestId,
        details: { keysDestroyed: input.destroyKeys, numberReleased: link?.number ?? null, delegationsRevoked: revoked },
      });
      if (link) {
        // The closing notice below names the number; the release is audited here without a second mail.
        await deps.professional.announceRelease({ accountId: before._id, accountEmail: null, number: link.number, kind: link.kind, cause: 'account-closed', actor: before._id, requestId, mail: false });
      }
      await deps.professional.notify(accountClosedMail({ to: before.email, at, keysDestroyed: input.destroyKeys, number: link?.number ?? null }), before._id);
      return { closed: true, keysDestroyed: input.destroyKeys, texts: accountClosedTexts({ keysDestroyed: input.destroyKeys }) };
    },
  };
}

export type CloseAccount = ReturnType<typeof createCloseAccount>;
