// Step 3 of the seed end to end over HTTP on the real engine: the first factor, the second login
// stage, step-up for every settings change, password change, and the reset with the recovery code.
import * as openpgp from 'openpgp';
import { startTestApi, request, bearer, activateAccount, passwordLogin, type TestApi } from '../../helpers/api';
import { totpCodeAt } from '../../../api/two-factor/totp';
import { unlockWithPasswordKeys, rewrapForNewPassword } from '../../../shared/crypto/account-keys';
import { createRecoveryCode, deriveRecoveryKeys, parseRecoveryCode, unlockWithRecoveryCode, wrapUserKeyWithRecoveryCode } from '../../../shared/crypto/recovery-code';
import { newKdfParams, TEST_KDF_PARAMS } from '../../../shared/crypto/kdf';

jest.setTimeout(180_000);
let api: TestApi;
let clock = new Date('2026-11-28T09:00:00Z');
const advance = (seconds: number) => {
  clock = new Date(clock.getTime() + seconds * 1000);
};
const EMAIL = 'mr.jansen@kantoor.nl';
const PASSWORD = 'een lang en goed wachtwoord';
let account: Awaited<ReturnType<typeof activateAccount>>;
let totpSecret = '';
let backupCodes: string[] = [];
let full = { accessToken: '', refreshToken: '' };

beforeAll(async () => {
  api = await startTestApi({ now: () => clock });
  account = await activateAccount(api, EMAIL, PASSWORD);
});
afterAll(async () => {
  await api?.close();
});

const mails = async (kind: string) => (await api.mailTo(EMAIL)).filter((m) => m.kind === kind);
const code = () => totpCodeAt(totpSecret, clock);

async function fullLogin(method: 'totp' | 'backup', value: string) {
  const { res, passwordKeys } = await passwordLogin(api, EMAIL, PASSWORD);
  expect(res.body.stage).toBe('second-factor');
  const done = await request(api.app).post('/api/auth/second-factor').send({ attemptToken: res.body.attemptToken, method, code: value });
  return { done, passwordKeys };
}

/** The access token lives 5 minutes; like the client, refresh before use. */
async function current(): Promise<string> {
  const res = await request(api.app).post('/api/sessions/refresh').send({ refreshToken: full.refreshToken });
  expect(res.status).toBe(200);
  full = res.body as typeof full;
  return full.accessToken;
}

async function stepUp(purpose: string) {
  const token = await current();
  advance(30);
  const { passwordKeys } = await passwordLogin(api, EMAIL, PASSWORD);
  const res = await request(api.app).post('/api/auth/step-up').set(...bearer(token)).send({ authValue: passwordKeys.authValue, method: 'totp', code: code(), purpose });
  expect(res.status).toBe(200);
  return res.body.stepUpToken as string;
}

describe('setting up the first factor', () => {
  let setup = { accessToken: '' };

  it('gives a password-only login a session that can do nothing but set up a factor', async () => {
    const { res } = await passwordLogin(api, EMAIL, PASSWORD);
    expect(res.body.stage).toBe('setup');
    setup = res.body.session as typeof setup;
    const status = await request(api.app).get('/api/two-factor').set(...bearer(setup.accessToken));
    expect(status.body).toEqual(expect.objectContaining({ configured: false, methods: [] }));
    const blocked = await request(api.app).post('/api/two-factor/backup-codes').set(...bearer(setup.accessToken)).send({});
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('SECOND_FACTOR_SETUP_REQUIRED');
  });

  it('enrols the app only after a valid code, then shows ten backup codes and starts a new full session', async () => {
    const started = await request(api.app).post('/api/two-factor/totp/start').set(...bearer(setup.accessToken)).send({});
    expect(started.status).toBe(200);
    expect(started.body.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(started.body.qrSvg).toContain('<svg');
    totpSecret = started.body.secret as string;

    const wrong = await request(api.app).post('/api/two-factor/totp/confirm').set(...bearer(setup.accessToken)).send({ code: '000000' === code() ? '111111' : '000000' });
    expect(wrong.body.error.code).toBe('TOTP_INVALID');
    const confirmed = await request(api.app).post('/api/two-factor/totp/confirm').set(...bearer(setup.accessToken)).send({ code: code() });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.stage).toBe('full');
    expect(confirmed.body.backupCodes).toHaveLength(10);
    expect(confirmed.body.keys.fingerprint).toBe(account.keys.upload.fingerprint);
    backupCodes = confirmed.body.backupCodes as string[];
    full = confirmed.body.session as typeof full;
    // A new token for the new stage: the set-up session is over.
    expect((await request(api.app).get('/api/me').set(...bearer(setup.accessToken))).status).toBe(401);
    expect((await request(api.app).get('/api/me').set(...bearer(full.accessToken))).status).toBe(200);
  });
});

