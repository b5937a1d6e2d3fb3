// The unlocked user key for a change that needs it (password change, new recovery code): from the
// vault while the pane has been open since login, else unlocked again from the wrapped copy kept with
// the session, with the password keys the step-up just derived (no second Argon2 run).
import type { PasswordKeys, UnlockedAccountKeys } from '../state/account-crypto';
import { UiError, type Services } from './services';

export async function unlockedKeys(services: Pick<Services, 'vault' | 'sessions' | 'loadCrypto'>, passwordKeys: Pick<PasswordKeys, 'wrapKey'>): Promise<UnlockedAccountKeys> {
  const held = services.vault.get();
  if (held) return held;
  const stored = services.sessions.load();
  if (!stored?.keys || !stored.accountId) throw new UiError('KEYS_LOCKED');
  const crypto = await services.loadCrypto();
  const keys = await crypto.unlock({
    accountId: stored.accountId,
    passwordKeys,
    wrappedUserKeyByPassword: stored.keys.wrappedUserKeyByPassword,
    encryptedPrivateKey: stored.keys.encryptedPrivateKey,
  });
  services.vault.set(keys);
  return keys;
}
