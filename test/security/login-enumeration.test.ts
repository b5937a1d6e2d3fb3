// Threat: finding out who has an account (user enumeration) from the answers of registration,
// pre-login, login and the recovery start, or from how much hashing work the server does.
// Checklist A5 (ASVS 5.0 6.3.8), B9 (the same verifier cost on both paths); the timing itself is
// measured in `npm run bench`, not asserted here: the equal work is shown by counting verifier calls.
import { startTestApi, request, activateAccount, type TestApi } from '../helpers/api';
import * as verifier from '../../api/accounts/verifier';
import { deriveRecoveryKeys, parseRecoveryCode, createRecoveryCode } from '../../shared/crypto/recovery-code';

jest.setTimeout(120_000);
let api: TestApi;
const KNOWN = 'bekend@kantoor.nl';
const UNKNOWN = 'onbekend@kantoor.nl';
const fakeAuthValue = 'A'.repeat(43);

beforeAll(async () => {
  api = await startTestApi();
  await activateAccount(api, KNOWN, 'een goed wachtwoord 2026');
});
afterAll(async () => {
  await api?.close();
});
afterEach(() => {
  jest.restoreAllMocks();
});

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
  expect(unknown1.status).toBe(known.status);
  expect(Object.keys(unknown1.body as object).sort()).toEqual(Object.keys(known.body as object).sort());
  expect(Object.keys(unknown1.body.kdf as object).sort()).toEqual(Object.keys(known.body.kdf as object).sort());
  expect(unknown1.body).toEqual(unknown2.body);
  expect((unknown1.body.kdf as { salt: string }).salt).toMatch(/^[A-Za-z0-9_-]{22}$/);
});

it('answers a wrong password and an unknown address alike, after the same verifier work', async () => {
  const spy = jest.spyOn(verifier, 'checkVerifier');
  const wrong = await request(api.app).post('/api/auth/login').send({ email: KNOWN, authValue: fakeAuthValue });
  const unknown = await request(api.app).post('/api/auth/login').send({ email: UNKNOWN, authValue: fakeAuthValue });
  expect(wrong.status).toBe(401);
  expect({ status: unknown.status, body: unknown.body }).toEqual({ status: wrong.status, body: wrong.body });
  expect(spy).toHaveBeenCalledTimes(2);
  const [, knownVerifier] = spy.mock.calls[0]!;
  const [, dummyVerifier] = spy.mock.calls[1]!;
  const cost = (v: verifier.StoredVerifier) => ({ algorithm: v.algorithm, iterations: v.iterations, memoryKiB: v.memoryKiB, parallelism: v.parallelism });
  expect(cost(dummyVerifier)).toEqual(cost(knownVerifier));
});

it('answers a wrong recovery code and an unknown address alike', async () => {
  const authValue = (await deriveRecoveryKeys(parseRecoveryCode(createRecoveryCode()))).authValue;
  const known = await request(api.app).post('/api/recovery/start').send({ email: KNOWN, recoveryAuthValue: authValue });
  const unknown = await request(api.app).post('/api/recovery/start').send({ email: UNKNOWN, recoveryAuthValue: authValue });
  expect(known.body.error.code).toBe('RECOVERY_CODE_INVALID');
  expect({ status: unknown.status, body: unknown.body }).toEqual({ status: known.status, body: known.body });
});
