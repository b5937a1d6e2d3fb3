// Threat: prototype pollution — JSON or query keys "__proto__", "constructor", "prototype" (also
// spelled with escapes, nested, inside arrays) that a later merge could copy onto Object.prototype,
// changing every object in the process. Such requests are refused with UNKNOWN_FIELD, nothing is
// written, and Object.prototype stays clean. Checklist J3 (ASVS 5.0 15.3.6).
import { request, bearer, type TestApi } from '../helpers/api';
import { apiWithUsers, testClock } from './fixture';
import type { OnboardedUser } from '../helpers/onboarding';
import { changedCollections, domainState } from './domain-state';

jest.setTimeout(120_000);
let api: TestApi;
const clock = testClock();
let user: OnboardedUser;

beforeAll(async () => {
  ({ api, users: [user] } = await apiWithUsers(clock, ['mr.prototype@kantoor.nl']));
});
afterAll(() => api?.close());

const prototypeIsClean = () => {
  const probe: Record<string, unknown> = {};
  return probe.polluted === undefined && probe.isAdmin === undefined && !Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted');
};

const raw: [string, 'post' | 'put', string, string][] = [
  ['a top-level __proto__', 'post', '/api/registration', '{"email":"a@kantoor.nl","__proto__":{"polluted":true}}'],
  ['__proto__ spelled with a JSON escape', 'post', '/api/registration', '{"email":"a@kantoor.nl","\\u005f_proto__":{"polluted":true}}'],
  ['constructor.prototype', 'put', '/api/delegations/settings', '{"showOnlyPrincipalName":true,"constructor":{"prototype":{"polluted":true}}}'],
  ['a bare prototype key', 'put', '/api/delegations/settings', '{"showOnlyPrincipalName":true,"prototype":{"isAdmin":true}}'],
  ['__proto__ inside an allowed object', 'post', '/api/account/password', '{"password":{"__proto__":{"isAdmin":true},"authValue":"x"}}'],
  ['__proto__ inside an array', 'post', '/api/directory/lookup', '{"addresses":[{"__proto__":{"polluted":true}}]}'],
  ['__proto__ deep down', 'post', '/api/messages', '{"idempotencyKey":"x","recipients":[{"address":"a@b.nl","x":{"y":{"__proto__":{"polluted":true}}}}]}'],
];

it.each(raw)('refuses %s with UNKNOWN_FIELD, writes nothing, and leaves Object.prototype clean', async (_name, method, path, body) => {
  const token = await user.token();
  const before = await domainState(api.database.db);
  const res = await request(api.app)[method](path).set(...bearer(token)).set('Content-Type', 'application/json').send(body);
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('UNKNOWN_FIELD');
  expect(prototypeIsClean()).toBe(true);
  expect(changedCollections(before, await domainState(api.database.db))).toEqual([]);
});

it.each(['__proto__[polluted]=1', '__proto__=x', 'constructor[prototype][polluted]=1', 'box=inbox&__proto__[isAdmin]=true'])('refuses the query %s', async (query) => {
  const res = await request(api.app).get(`/api/messages?${query}`).set(...bearer(await user.token()));
  expect(res.status).toBe(400);
  expect(prototypeIsClean()).toBe(true);
});

it('keeps serving normally afterwards: objects made by the API have no inherited extras', async () => {
  const res = await request(api.app).get('/api/me').set(...bearer(await user.token()));
  expect(res.status).toBe(200);
  expect(res.body.polluted).toBeUndefined();
  expect(res.body.isAdmin).toBeUndefined();
});
