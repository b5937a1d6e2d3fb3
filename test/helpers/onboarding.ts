// A user taken through the seed's steps over HTTP, as the add-in does: registered and activated,
// an authenticator app set up, logged in with it, and (for lawyers) the BAR number linked.
import { request, bearer, activateAccount, passwordLogin, type TestApi, type ApiTarget } from './api';
import { totpCodeAt } from '../../api/two-factor/totp';
import { unlockWithPasswordKeys } from '../../shared/crypto/account-keys';
import type { UnlockedAccountKeys } from '../../shared/crypto/account-keys';

export interface OnboardedUser {
  accountId: string;
  email: string;
  password: string;
  recoveryCode: string;
  totpSecret: string;
  backupCodes: string[];
  keys: UnlockedAccountKeys;
  /** A fresh access token (refreshed on each call; access tokens live five minutes). */
  token(): Promise<string>;
  /** A TOTP code not used before (moves the shared clock on by a step). */
  nextCode(): string;
}

export async function onboard(api: ApiTarget, options: { email: string; password?: string; clock: { now(): Date; advance(seconds: number): void } }): Promise<OnboardedUser> {
  const password = options.password ?? `wachtwoord voor ${options.email}`;
  const account = await activateAccount(api, options.email, password);
  const { res } = await passwordLogin(api, options.email, password);
  const setupToken = (res.body.session as { accessToken: string }).accessToken;
  const started = await request(api.app).post('/api/two-factor/totp/start').set(...bearer(setupToken)).send({});
  const totpSecret = started.body.secret as string;
  const confirmed = await request(api.app).post('/api/two-factor/totp/confirm').set(...bearer(setupToken)).send({ code: totpCodeAt(totpSecret, options.clock.now()) });
  if (confirmed.status !== 200) throw new Error(`TOTP set-up failed: ${JSON.stringify(confirmed.body)}`);
  let session = confirmed.body.session as { accessToken: string; refreshToken: string };
  const nextCode = () => {
    options.clock.advance(30);
    return totpCodeAt(totpSecret, options.clock.now());
  };
  return {
    accountId: account.accountId,
    email: options.email,
    password,
    recoveryCode: account.recoveryCode,
    totpSecret,
    backupCodes: confirmed.body.backupCodes as string[],
    keys: account.keys.unlocked,
    async token() {
      const refreshed = await request(api.app).post('/api/sessions/refresh').send({ refreshToken: session.refreshToken });
      if (refreshed.status !== 200) throw new Error(`refresh failed: ${JSON.stringify(refreshed.body)}`);
      session = refreshed.body as typeof session;
      return session.accessToken;
    },
    nextCode,
  };
}

/** Step-up for one purpose, as the settings dialog does. */
export async function stepUpFor(api: ApiTarget, user: OnboardedUser, purpose: string): Promise<string> {
  const { passwordKeys } = await passwordLogin(api, user.email, user.password);
  const res = await request(api.app).post('/api/auth/step-up').set(...bearer(await user.token())).send({ authValue: passwordKeys.authValue, method: 'totp', code: user.nextCode(), purpose });
  if (res.status !== 200) throw new Error(`step-up failed: ${JSON.stringify(res.body)}`);
  return res.body.stepUpToken as string;
}

/** Imports the lawyer into the register and links the BAR number (step 4). */
export async function linkBarNumber(api: TestApi, user: OnboardedUser, number: string, name = 'Mr. Test'): Promise<void> {
  const csv = `number,kind,name,email\n${number},lawyer,${name},${user.email}\n`;
  const imported = await api.features.register.importFile({ fileName: 'register.csv', content: Buffer.from(csv) });
  if (!imported.ok) throw new Error('register import failed');
  const grant = await stepUpFor(api, user, 'link-number');
  const res = await request(api.app).post('/api/professional/link').set(...bearer(await user.token())).send({ number, confirmation: number, stepUpToken: grant });
  if (res.status !== 200) throw new Error(`link failed: ${JSON.stringify(res.body)}`);
}

/** Unlocks the wrapped keys a full login returns (the client's side of login). */
export async function unlockAfterLogin(api: ApiTarget, user: OnboardedUser) {
  const { res, passwordKeys } = await passwordLogin(api, user.email, user.password);
  const done = await request(api.app).post('/api/auth/second-factor').send({ attemptToken: res.body.attemptToken, method: 'totp', code: user.nextCode() });
  return unlockWithPasswordKeys({ accountId: user.accountId, passwordKeys, wrappedUserKeyByPassword: done.body.keys.wrappedUserKeyByPassword, encryptedPrivateKey: done.body.keys.encryptedPrivateKey });
}
