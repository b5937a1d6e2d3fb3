// Threat: an SMS code intercepted or guessed and used where it was not meant: after its five
// minutes, for another login attempt or purpose, or a second time. Over HTTP on the real API.
// Checklist E2, E3 (ASVS 5.0 6.5.5, 6.6.2, 6.5.1; NIST 800-63B §5.1.3.2). Codes stored only as keyed
// hashes, try limits and send limits: test/api/two-factor/sms.test.ts.
import { request, bearer, passwordLogin, type TestApi } from '../helpers/api';
import { apiWithUsers, testClock } from './fixture';
import { stepUpFor, type OnboardedUser } from '../helpers/onboarding';
import { deriveRecoveryKeys, parseRecoveryCode } from '../../shared/crypto/recovery-code';

jest.setTimeout(120_000);
let api: TestApi;
const clock = testClock();
let user: OnboardedUser;
const PHONE = '+31612345678';

async function lastSms(): Promise<string> {
  const outbox = api.features.smsGateway.outbox!;
  const [latest] = await outbox.list({ limit: 1 });
  const text = (await outbox.read(latest!.id))!.text;
  return /(\d{6})/.exec(text)![1]!;
}

beforeAll(async () => {
  ({ api, users: [user] } = await apiWithUsers(clock, ['mr.sms@kantoor.nl']));
  const grant = await stepUpFor(api, user, 'add-factor');
  const started = await request(api.app).post('/api/two-factor/sms/start').set(...bearer(await user.token())).send({ phone: PHONE, stepUpToken: grant });
  expect(started.status).toBe(200);
  const confirmed = await request(api.app).post('/api/two-factor/sms/confirm').set(...bearer(await user.token())).send({ phone: PHONE, code: await lastSms() });
  expect(confirmed.status).toBe(200);
});
afterAll(() => api?.close());
beforeEach(() => {
  // Past the per-account limit of five SMS an hour, so each test may send what it needs.
  clock.advance(61 * 60);
});

async function loginAttemptWithSms(): Promise<{ attemptToken: string; code: string }> {
  const { res } = await passwordLogin(api, user.email, user.password);
  const attemptToken = res.body.attemptToken as string;
  const sent = await request(api.app).post('/api/auth/second-factor/sms').send({ attemptToken });
  expect(sent.status).toBe(204);
  return { attemptToken, code: await lastSms() };
}
const loginWith = (attemptToken: string, code: string) => request(api.app).post('/api/auth/second-factor').send({ attemptToken, method: 'sms', code });

/** A new full session (the hour between tests outlives the idle limit of the earlier one). */
async function freshAccessToken(): Promise<string> {
  const { res } = await passwordLogin(api, user.email, user.password);
  const done = await request(api.app).post('/api/auth/second-factor').send({ attemptToken: res.body.attemptToken, method: 'totp', code: user.nextCode() });
  return done.body.session.accessToken as string;
}

it('binds a code to the login attempt it was sent for', async () => {
  const a = await loginAttemptWithSms();
  clock.advance(30);
  const b = await loginAttemptWithSms();
  if (a.code !== b.code) expect((await loginWith(b.attemptToken, a.code)).body.error.code).toBe('SMS_CODE_INVALID');
  expect((await loginWith(a.attemptToken, a.code)).status).toBe(200);
  expect((await loginWith(b.attemptToken, b.code)).status).toBe(200);
});

it('binds a login code to login: it is no good for a step-up', async () => {
  const token = await freshAccessToken();
  const a = await loginAttemptWithSms();
  const { passwordKeys } = await passwordLogin(api, user.email, user.password);
  const stepUp = await request(api.app).post('/api/auth/step-up').set(...bearer(token)).send({ authValue: passwordKeys.authValue, method: 'sms', code: a.code, purpose: 'add-factor' });
  expect(stepUp.body.error.code).toBe('SMS_CODE_INVALID');
});

it('accepts a code once: the same step-up code a second time is refused', async () => {
  const token = await freshAccessToken();
  expect((await request(api.app).post('/api/auth/step-up/sms').set(...bearer(token))).status).toBe(204);
  const code = await lastSms();
  const { passwordKeys } = await passwordLogin(api, user.email, user.password);
  const body = { authValue: passwordKeys.authValue, method: 'sms', code, purpose: 'add-factor' };
  expect((await request(api.app).post('/api/auth/step-up').set(...bearer(token)).send(body)).status).toBe(200);
  const replay = await request(api.app).post('/api/auth/step-up').set(...bearer(token)).send(body);
  expect(replay.status).toBe(401);
  expect(replay.body.error.code).toBe('SMS_CODE_INVALID');
});

it('accepts a code at 4:59', async () => {
  const a = await loginAttemptWithSms();
  clock.advance(4 * 60 + 59);
  expect((await loginWith(a.attemptToken, a.code)).status).toBe(200);
});

it('refuses a code from 5:00 on, while the attempt it belongs to is still open', async () => {
  // A recovery attempt lives ten minutes: what expires here is the code, not the attempt.
  const recoveryAuthValue = (await deriveRecoveryKeys(parseRecoveryCode(user.recoveryCode))).authValue;
  const started = await request(api.app).post('/api/recovery/start').send({ email: user.email, recoveryAuthValue });
  const attemptToken = started.body.attemptToken as string;
  expect((await request(api.app).post('/api/recovery/sms').send({ attemptToken })).status).toBe(204);
  const code = await lastSms();
  clock.advance(5 * 60);
  const late = await request(api.app).post('/api/recovery/verify').send({ attemptToken, method: 'sms', code });
  expect(late.status).toBe(401);
  expect(late.body.error.code).toBe('SMS_CODE_INVALID');
  const open = await request(api.app).post('/api/recovery/verify').send({ attemptToken, method: 'totp', code: user.nextCode() });
  expect(open.status).toBe(200);
});
