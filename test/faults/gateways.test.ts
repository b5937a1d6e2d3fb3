// A failing SMTP server or SMS gateway, through the whole API (in-process, real engine, a real SMTP
// server and an HTTP SMS gateway on loopback that fail on demand): the user gets a clear error and a
// way to try again, a factor is never left half-enabled, and no invitation is lost.
// The mailer and the gateway adapter alone are covered in test/api/mail/mailer.test.ts and
// test/api/two-factor/sms-gateway.test.ts; the SMS service with each kind of gateway failure in
// test/api/two-factor/sms.test.ts; invitation retries in the register module and its command in
// test/api/register/register.test.ts and import-cli.test.ts.
import { startTestApi, request, bearer, activateAccount, passwordLogin, type ApiTarget, type TestApi } from '../helpers/api';
import { onboard, stepUpFor, type OnboardedUser } from '../helpers/onboarding';
import { startSmtpSink, type SmtpSink } from '../api/mail/smtp-sink';
import { startStubGateway, type StubGateway } from '../api/two-factor/sms-stub-gateway';
import type { OutboxMessage } from '../../api/mail/outbox';
import { rewrapForNewPassword } from '../../shared/crypto/account-keys';
import { newKdfParams, TEST_KDF_PARAMS } from '../../shared/crypto/kdf';
import { createRecoveryCode, deriveRecoveryKeys, parseRecoveryCode, unlockWithRecoveryCode, wrapUserKeyWithRecoveryCode } from '../../shared/crypto/recovery-code';

jest.setTimeout(120_000);

let phoneSeq = 10;
/** A number per user: the SMS send limits count per number too. */
const phoneOf = new Map<string, string>();
const phoneFor = (user: OnboardedUser) => {
  if (!phoneOf.has(user.accountId)) phoneOf.set(user.accountId, `+316123456${phoneSeq++}`);
  return phoneOf.get(user.accountId)!;
};
let now = new Date('2026-11-28T09:00:00Z');
const clock = { now: () => now, advance: (s: number) => (now = new Date(now.getTime() + s * 1000)) };

let sink: SmtpSink;
let gateway: StubGateway;
let api: TestApi;
let target: ApiTarget;

beforeAll(async () => {
  sink = await startSmtpSink();
  gateway = await startStubGateway();
  api = await startTestApi({ env: { SMTP_URL: sink.url, SMS_GATEWAY_URL: gateway.url, SMS_GATEWAY_TOKEN: gateway.token }, now: clock.now });
  // The onboarding helpers read mail by kind; over SMTP the kind is told by the text.
  target = {
    app: api.app,
    mailTo: (address) =>
      Promise.resolve(
        sink.messages
          .filter((m) => m.to.includes(address))
          .map((m, i): OutboxMessage => ({ id: String(i), time: '', kind: /code in het Zegel-venster/.test(m.text) ? 'account.verify' : 'other', from: m.from, to: address, subject: m.subject, text: m.text })),
      ),
  };
});
afterAll(async () => {
  await api?.close();
  await gateway?.close();
  await sink?.close();
});
beforeEach(() => {
  sink.refuseRecipients = false;
  gateway.mode = { kind: 'ok' };
  // Past every "send again" pause of the SMS limits.
  clock.advance(120);
});

const twoFactorStatus = async (user: OnboardedUser) => (await request(api.app).get('/api/two-factor').set(...bearer(await user.token()))).body as { totp: boolean; sms: boolean; methods: string[] };

async function addPhone(user: OnboardedUser) {
  const grant = await stepUpFor(target, user, 'add-factor');
  return request(api.app).post('/api/two-factor/sms/start').set(...bearer(await user.token())).send({ phone: phoneFor(user), stepUpToken: grant });
}

const confirmPhone = async (user: OnboardedUser, code: string) => request(api.app).post('/api/two-factor/sms/confirm').set(...bearer(await user.token())).send({ phone: phoneFor(user), code });

it('a registration mail the server refuses: MAIL_DELIVERY_FAILED, and asking again sends a code that works', async () => {
  sink.refuseRecipients = true;
  const refused = await request(api.app).post('/api/registration').send({ email: 'mr.nieuw@kantoor.nl' });
  expect(refused.status).toBe(502);
  expect(refused.body.error.code).toBe('MAIL_DELIVERY_FAILED');
  expect(sink.messages.filter((m) => m.to.includes('mr.nieuw@kantoor.nl'))).toHaveLength(0);

  sink.refuseRecipients = false;
  const account = await activateAccount(target, 'mr.nieuw@kantoor.nl', 'een lang wachtwoord');
  expect(account.accountId).toEqual(expect.any(String));
});

