// Threat: a page on another origin calling the API from a user's browser and reading the answers.
// CORS allows only the add-in's own origin (PUBLIC_BASE_URL), never reflects another origin, never
// allows credentials (the API uses bearer tokens, not cookies), and an allowed preflight names only
// the headers the add-in sends. Checklist J8, G7 (ASVS 5.0 3.4.2, 3.3.1).
import { request, bearer, type TestApi } from '../helpers/api';
import { apiWithUsers, testClock } from './fixture';
import type { OnboardedUser } from '../helpers/onboarding';

jest.setTimeout(120_000);
let api: TestApi;
const clock = testClock();
let user: OnboardedUser;
const OWN = 'https://zegel.test';

beforeAll(async () => {
  ({ api, users: [user] } = await apiWithUsers(clock, ['mr.cors@kantoor.nl']));
});
afterAll(() => api?.close());

const preflight = (origin: string, path = '/api/auth/login') => request(api.app).options(path).set('Origin', origin).set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'authorization,content-type');

it('allows the add-in’s own origin, with exactly the methods and headers it uses and no credentials', async () => {
  const res = await preflight(OWN);
  expect(res.headers['access-control-allow-origin']).toBe(OWN);
  expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  expect(res.headers['access-control-allow-headers']).toBe('Authorization,Content-Type,Idempotency-Key,X-Acting-For');
  expect(res.headers.vary).toMatch(/Origin/);
});

it.each([
  ['a foreign origin', 'https://evil.example'],
  ['the own host over http', 'http://zegel.test'],
  ['a look-alike suffix', 'https://zegel.test.evil.example'],
  ['a look-alike prefix', 'https://evilzegel.test'],
  ['another port', 'https://zegel.test:8443'],
  ['the null origin (sandboxed frames, file://)', 'null'],
])('does not allow %s, on preflight or on a real request', async (_name, origin) => {
  const pre = await preflight(origin);
  expect(pre.headers['access-control-allow-origin']).toBeUndefined();
  const real = await request(api.app).get('/api/me').set('Origin', origin).set(...bearer(await user.token()));
  expect(real.headers['access-control-allow-origin']).toBeUndefined();
  expect(real.headers['access-control-allow-credentials']).toBeUndefined();
});

it('does not turn a wildcard on for public endpoints either', async () => {
  for (const path of ['/api/openapi.json', '/api/receipts/jwks.json', '/healthz']) {
    const res = await request(api.app).get(path).set('Origin', 'https://evil.example');
    expect({ path, allow: res.headers['access-control-allow-origin'] }).toEqual({ path, allow: undefined });
  }
});
