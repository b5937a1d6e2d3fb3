// Threat: a stolen recovery code used to take over an account (or its keys) without the second
// factor. A reset needs the recovery code AND a second factor; the wrapped key is handed out only
// after both; a token from one step or flow is no good for another; recovery codes are rate-limited.
// Checklist F6, C2 (ASVS 5.0 6.4.3; 7.2.4 for a new token per step). The complete reset (keys kept,
// sessions ended, new code) is in test/api/two-factor/flows.test.ts.
import { request, passwordLogin, type TestApi } from '../helpers/api';
import { apiWithUsers, testClock } from './fixture';
import type { OnboardedUser } from '../helpers/onboarding';
import { deriveRecoveryKeys, parseRecoveryCode, createRecoveryCode } from '../../shared/crypto/recovery-code';
import { newKdfParams, TEST_KDF_PARAMS } from '../../shared/crypto/kdf';

jest.setTimeout(120_000);
let api: TestApi;
const clock = testClock();
let user: OnboardedUser;
let recoveryAuthValue = '';
const blob = 'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const newCredentials = () => ({
  password: { kdf: newKdfParams(TEST_KDF_PARAMS), authValue: 'A'.repeat(43), wrappedUserKeyByPassword: blob },
  recovery: { wrappedUserKeyByRecovery: blob, authValue: 'B'.repeat(43) },
});

beforeAll(async () => {
  ({ api, users: [user] } = await apiWithUsers(clock, ['mr.herstel@kantoor.nl']));
  recoveryAuthValue = (await deriveRecoveryKeys(parseRecoveryCode(user.recoveryCode))).authValue;
});
afterAll(() => api?.close());

const start = () => request(api.app).post('/api/recovery/start').send({ email: user.email, recoveryAuthValue });
const accountNow = () => api.database.db.collection('accounts').findOne({ email: user.email });

it('gives no key material for the recovery code alone, only an attempt that needs a second factor', async () => {
  const started = await start();
  expect(started.status).toBe(200);
  expect(Object.keys(started.body as object).sort()).toEqual(['attemptToken', 'methods']);
  expect(started.body.methods).toEqual(expect.arrayContaining(['totp', 'backup']));
});

it('refuses a reset that skips the second factor, and changes nothing', async () => {
  const before = await accountNow();
  const started = await start();
  const skip = await request(api.app).post('/api/recovery/complete').send({ resetToken: started.body.attemptToken, ...newCredentials() });
  expect(skip.status).toBe(401);
  expect(skip.body.error.code).toBe('CHALLENGE_INVALID');
  const wrongFactor = await request(api.app).post('/api/recovery/verify').send({ attemptToken: started.body.attemptToken, method: 'totp', code: '000001' === user.nextCode() ? '000002' : '000001' });
  expect(wrongFactor.status).toBe(401);
  expect(wrongFactor.body.wrappedUserKeyByRecovery).toBeUndefined();
  expect(await accountNow()).toEqual(before);
});

it('does not take a login attempt for a recovery, nor a recovery attempt for a login', async () => {
  const { res } = await passwordLogin(api, user.email, user.password);
  const loginAsRecovery = await request(api.app).post('/api/recovery/verify').send({ attemptToken: res.body.attemptToken, method: 'totp', code: user.nextCode() });
  expect(loginAsRecovery.body.error.code).toBe('CHALLENGE_INVALID');
  const started = await start();
  const recoveryAsLogin = await request(api.app).post('/api/auth/second-factor').send({ attemptToken: started.body.attemptToken, method: 'totp', code: user.nextCode() });
  expect(recoveryAsLogin.status).toBe(401);
  expect(recoveryAsLogin.body.session).toBeUndefined();
});

it('hands out the reset permit once: a second completion with it is refused', async () => {
  const started = await start();
  const verified = await request(api.app).post('/api/recovery/verify').send({ attemptToken: started.body.attemptToken, method: 'totp', code: user.nextCode() });
  expect(verified.status).toBe(200);
  const again = await request(api.app).post('/api/recovery/verify').send({ attemptToken: started.body.attemptToken, method: 'totp', code: user.nextCode() });
  expect(again.body.error.code).toBe('CHALLENGE_INVALID');
});

it('limits wrong recovery codes per account, whatever the source address claims', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 7; i += 1) {
    const guess = (await deriveRecoveryKeys(parseRecoveryCode(createRecoveryCode()))).authValue;
    statuses.push((await request(api.app).post('/api/recovery/start').set('X-Forwarded-For', `198.51.100.${i}`).send({ email: user.email, recoveryAuthValue: guess })).status);
  }
  expect(statuses.slice(5)).toEqual([429, 429]);
  expect((await start()).status).toBe(429);
});
