// People whose own first use is not the journey (a court clerk): set up over HTTP against the running
// server with the client's own crypto (shared/crypto), as their client would — registration code from
// the outbox, keys made here at the production Argon2id cost the server demands, the authenticator app
// — and a court unit whose key a clerk's client makes and wraps to her.
import { request, bearer, passwordLogin, type ApiTarget } from '../../helpers/api';
import { createAccountKeys } from '../../../shared/crypto/account-keys';
import { createRecoveryCode, wrapUserKeyWithRecoveryCode } from '../../../shared/crypto/recovery-code';
import { newKdfParams } from '../../../shared/crypto/kdf';
import { wrapUnitKeyFor } from '../../../shared/crypto/organisation-keys';
import type { UnlockedAccountKeys } from '../../../shared/crypto/account-keys';
import { authenticatorApp, type Authenticator } from './authenticator';
import { extract, type Outboxes } from './outboxes';
import type { CourtUnitKey } from './court-build';

export interface Person {
  accountId: string;
  email: string;
  password: string;
  keys: UnlockedAccountKeys;
  app: Authenticator;
  /** The backup codes shown once when the app was set up (each works once; no wait for a time step). */
  backupCodes: string[];
  /** A fresh access token (a refresh; access tokens do not outlive a server restart). */
  token(): Promise<string>;
}

export async function accountOverHttp(options: { address: string; mail: Outboxes; email: string; password: string }): Promise<Person> {
  const { address, mail, email, password } = options;
  // passwordLogin reads no mail; the outbox is read above through the harness.
  const api: ApiTarget = { app: address, mailTo: () => Promise.reject(new Error('passwordLogin reads no mail')) };
  const started = await request(address).post('/api/registration').send({ email });
  if (started.status !== 202) throw new Error(`registration of ${email}: ${started.status}`);
  const code = extract((await mail.mail({ to: email, kind: 'account.verify' })).text, /code in het Zegel-venster: ([0-9A-Z-]+)/, 'verification code');
  const verified = await request(address).post('/api/registration/verify').send({ email, code });
  if (verified.status !== 200) throw new Error(`verification of ${email}: ${verified.status}`);
  const accountId = verified.body.accountId as string;
  const keys = await createAccountKeys({ accountId, password, kdfParams: newKdfParams() });
  const recovery = await wrapUserKeyWithRecoveryCode({ accountId, userKey: keys.unlocked.userKey, code: createRecoveryCode() });
  const { kdfParams, authValue, publicKey, fingerprint, wrappedUserKeyByPassword, encryptedPrivateKey } = keys.upload;
  const activated = await request(address)
    .post('/api/registration/activate')
    .send({ accountId, enrolmentToken: verified.body.enrolmentToken, kdf: kdfParams, authValue, keys: { publicKey, fingerprint, wrappedUserKeyByPassword, encryptedPrivateKey }, recovery: { wrappedUserKeyByRecovery: recovery.wrappedUserKeyByRecovery, authValue: recovery.recoveryAuthValue } });
  if (activated.status !== 201) throw new Error(`activation of ${email}: ${activated.status}`);

  const { res } = await passwordLogin(api, email, password);
  const setupToken = (res.body.session as { accessToken: string }).accessToken;
  const totp = await request(address).post('/api/two-factor/totp/start').set(...bearer(setupToken)).send({});
  const app = authenticatorApp(totp.body.secret as string);
  const confirmed = await request(address).post('/api/two-factor/totp/confirm').set(...bearer(setupToken)).send({ code: await app.next() });
  if (confirmed.status !== 200) throw new Error(`authenticator app of ${email}: ${confirmed.status}`);
  let refreshToken = (confirmed.body.session as { refreshToken: string }).refreshToken;
  return {
    accountId,
    email,
    password,
    keys: keys.unlocked,
    app,
    backupCodes: [...(confirmed.body.backupCodes as string[])],
    async token() {
      const refreshed = await request(address).post('/api/sessions/refresh').send({ refreshToken });
      if (refreshed.status !== 200) throw new Error(`session of ${email}: ${refreshed.status}`);
      refreshToken = refreshed.body.refreshToken as string;
      return refreshed.body.accessToken as string;
    },
  };
}

/** The clerk's client makes the unit's first key: the (test-only) unit key, wrapped to her and signed by her. */
export async function publishUnitKey(options: { address: string; clerk: Person; unitId: string; memberId: string; unitKey: CourtUnitKey }): Promise<void> {
  const { address, clerk, unitId, memberId, unitKey } = options;
  const wrap = await wrapUnitKeyFor({ unitPrivateKey: unitKey.privateKey, memberPublicKey: clerk.keys.publicKey, signingKey: clerk.keys.privateKey });
  const published = await request(address)
    .post(`/api/organisations/units/${unitId}/key`)
    .set(...bearer(await clerk.token()))
    .send({ version: 1, publicKey: unitKey.armoredPublicKey, fingerprint: unitKey.fingerprint, wraps: [{ memberId, wrapped: wrap.wrapped }] });
  if (published.status !== 200) throw new Error(`unit key: ${published.status} ${JSON.stringify(published.body)}`);
}
