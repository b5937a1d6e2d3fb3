// The taskpane's one door to shared/crypto, loaded with import() only when a flow needs it (openpgp and
// Argon2 are heavy): intent-level steps of activation, login, step-up, password change and reset.
// Production passes no settings, so the compiled-in KDF floor and production cost apply; tests pass
// TEST_KDF_PARAMS as both cost and floor. Nothing here talks to the network.
import { createAccountKeys, rewrapForNewPassword, unlockWithPasswordKeys, type UnlockedAccountKeys } from '../../shared/crypto/account-keys';
import { derivePasswordKeys, newKdfParams, type KdfCost, type KdfParams, type PasswordKeys } from '../../shared/crypto/kdf';
import { createRecoveryCode, deriveRecoveryKeys, parseRecoveryCode, unlockWithRecoveryCode, wrapUserKeyWithRecoveryCode } from '../../shared/crypto/recovery-code';
import { signGrant, type DelegationGrant } from '../../shared/crypto/grants';
import type { ActivationRequest, NewPassword, NewRecovery } from '../api/types';

export interface CryptoSettings {
  /** Argon2id cost for new passwords; production cost when absent. */
  kdfCost?: Readonly<KdfCost>;
  /** TESTS ONLY: a floor below the compiled-in minimum, for TEST_KDF_PARAMS. */
  floor?: Readonly<KdfCost>;
}

export type { PasswordKeys, UnlockedAccountKeys };

export interface AccountCrypto {
  /** Keys, password wrap and a new recovery code for activation; only wrapped forms go in `request`. */
  prepareActivation(input: { accountId: string; password: string }): Promise<{
    request: Pick<ActivationRequest, 'kdf' | 'authValue' | 'keys' | 'recovery'>;
    recoveryCode: string;
    unlocked: UnlockedAccountKeys;
  }>;
  /** Argon2id with the account's parameters, refused below the floor: the auth value and the wrap key. */
  passwordKeys: (input: { password: string; kdf: KdfParams }) => Promise<PasswordKeys>;
  unlock: (input: { accountId: string; passwordKeys: Pick<PasswordKeys, 'wrapKey'>; wrappedUserKeyByPassword: string; encryptedPrivateKey: string }) => Promise<UnlockedAccountKeys>;
  /** The same user key under a new password (fresh salt). */
  newPasswordWrap: (input: { accountId: string; userKey: Uint8Array; newPassword: string }) => Promise<NewPassword>;
  /** A fresh recovery code and the user key wrapped under it. */
  newRecovery: (input: { accountId: string; userKey: Uint8Array }) => Promise<{ code: string; recovery: NewRecovery }>;
  /** Normalised display form; throws RECOVERY_CODE_MALFORMED. */
  parseRecoveryCode: (text: string) => string;
  recoveryAuthValue: (code: string) => Promise<string>;
  unlockWithRecoveryCode: (input: { accountId: string; code: string; wrappedUserKeyByRecovery: string; encryptedPrivateKey: string }) => Promise<UnlockedAccountKeys>;
  /** The lawyer's signature over a delegation grant (armored, detached), made with her unlocked key. */
  signGrant: (input: { keys: Pick<UnlockedAccountKeys, 'privateKey'>; grant: DelegationGrant }) => Promise<string>;
}

export function createAccountCrypto(settings: CryptoSettings = {}): AccountCrypto {
  const kdfParams = () => (settings.kdfCost ? newKdfParams(settings.kdfCost) : newKdfParams());
  const floor = settings.floor;

  async function newRecovery(accountId: string, userKey: Uint8Array) {
    const code = createRecoveryCode();
    const wrapped = await wrapUserKeyWithRecoveryCode({ accountId, userKey, code });
    return { code: code as string, recovery: { wrappedUserKeyByRecovery: wrapped.wrappedUserKeyByRecovery, authValue: wrapped.recoveryAuthValue } };
  }

  return {
    async prepareActivation({ accountId, password }) {
      const { upload, unlocked } = await createAccountKeys({ accountId, password, kdfParams: kdfParams(), ...(floor ? { floor } : {}) });
      const { code, recovery } = await newRecovery(accountId, unlocked.userKey);
      const { kdfParams: kdf, authValue, publicKey, fingerprint, wrappedUserKeyByPassword, encryptedPrivateKey } = upload;
      return { request: { kdf, authValue, keys: { publicKey, fingerprint, wrappedUserKeyByPassword, encryptedPrivateKey }, recovery }, recoveryCode: code, unlocked };
    },
    passwordKeys: ({ password, kdf }) => derivePasswordKeys({ password, params: kdf, floor }),
    unlock: (input) => unlockWithPasswordKeys(input),
    async newPasswordWrap({ accountId, userKey, newPassword }) {
      const wrap = await rewrapForNewPassword({ accountId, userKey, newPassword, kdfParams: kdfParams(), floor });
      return { kdf: wrap.kdfParams, authValue: wrap.authValue, wrappedUserKeyByPassword: wrap.wrappedUserKeyByPassword };
    },
    newRecovery: ({ accountId, userKey }) => newRecovery(accountId, userKey),
    parseRecoveryCode: (text) => parseRecoveryCode(text),
    recoveryAuthValue: async (code) => (await deriveRecoveryKeys(code)).authValue,
    unlockWithRecoveryCode: (input) => unlockWithRecoveryCode(input),
    signGrant: ({ keys, grant }) => signGrant({ principalKey: keys.privateKey, grant }),
  };
}
