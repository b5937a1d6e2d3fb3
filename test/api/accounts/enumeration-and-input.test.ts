// The same answers for existing and unknown addresses, the same hashing work on both login paths,
// failed logins limited (not per spoofable header), and bad input refused without a trace in the data.
import { startTestApi, request, type TestApi } from '../../helpers/api';
import * as verifier from '../../../api/accounts/verifier';
import { createAccountKeys } from '../../../shared/crypto/account-keys';
import { createRecoveryCode, wrapUserKeyWithRecoveryCode } from '../../../shared/crypto/recovery-code';
import { newKdfParams, TEST_KDF_PARAMS } from '../../../shared/crypto/kdf';

jest.setTimeout(120_000);
let api: TestApi;
const KNOWN = 'bekend@kantoor.nl';
const UNKNOWN = 'onbekend@kantoor.nl';

beforeAll(async () => {
  api = await startTestApi();
  const started = await request(api.app).post('/api/registration').send({ email: KNOWN });
  expect(started.status).toBe(202);
  const code = /code in het Zegel-venster: ([0-9A-Z-]+)/.exec((await api.mailTo(KNOWN))[0]!.text)![1]!;
  const verified = await request(api.app).post('/api/registration/verify').send({ email: KNOWN, code });
  const accountId = verified.body.accountId as string;
  const keys = await createAccountKeys({ accountId, password: 'een goed wachtwoord 2026', kdfParams: newKdfParams(TEST_KDF_PARAMS), floor: TEST_KDF_PARAMS });
  const recovery = await wrapUserKeyWithRecoveryCode({ accountId, userKey: keys.unlocked.userKey, code: createRecoveryCode() });
  const { kdfParams, authValue, publicKey, fingerprint, wrappedUserKeyByPassword, encryptedPrivateKey } = keys.upload;
  const activated = await request(api.app)
    .post('/api/registration/activate')
    .send({ accountId, enrolmentToken: verified.body.enrolmentToken, kdf: kdfParams, authValue, keys: { publicKey, fingerprint, wrappedUserKeyByPassword, encryptedPrivateKey }, recovery: { wrappedUserKeyByRecovery: recovery.wrappedUserKeyByRecovery, authValue: recovery.recoveryAuthValue } });
  expect(activated.status).toBe(201);
});
afterAll(async () => {
  await api?.close();
});

const fakeAuthValue = 'A'.repeat(43);

describe('no enumeration', () => {
  it('answers registration the same for an existing and an unknown address', async () => {
    const known = await request(api.app).post('/api/registration').send({ email: KNOWN });
    const unknown = await request(api.app).post('/api/registration').send({ email: 'nieuw@kantoor.nl' });
    expect({ status: known.status, body: known.body }).toEqual({ status: unknown.status, body: unknown.body });
    // What applies goes to the mailbox, which only its owner reads.
    expect((await api.mailTo(KNOWN)).some((m) => m.kind === 'account.exists')).toBe(true);
  });

  it('gives pre-login parameters of the same shape for unknown addresses, stable across calls', async () => {
    const known = await request(api.app).post('/api/auth/prelogin').send({ email: KNOWN });
    const unknown1 = await request(api.app).post('/api/auth/prelogin').send({ email: UNKNOWN });
    const unknown2 = await request(api.app).post('/api/auth/prelogin').send({ email: UNKNOWN.toUpperCase() });
    expect(Object.keys(unknown1.body.kdf as object).sort()).toEqual(Object.keys(known.body.kdf as object).sort());
    expect(unknown1.body).toEqual(unknown2.body);
    expect((unknown1.body.kdf as { salt: string }).salt).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('answers a wrong password and an unknown address alike, after the same verifier work', async () => {
    const spy = jest.spyOn(verifier, 'checkVerifier');
    const wrong = await request(api.app).post('/api/auth/login').set('X-Forwarded-For', '203.0.113.1').send({ email: KNOWN, authValue: fakeAuthValue });
    const unknown = await request(api.app).post('/api/auth/login').send({ email: UNKNOWN, authValue: fakeAuthValue });
    expect(wrong.status).toBe(401);
    expect({ status: unknown.status, body: unknown.body }).toEqual({ status: wrong.status, body: wrong.body });
    expect(spy).toHaveBeenCalledTimes(2);
    const [, knownVerifier] = spy.mock.calls[0]!;
    const [, dummyVerifier] = spy.mock.calls[1]!;
    const cost = (v: verifier.StoredVerifier) => ({ algorithm: v.algorithm, iterations: v.iterations, memoryKiB: v.memoryKiB, parallelism: v.parallelism });
    expect(cost(dummyVerifier)).toEqual(cost(knownVerifier));
    spy.mockRestore();
  });
});

describe('failed logins', () => {
  it('are limited per account, and a spoofed X-Forwarded-For does not open a new bucket', async () => {
    const email = 'doelwit@kantoor.nl';
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      const res = await request(api.app).post('/api/auth/login').set('X-Forwarded-For', `198.51.100.${i}`).send({ email, authValue: fakeAuthValue });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    const limited = await request(api.app).post('/api/auth/login').set('X-Forwarded-For', '192.0.2.77').send({ email, authValue: fakeAuthValue });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('bad input leaves nothing behind', () => {
  const domainCounts = async () => ({
    accounts: await api.database.db.collection('accounts').countDocuments(),
    sessions: await api.database.db.collection('sessions').countDocuments(),
  });

  it.each([
    ['/api/registration', '{"email":', 'application/json', 400, 'MALFORMED_JSON'],
    ['/api/registration', JSON.stringify({ email: 5 }), 'application/json', 400, 'VALIDATION_FAILED'],
    ['/api/registration', JSON.stringify({ email: 'a@b.nl', role: 'admin' }), 'application/json', 400, 'UNKNOWN_FIELD'],
    ['/api/registration', JSON.stringify({ email: { $ne: null } }), 'application/json', 400, 'VALIDATION_FAILED'],
    ['/api/registration', JSON.stringify({ email: 'not-an-address' }), 'application/json', 400, 'VALIDATION_FAILED'],
    ['/api/registration', JSON.stringify({ email: `${'x'.repeat(70_000)}@b.nl` }), 'application/json', 413, 'PAYLOAD_TOO_LARGE'],
    ['/api/registration', 'email=a@b.nl', 'application/x-www-form-urlencoded', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['/api/auth/login', JSON.stringify({ email: KNOWN, authValue: { $gt: '' } }), 'application/json', 400, 'VALIDATION_FAILED'],
    ['/api/auth/login', JSON.stringify({ email: KNOWN, authValue: fakeAuthValue, twoFactorEnabled: false }), 'application/json', 400, 'UNKNOWN_FIELD'],
    ['/api/registration/activate', JSON.stringify({ accountId: 'x' }), 'application/json', 400, 'VALIDATION_FAILED'],
    ['/api/registration/verify', '{"email":"a@b.nl","code":"x","__proto__":{"admin":true}}', 'application/json', 400, 'UNKNOWN_FIELD'],
  ])('POST %s with %s → %i %s', async (path, body, type, status, code) => {
    const before = await domainCounts();
    const res = await request(api.app).post(path).set('Content-Type', type).send(body);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(await domainCounts()).toEqual(before);
  });
});
