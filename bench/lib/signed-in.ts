// One account taken through onboarding over HTTP the way the add-in does it, then logged in once with
// both factors, for the Secure send load figure: what a reopened pane finds in the browser's storage.
// Unlike test/helpers/api.ts activateAccount (which uses the cheap test profile), the keys are made
// with PRODUCTION_KDF_PARAMS: the production build refuses anything below the compiled-in floor.
// No BAR number: the Secure send pane becomes usable without one (it sends for the user herself).
import { createAccountKeys } from '../../shared/crypto/account-keys';
import { derivePasswordKeys, newKdfParams, type KdfParams } from '../../shared/crypto/kdf';
import { createRecoveryCode, wrapUserKeyWithRecoveryCode } from '../../shared/crypto/recovery-code';
import { totpCodeAt } from '../../api/two-factor/totp';
import type { ApiServer } from './api-server';

/** The session as addin/state/session-store.ts keeps it in sessionStorage. */
export interface KeptSession {
  refreshToken: string;
  email: string;
  accountId: string;
  keys: { wrappedUserKeyByPassword: string; encryptedPrivateKey: string; fingerprint: string };
  kdf: KdfParams;
}

export interface SignedInUser {
  email: string;
  password: string;
  session: KeptSession;
}

async function call(server: ApiServer, method: 'POST', pathname: string, body: unknown, expect: number, token?: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${server.url}${pathname}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  // Only the status and the error code: the answers carry tokens and keys.
  if (res.status !== expect) throw new Error(`${pathname} answered ${res.status} (${/"code":"([A-Z_]+)"/.exec(text)?.[1] ?? 'no error code'}), expected ${expect}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** The password stage of a login: pre-login, Argon2id at the account's parameters, the auth value. */
async function passwordStage(server: ApiServer, email: string, password: string): Promise<Record<string, unknown>> {
  const pre = await call(server, 'POST', '/api/auth/prelogin', { email }, 200);
  const keys = await derivePasswordKeys({ password, params: pre.kdf as KdfParams });
  return call(server, 'POST', '/api/auth/login', { email, authValue: keys.authValue }, 200);
}

export async function signedInUser(server: ApiServer, email: string): Promise<SignedInUser> {
  const password = `wachtwoord voor ${email}`;
  await call(server, 'POST', '/api/registration', { email }, 202);
  const mail = (await server.target.mailTo(email)).filter((m) => m.kind === 'account.verify').at(-1);
  const code = mail && /code in het Zegel-venster: ([0-9A-Z-]+)/.exec(mail.text)?.[1];
  if (!code) throw new Error('no verification mail');
  const verified = await call(server, 'POST', '/api/registration/verify', { email, code }, 200);
  const accountId = verified.accountId as string;
  const keys = await createAccountKeys({ accountId, password, kdfParams: newKdfParams() });
  const recovery = await wrapUserKeyWithRecoveryCode({ accountId, userKey: keys.unlocked.userKey, code: createRecoveryCode() });
  const { kdfParams, authValue, publicKey, fingerprint, wrappedUserKeyByPassword, encryptedPrivateKey } = keys.upload;
  await call(
    server,
    'POST',
    '/api/registration/activate',
    { accountId, enrolmentToken: verified.enrolmentToken, kdf: kdfParams, authValue, keys: { publicKey, fingerprint, wrappedUserKeyByPassword, encryptedPrivateKey }, recovery: { wrappedUserKeyByRecovery: recovery.wrappedUserKeyByRecovery, authValue: recovery.recoveryAuthValue } },
    201,
  );

  // Step 4: the authenticator app, in the set-up session the first login opens.
  const setup = await passwordStage(server, email, password);
  const setupToken = (setup.session as { accessToken: string }).accessToken;
  const started = await call(server, 'POST', '/api/two-factor/totp/start', {}, 200, setupToken);
  const secret = started.secret as string;
  await call(server, 'POST', '/api/two-factor/totp/confirm', { code: totpCodeAt(secret, new Date()) }, 200, setupToken);

  // The login a user does afterwards: password, then a code of the next time step (the current one is used).
  const login = await passwordStage(server, email, password);
  const done = await call(server, 'POST', '/api/auth/second-factor', { attemptToken: login.attemptToken, method: 'totp', code: totpCodeAt(secret, new Date(Date.now() + 30_000)) }, 200);
  const session = done.session as { refreshToken: string };
  const wrapped = done.keys as KeptSession['keys'];
  return {
    email,
    password,
    session: {
      refreshToken: session.refreshToken,
      email,
      accountId,
      keys: { wrappedUserKeyByPassword: wrapped.wrappedUserKeyByPassword, encryptedPrivateKey: wrapped.encryptedPrivateKey, fingerprint: wrapped.fingerprint },
      kdf: done.kdf as KdfParams,
    },
  };
}
