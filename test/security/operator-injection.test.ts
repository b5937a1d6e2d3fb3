// Threat: MongoDB operator injection — objects such as {"$ne": null}, {"$gt": ""}, {"$regex": ".*"}
// or {"$where": …} where a string belongs, "$"-keys and dotted keys, in bodies, path parameters and
// query strings, hoping a filter matches someone else's document. Type validation refuses them
// before any query is built; nothing is written and no session is given.
// Checklist J2 (ASVS 5.0 1.2.4, 15.3.5; 4.0.3 5.3.4).
import { request, bearer, type TestApi } from '../helpers/api';
import { apiWithUsers, testClock } from './fixture';
import type { OnboardedUser } from '../helpers/onboarding';
import { changedCollections, domainState } from './domain-state';

jest.setTimeout(120_000);
let api: TestApi;
const clock = testClock();
let user: OnboardedUser;

beforeAll(async () => {
  ({ api, users: [user] } = await apiWithUsers(clock, ['mr.injectie@kantoor.nl']));
});
afterAll(() => api?.close());

const EMAIL = 'mr.injectie@kantoor.nl';
const authValue = 'A'.repeat(43);
const bodies: [string, string, Record<string, unknown>][] = [
  ['$ne in the login address', '/api/auth/login', { email: { $ne: null }, authValue }],
  ['$gt in the login auth value', '/api/auth/login', { email: EMAIL, authValue: { $gt: '' } }],
  ['$regex in the pre-login address', '/api/auth/prelogin', { email: { $regex: '.*' } }],
  ['$ne in a verification code', '/api/registration/verify', { email: EMAIL, code: { $ne: null } }],
  ['$ne in a refresh token', '/api/sessions/refresh', { refreshToken: { $ne: null } }],
  ['$gt in the recovery address', '/api/recovery/start', { email: { $gt: '' }, recoveryAuthValue: authValue }],
  ['$ne in an attempt token', '/api/auth/second-factor', { attemptToken: { $ne: null }, method: 'totp', code: '123456' }],
  ['$where in a TOTP code', '/api/two-factor/totp/confirm', { code: { $where: 'sleep(1000) || true' } }],
  ['$ne in a delegate lookup', '/api/delegations/delegate-lookup', { email: { $ne: null } }],
  ['$ne inside a list of addresses', '/api/directory/lookup', { addresses: [{ $ne: null }] }],
  ['an array where a string belongs', '/api/auth/login', { email: [EMAIL], authValue }],
  ['a top-level $where', '/api/auth/prelogin', { email: EMAIL, $where: '1' }],
  ['a dotted key', '/api/auth/login', { email: EMAIL, authValue, 'authVerifier.hash': 'x' }],
];

it.each(bodies)('refuses %s before any query, and writes nothing', async (_name, path, body) => {
  const token = await user.token();
  const before = await domainState(api.database.db);
  const res = await request(api.app).post(path).set(...bearer(token)).send(body);
  expect(res.status).toBe(400);
  expect(['VALIDATION_FAILED', 'UNKNOWN_FIELD']).toContain(res.body.error.code);
  expect(res.body.session).toBeUndefined();
  expect(changedCollections(before, await domainState(api.database.db))).toEqual([]);
});

it.each([
  ['an operator as a message id', `/api/messages/${encodeURIComponent('{"$ne":null}')}`],
  ['an operator as a grant id', `/api/delegations/${encodeURIComponent('{"$gt":""}')}/accept`],
  ['an operator-looking box', `/api/messages?${encodeURIComponent('box[$ne]')}=x`],
  ['an operator-looking principal address', `/api/delegations/principals?${encodeURIComponent('from[$regex]')}=.*`],
])('refuses %s in the URL with 400', async (_name, url) => {
  const token = await user.token();
  const method = url.endsWith('/accept') ? 'post' : 'get';
  const res = await request(api.app)[method](url).set(...bearer(token)).send(method === 'post' ? {} : undefined);
  expect(res.status).toBe(400);
  expect(['VALIDATION_FAILED', 'UNKNOWN_FIELD']).toContain(res.body.error.code);
});

it('reads bracket syntax in a query string as a plain key, never as a nested object', async () => {
  const token = await user.token();
  const res = await request(api.app).get('/api/messages?box[$ne]=x').set(...bearer(token));
  expect(res.status).toBe(400);
  expect(res.body.error.details).toContainEqual({ path: 'query/box[$ne]', problem: 'is not allowed' });
});