describe('logging in with a second factor', () => {
  // Replays, the window and rate limits: test/security/totp-replay.test.ts, test/security/rate-limits.test.ts.
  it('needs the app code after the password and returns the wrapped keys', async () => {
    advance(30);
    const { done, passwordKeys } = await fullLogin('totp', code());
    expect(done.status).toBe(200);
    expect(done.body.stage).toBe('full');
    const unlocked = await unlockWithPasswordKeys({ accountId: account.accountId, passwordKeys, wrappedUserKeyByPassword: done.body.keys.wrappedUserKeyByPassword, encryptedPrivateKey: done.body.keys.encryptedPrivateKey });
    expect(unlocked.fingerprint).toBe(account.keys.upload.fingerprint);
  });

  it('accepts a backup code once, tells the user to set up the factor again, and mails it', async () => {
    const first = await fullLogin('backup', backupCodes[0]!);
    expect(first.done.body.notice).toBe('backup-code-used');
    expect((await mails('security.backup-code-used')).length).toBe(1);
    const again = await fullLogin('backup', backupCodes[0]!);
    expect(again.done.body.error.code).toBe('BACKUP_CODE_INVALID');
  });
});

describe('security settings need step-up', () => {
  it('refuses changes without a step-up grant, with a grant for another purpose, or with a used grant', async () => {
    const none = await request(api.app).post('/api/two-factor/backup-codes').set(...bearer(full.accessToken)).send({});
    expect(none.body.error.code).toBe('STEP_UP_REQUIRED');
    const other = await stepUp('change-password');
    const wrongPurpose = await request(api.app).post('/api/two-factor/backup-codes').set(...bearer(full.accessToken)).send({ stepUpToken: other });
    expect(wrongPurpose.body.error.code).toBe('STEP_UP_REQUIRED');
    const right = await stepUp('regenerate-backup-codes');
    const regenerated = await request(api.app).post('/api/two-factor/backup-codes').set(...bearer(full.accessToken)).send({ stepUpToken: right });
    expect(regenerated.status).toBe(200);
    expect(regenerated.body.backupCodes).toHaveLength(10);
    const reused = await request(api.app).post('/api/two-factor/backup-codes').set(...bearer(full.accessToken)).send({ stepUpToken: right });
    expect(reused.body.error.code).toBe('STEP_UP_REQUIRED');
    expect((await mails('security.backup-codes-regenerated')).length).toBe(1);
    // Every earlier code stopped working.
    const old = await fullLogin('backup', backupCodes[1]!);
    expect(old.done.body.error.code).toBe('BACKUP_CODE_INVALID');
    backupCodes = regenerated.body.backupCodes as string[];
  });

  it.each([
    ['/api/account/password', { password: { kdf: { algorithm: 'argon2id', memoryKiB: 1024, iterations: 1, parallelism: 1, salt: 'AAAAAAAAAAAAAAAAAAAAAA' }, authValue: 'A'.repeat(43), wrappedUserKeyByPassword: 'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAA' } }],
    ['/api/account/recovery-code', { recovery: { wrappedUserKeyByRecovery: 'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAA', authValue: 'A'.repeat(43) } }],
    ['/api/two-factor/totp/start', {}],
    ['/api/two-factor/sms/start', { phone: '+31612345678' }],
    ['/api/two-factor/backup-codes', {}],
  ])('refuses %s without step-up with STEP_UP_REQUIRED and changes nothing', async (path, body) => {
    const before = await api.database.db.collection('accounts').findOne({ email: EMAIL });
    const res = await request(api.app).post(path).set(...bearer(await current())).send(body);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('STEP_UP_REQUIRED');
    expect(await api.database.db.collection('accounts').findOne({ email: EMAIL })).toEqual(before);
  });

  it('replaces the recovery code while logged in, with step-up; the old one stops working', async () => {
    const grant = await stepUp('replace-recovery-code');
    const replacement = createRecoveryCode();
    const wrapped = await wrapUserKeyWithRecoveryCode({ accountId: account.accountId, userKey: account.keys.unlocked.userKey, code: replacement });
    const res = await request(api.app)
      .post('/api/account/recovery-code')
      .set(...bearer(await current()))
      .send({ stepUpToken: grant, recovery: { wrappedUserKeyByRecovery: wrapped.wrappedUserKeyByRecovery, authValue: wrapped.recoveryAuthValue } });
    expect(res.status).toBe(200);
    expect((await mails('security.recovery-code-replaced')).length).toBe(1);
    const old = await request(api.app).post('/api/recovery/start').send({ email: EMAIL, recoveryAuthValue: (await deriveRecoveryKeys(parseRecoveryCode(account.recoveryCode))).authValue });
    expect(old.body.error.code).toBe('RECOVERY_CODE_INVALID');
    account = { ...account, recoveryCode: replacement };
  });

  it('adds SMS with a verified number, refuses to remove the last factor, and removes one with step-up', async () => {
    const grant = await stepUp('add-factor');
    const started = await request(api.app).post('/api/two-factor/sms/start').set(...bearer(full.accessToken)).send({ phone: '06 12345678', stepUpToken: grant });
    expect(started.status).toBe(200);
    const outbox = api.features.smsGateway.outbox!;
    const sms = await outbox.read((await outbox.list({ limit: 1 }))[0]!.id);
    const smsCode = /(\d{6})/.exec(sms!.text)![1]!;
    const confirmed = await request(api.app).post('/api/two-factor/sms/confirm').set(...bearer(full.accessToken)).send({ phone: '+31612345678', code: smsCode });
    expect(confirmed.status).toBe(200);
    expect((await mails('security.factor-added-sms')).length).toBe(1);

    const unguarded = await request(api.app).post('/api/two-factor/remove').set(...bearer(await current())).send({ method: 'sms' });
    expect(unguarded.body.error.code).toBe('STEP_UP_REQUIRED');
    expect((await request(api.app).get('/api/two-factor').set(...bearer(await current()))).body.sms).toBe(true);
    const removeGrant = await stepUp('remove-factor');
    const removed = await request(api.app).post('/api/two-factor/remove').set(...bearer(await current())).send({ method: 'sms', stepUpToken: removeGrant });
    expect(removed.status).toBe(204);
    const last = await request(api.app).post('/api/two-factor/remove').set(...bearer(await current())).send({ method: 'totp', stepUpToken: await stepUp('remove-factor') });
    expect(last.body.error.code).toBe('LAST_FACTOR');
  });
});