it('an activation whose welcome mail the server refuses: activated, and answered as activated', async () => {
  // The pane shows the recovery code after this answer: an error here would hide it for good.
  const original = sink.messages.length;
  const refuseAfterVerify = setInterval(() => {
    if (sink.messages.length > original) sink.refuseRecipients = true;
  }, 1);
  try {
    const account = await activateAccount(target, 'mr.welkom@kantoor.nl', 'een ander lang wachtwoord');
    expect(account.accountId).toEqual(expect.any(String));
  } finally {
    clearInterval(refuseAfterVerify);
  }
  expect(sink.refuseRecipients).toBe(true);
  expect(sink.messages.filter((m) => m.to.includes('mr.welkom@kantoor.nl'))).toHaveLength(1); // the code, not the welcome
  const { res } = await passwordLogin(target, 'mr.welkom@kantoor.nl', 'een ander lang wachtwoord');
  expect(res.status).toBe(200);
});

it('an SMS gateway failing while a phone is set up: SMS_DELIVERY_FAILED, SMS stays off, and a later try enables it', async () => {
  const user = await onboard(target, { email: 'mr.sms@kantoor.nl', clock });
  gateway.mode = { kind: 'status', status: 503, body: '' };
  const failed = await addPhone(user);
  expect(failed.status).toBe(502);
  expect(failed.body.error.code).toBe('SMS_DELIVERY_FAILED');
  expect((await twoFactorStatus(user)).sms).toBe(false);
  // The gateway saw a code and may still deliver it late: it must not enable anything.
  expect((await confirmPhone(user, gateway.lastCode())).body.error.code).toBe('SMS_CODE_INVALID');
  expect((await twoFactorStatus(user)).sms).toBe(false);

  gateway.mode = { kind: 'ok' };
  clock.advance(31);
  expect((await addPhone(user)).status).toBe(200);
  expect((await confirmPhone(user, gateway.lastCode())).status).toBe(200);
  expect(await twoFactorStatus(user)).toEqual(expect.objectContaining({ totp: true, sms: true }));
});

it('an SMS gateway failing at login: SMS_DELIVERY_FAILED, and the same attempt finishes with the app', async () => {
  const user = await onboard(target, { email: 'mr.inlog@kantoor.nl', clock });
  expect((await addPhone(user)).status).toBe(200);
  expect((await confirmPhone(user, gateway.lastCode())).status).toBe(200);

  clock.advance(31); // the pause between two SMS to one account
  const { res } = await passwordLogin(target, user.email, user.password);
  gateway.mode = { kind: 'hang' };
  const sms = await request(api.app).post('/api/auth/second-factor/sms').send({ attemptToken: res.body.attemptToken });
  expect(sms.status).toBe(502);
  expect(sms.body.error.code).toBe('SMS_DELIVERY_FAILED');
  const done = await request(api.app).post('/api/auth/second-factor').send({ attemptToken: res.body.attemptToken, method: 'totp', code: user.nextCode() });
  expect(done.status).toBe(200);
  expect(done.body.session.accessToken).toEqual(expect.any(String));
});

it('a notice mail the server refuses after a factor change: the change is made and answered as made', async () => {
  const user = await onboard(target, { email: 'mr.melding@kantoor.nl', clock });
  sink.refuseRecipients = true;
  expect((await addPhone(user)).status).toBe(200);
  const confirmed = await confirmPhone(user, gateway.lastCode());
  expect(confirmed.status).toBe(200);
  expect(confirmed.body).toEqual({ stage: 'full' });
  expect((await twoFactorStatus(user)).sms).toBe(true);

  // New backup codes replace the old ones at once: they must reach the user even without mail.
  const grant = await stepUpFor(target, user, 'regenerate-backup-codes');
  const regenerated = await request(api.app).post('/api/two-factor/backup-codes').set(...bearer(await user.token())).send({ stepUpToken: grant });
  expect(regenerated.status).toBe(200);
  const codes = regenerated.body.backupCodes as string[];
  expect(codes).toHaveLength(10);
  const { res } = await passwordLogin(target, user.email, user.password);
  const withBackup = await request(api.app).post('/api/auth/second-factor').send({ attemptToken: res.body.attemptToken, method: 'backup', code: codes[0] });
  expect(withBackup.status).toBe(200);

  const audit = await api.database.db.collection<{ outcome: string; details: { event: string } }>('audit').find({ actor: user.accountId, action: 'security.notice-mail' }).sort({ seq: 1 }).toArray();
  expect(audit.map((a) => [a.outcome, a.details.event])).toEqual([
    ['failure', 'factor-added-sms'],
    ['failure', 'backup-codes-regenerated'],
  ]);
});

