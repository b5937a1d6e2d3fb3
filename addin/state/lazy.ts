// The production loaders of the heavy parts: each is its own chunk, fetched the first time a screen
// needs it, so the first paint of the pane carries neither openpgp nor Argon2.
import type { AccountCrypto } from './account-crypto';
import type { PasswordRules } from './password-rules';

export function loadAccountCrypto(): Promise<AccountCrypto> {
  return import(/* webpackChunkName: "account-crypto" */ './account-crypto').then((m) => m.createAccountCrypto());
}

export function loadPasswordRules(): Promise<PasswordRules> {
  return import(/* webpackChunkName: "password-rules" */ './password-rules').then((m) => m.passwordRules);
}
