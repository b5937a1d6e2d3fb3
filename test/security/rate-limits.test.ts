// Threat: guessing passwords and codes online, and dodging the limits by changing what the limiter
// keys on. Limits are per account and per factor, kept in the database, and never keyed on a header
// the client can set (X-Forwarded-For is not trusted without TRUST_PROXY_HOPS).
// Checklist C1–C4 (ASVS 4.0.3 2.2.1; 5.0 6.1.1, 6.3.1, 4.1.3, 15.3.4; NIST 800-63B §5.2.2, §5.1.4.2).
import { request, passwordLogin, type TestApi } from '../helpers/api';
import { apiWithUsers, testClock } from './fixture';
import type { OnboardedUser } from '../helpers/onboarding';
import { RATE_LIMIT_COLLECTION } from '../../api/rate-limit/limiter';
import { totpCodeAt } from '../../api/two-factor/totp';

jest.setTimeout(120_000);
let api: TestApi;
const clock = testClock();
const fakeAuthValue = 'A'.repeat(43);
let user: OnboardedUser;

beforeAll(async () => {
  ({ api, users: [user] } = await apiWithUsers(clock, ['mr.doelwit@kantoor.nl']));
});
afterAll(() => api?.close());

const limitRecords = () => api.database.db.collection(RATE_LIMIT_COLLECTION).countDocuments();
const wrongLogin = (email: string, forwardedFor: string) => request(api.app).post('/api/auth/login').set('X-Forwarded-For', forwardedFor).send({ email, authValue: fakeAuthValue });

describe('failed logins', () => {
  it('are limited per account, and a spoofed X-Forwarded-For does not open a new bucket', async () => {
    const email = 'doelwit@kantoor.nl';
    const before = await limitRecords();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) statuses.push((await wrongLogin(email, `198.51.100.${i}`)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    const limited = await wrongLogin(email, '192.0.2.77');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Seven forged addresses made two counters (the account, and the address from the socket), not eight.
    expect((await limitRecords()) - before).toBe(2);
  });

  it('do not block another account', async () => {
    for (let i = 0; i < 7; i += 1) await wrongLogin('ander-doelwit@kantoor.nl', '203.0.113.1');
    expect((await passwordLogin(api, user.email, user.password)).res.status).toBe(200);
  });
});

describe('second factors', () => {
  const attempt = async () => (await passwordLogin(api, user.email, user.password)).res.body.attemptToken as string;
  const secondFactor = (attemptToken: string, method: string, code: string) => request(api.app).post('/api/auth/second-factor').send({ attemptToken, method, code });

  it('keep the TOTP failure counter across correct passwords', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await secondFactor(await attempt(), 'totp', `12345${i}`)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    // A right code is refused too while the delay runs: the limit is on the factor, not on wrong codes.
    const nextStep = totpCodeAt(user.totpSecret, new Date(clock.now().getTime() + 30_000));
    const right = await secondFactor(await attempt(), 'totp', nextStep);
    expect(right.status).toBe(429);
  });

  it('count each factor on its own: a locked app code leaves the backup codes usable', async () => {
    const backup = await secondFactor(await attempt(), 'backup', user.backupCodes[0]!);
    expect(backup.status).toBe(200);
    const wrongBackups: number[] = [];
    for (let i = 0; i < 6; i += 1) wrongBackups.push((await secondFactor(await attempt(), 'backup', '1-AAAA-AAAA-AAAA-AAAA')).status);
    expect(wrongBackups.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(wrongBackups[5]).toBe(429);
  });

  it('let the factor in again once the delay has passed, never locking the holder out for good', async () => {
    clock.advance(15 * 60);
    const res = await secondFactor(await attempt(), 'totp', user.nextCode());
    expect(res.status).toBe(200);
  });
});