describe('password change and reset with the recovery code', () => {
  let earlierMessage = '';
  const NEW_PASSWORD = 'nog een langer nieuw wachtwoord';

  beforeAll(async () => {
    const message = await openpgp.createMessage({ text: 'dagvaarding in zaak 200/2026' });
    earlierMessage = (await openpgp.encrypt({ message, encryptionKeys: await openpgp.readKey({ armoredKey: account.keys.upload.publicKey }) })) as string;
  });

  it('changes the password with step-up, ending the other sessions, and keeps the key', async () => {
    advance(30);
    const other = await fullLogin('totp', code());
    const otherSession = other.done.body.session as typeof full;
    const grant = await stepUp('change-password');
    const next = await rewrapForNewPassword({ accountId: account.accountId, userKey: account.keys.unlocked.userKey, newPassword: 'tijdelijk nieuw wachtwoord 1', kdfParams: newKdfParams(TEST_KDF_PARAMS), floor: TEST_KDF_PARAMS });
    const changed = await request(api.app)
      .post('/api/account/password')
      .set(...bearer(await current()))
      .send({ stepUpToken: grant, password: { kdf: next.kdfParams, authValue: next.authValue, wrappedUserKeyByPassword: next.wrappedUserKeyByPassword } });
    expect(changed.status).toBe(204);
    expect((await request(api.app).get('/api/me').set(...bearer(otherSession.accessToken))).status).toBe(401);
    expect((await request(api.app).get('/api/me').set(...bearer(full.accessToken))).status).toBe(200);
    expect((await passwordLogin(api, EMAIL, PASSWORD)).res.status).toBe(401);
    expect((await passwordLogin(api, EMAIL, 'tijdelijk nieuw wachtwoord 1')).res.status).toBe(200);
    expect((await mails('security.password-changed')).length).toBe(1);
  });

  // A reset without the second factor: test/security/recovery-second-factor.test.ts.
  it('resets with the recovery code and a factor: earlier mail still opens, the old code and every token die', async () => {
    advance(30);
    const live = await request(api.app).post('/api/auth/second-factor').send({ attemptToken: (await passwordLogin(api, EMAIL, 'tijdelijk nieuw wachtwoord 1')).res.body.attemptToken, method: 'backup', code: backupCodes[2]! });
    expect(live.status).toBe(200);
    const liveSession = live.body.session as typeof full;

    const oldCode = parseRecoveryCode(account.recoveryCode);
    const started = await request(api.app).post('/api/recovery/start').send({ email: EMAIL, recoveryAuthValue: (await deriveRecoveryKeys(oldCode)).authValue });
    advance(30);
    const verified = await request(api.app).post('/api/recovery/verify').send({ attemptToken: started.body.attemptToken, method: 'totp', code: code() });
    expect(verified.status).toBe(200);
    const unlocked = await unlockWithRecoveryCode({ accountId: account.accountId, code: oldCode, wrappedUserKeyByRecovery: verified.body.wrappedUserKeyByRecovery, encryptedPrivateKey: verified.body.encryptedPrivateKey });
    const next = await rewrapForNewPassword({ accountId: account.accountId, userKey: unlocked.userKey, newPassword: NEW_PASSWORD, kdfParams: newKdfParams(TEST_KDF_PARAMS), floor: TEST_KDF_PARAMS });
    const newCode = createRecoveryCode();
    const newRecovery = await wrapUserKeyWithRecoveryCode({ accountId: account.accountId, userKey: unlocked.userKey, code: newCode });
    const completed = await request(api.app)
      .post('/api/recovery/complete')
      .send({ resetToken: verified.body.resetToken, password: { kdf: next.kdfParams, authValue: next.authValue, wrappedUserKeyByPassword: next.wrappedUserKeyByPassword }, recovery: { wrappedUserKeyByRecovery: newRecovery.wrappedUserKeyByRecovery, authValue: newRecovery.recoveryAuthValue } });
    expect(completed.status).toBe(204);

    expect((await request(api.app).get('/api/me').set(...bearer(liveSession.accessToken))).status).toBe(401);
    expect((await request(api.app).post('/api/sessions/refresh').send({ refreshToken: liveSession.refreshToken })).status).toBe(401);
    expect((await request(api.app).get('/api/me').set(...bearer(full.accessToken))).status).toBe(401);
    const oldAgain = await request(api.app).post('/api/recovery/start').send({ email: EMAIL, recoveryAuthValue: (await deriveRecoveryKeys(oldCode)).authValue });
    expect(oldAgain.body.error.code).toBe('RECOVERY_CODE_INVALID');
    expect((await mails('security.password-reset')).length).toBe(1);

    advance(30);
    const { res, passwordKeys } = await passwordLogin(api, EMAIL, NEW_PASSWORD);
    const done = await request(api.app).post('/api/auth/second-factor').send({ attemptToken: res.body.attemptToken, method: 'totp', code: code() });
    const keys = await unlockWithPasswordKeys({ accountId: account.accountId, passwordKeys, wrappedUserKeyByPassword: done.body.keys.wrappedUserKeyByPassword, encryptedPrivateKey: done.body.keys.encryptedPrivateKey });
    const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: earlierMessage }), decryptionKeys: keys.privateKey });
    expect(data).toBe('dagvaarding in zaak 200/2026');
  });
});