it('an invitation mail the server refuses: the invitation stays pending, the server retries it, and its link works', async () => {
  const email = 'mr.uitgenodigd@kantoor.nl';
  sink.refuseRecipients = true;
  const imported = await api.features.register.importFile({ fileName: 'register.csv', content: Buffer.from(`number,kind,name,email\nA54321,lawyer,Mr. Uitgenodigd,${email}\n`) });
  expect(imported).toEqual(expect.objectContaining({ ok: true, invitationsCreated: 1, mail: { sent: 0, failed: 1 } }));
  const invitations = api.database.db.collection('invitations');
  expect(await invitations.countDocuments({ email, mail: 'pending', voidedAt: null })).toBe(1);

  // Still refused: the retry task leaves it pending.
  const retry = api.features.sweepTasks.find((task) => task.name === 'invitation-mail-retry');
  if (!retry) throw new Error('the API has no invitation retry task');
  expect(await retry.sweep(clock.now())).toBe(0);
  expect(await invitations.countDocuments({ email, mail: 'pending', voidedAt: null })).toBe(1);

  sink.refuseRecipients = false;
  expect(await retry.sweep(clock.now())).toBe(1);
  const mails = sink.messages.filter((m) => m.to.includes(email));
  expect(mails).toHaveLength(1);
  const token = /#invitation=([A-Za-z0-9_-]{43})/.exec(mails[0]!.text)?.[1];
  if (!token) throw new Error('no invitation link in the mail');
  const registered = await request(api.app).post('/api/registration').send({ email, invitationToken: token });
  expect(registered.status).toBe(200);
  expect(registered.body.status).toBe('verified');
});

it('a notice mail the server refuses after a password change or reset: the new password works and the answer says so', async () => {
  const user = await onboard(target, { email: 'mr.wachtwoord@kantoor.nl', clock });
  sink.refuseRecipients = true;
  const grant = await stepUpFor(target, user, 'change-password');
  const changedPassword = 'een ander lang wachtwoord voor de test';
  const next = await rewrapForNewPassword({ accountId: user.accountId, userKey: user.keys.userKey, newPassword: changedPassword, kdfParams: newKdfParams(TEST_KDF_PARAMS), floor: TEST_KDF_PARAMS });
  const changed = await request(api.app)
    .post('/api/account/password')
    .set(...bearer(await user.token()))
    .send({ stepUpToken: grant, password: { kdf: next.kdfParams, authValue: next.authValue, wrappedUserKeyByPassword: next.wrappedUserKeyByPassword } });
  expect(changed.status).toBe(204);
  expect((await passwordLogin(target, user.email, changedPassword)).res.status).toBe(200);

  // The reset with the recovery code and the app: answered as done, and the new password works.
  const oldCode = parseRecoveryCode(user.recoveryCode);
  const started = await request(api.app).post('/api/recovery/start').send({ email: user.email, recoveryAuthValue: (await deriveRecoveryKeys(oldCode)).authValue });
  expect(started.status).toBe(200);
  const verified = await request(api.app).post('/api/recovery/verify').send({ attemptToken: started.body.attemptToken, method: 'totp', code: user.nextCode() });
  expect(verified.status).toBe(200);
  const unlocked = await unlockWithRecoveryCode({ accountId: user.accountId, code: oldCode, wrappedUserKeyByRecovery: verified.body.wrappedUserKeyByRecovery, encryptedPrivateKey: verified.body.encryptedPrivateKey });
  const resetPassword = 'het wachtwoord na het herstel, lang genoeg';
  const reset = await rewrapForNewPassword({ accountId: user.accountId, userKey: unlocked.userKey, newPassword: resetPassword, kdfParams: newKdfParams(TEST_KDF_PARAMS), floor: TEST_KDF_PARAMS });
  const recovery = await wrapUserKeyWithRecoveryCode({ accountId: user.accountId, userKey: unlocked.userKey, code: createRecoveryCode() });
  const completed = await request(api.app)
    .post('/api/recovery/complete')
    .send({ resetToken: verified.body.resetToken, password: { kdf: reset.kdfParams, authValue: reset.authValue, wrappedUserKeyByPassword: reset.wrappedUserKeyByPassword }, recovery: { wrappedUserKeyByRecovery: recovery.wrappedUserKeyByRecovery, authValue: recovery.recoveryAuthValue } });
  expect(completed.status).toBe(204);
  expect((await passwordLogin(target, user.email, resetPassword)).res.status).toBe(200);

  const audit = await api.database.db.collection<{ outcome: string; details: { event: string } }>('audit').find({ actor: user.accountId, action: 'security.notice-mail' }).sort({ seq: 1 }).toArray();
  expect(audit.map((a) => [a.outcome, a.details.event])).toEqual([
    ['failure', 'password-changed'],
    ['failure', 'password-reset'],
  ]);
});
