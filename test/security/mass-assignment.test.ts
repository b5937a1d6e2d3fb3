// Threat: mass assignment — a client adding fields the form does not have (a role, a BAR number,
// second-factor flags, someone else's account id, a "$set") hoping the server copies them into a
// document. Every body schema is closed: such a request is refused whole with UNKNOWN_FIELD, and no
// document changes. Checklist H2 (ASVS 5.0 8.2.3, 15.3.3). Route schemas must stay closed at
// definition time too: assertClosedObjects in api/http/routes.ts refuses an open one at start-up.
import { request, bearer, type TestApi } from '../helpers/api';
import { apiWithUsers, testClock } from './fixture';
import { linkBarNumber, type OnboardedUser } from '../helpers/onboarding';
import { assertClosedObjects } from '../../api/http/routes';
import { changedCollections, domainState } from './domain-state';

jest.setTimeout(120_000);
let api: TestApi;
const clock = testClock();
let lawyer: OnboardedUser;
let secretary: OnboardedUser;
const blob = 'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const kdf = { algorithm: 'argon2id', memoryKiB: 1024, iterations: 1, parallelism: 1, salt: 'AAAAAAAAAAAAAAAAAAAAAA' };

beforeAll(async () => {
  ({ api, users: [lawyer, secretary] } = await apiWithUsers(clock, ['mr.toewijzing@kantoor.nl', 's.secretaris@kantoor.nl']));
  await linkBarNumber(api, lawyer, 'A24680', 'Mr. Toewijzing');
});
afterAll(() => api?.close());

type Case = [string, 'post' | 'put', string, Record<string, unknown>];
const cases: Case[] = [
  ['a role at registration', 'post', '/api/registration', { email: 'nieuw@kantoor.nl', role: 'admin' }],
  ['a BAR number at registration', 'post', '/api/registration', { email: 'nieuw@kantoor.nl', barNumber: 'A24680' }],
  ['second-factor flags at login', 'post', '/api/auth/login', { email: 'mr.toewijzing@kantoor.nl', authValue: 'A'.repeat(43), twoFactorEnabled: false }],
  ['a stage at the second factor', 'post', '/api/auth/second-factor', { attemptToken: 'A'.repeat(43), method: 'totp', code: '123456', stage: 'full' }],
  ['an account id when linking a number', 'post', '/api/professional/link', { number: 'A13579', confirmation: 'A13579', accountId: 'someone-else' }],
  ['a verified flag when linking a number', 'post', '/api/professional/link', { number: 'A13579', confirmation: 'A13579', state: 'linked' }],
  ['an enabled flag when confirming an app', 'post', '/api/two-factor/totp/confirm', { code: '123456', enabled: true }],
  ['a flag that makes the second factor optional', 'post', '/api/two-factor/remove', { method: 'totp', secondFactorRequired: false }],
  ['a role inside the new password', 'post', '/api/account/password', { password: { kdf, authValue: 'A'.repeat(43), wrappedUserKeyByPassword: blob, role: 'admin' } }],
  ['someone else’s account in the delegation settings', 'put', '/api/delegations/settings', { showOnlyPrincipalName: true, principalAccountId: 'someone-else' }],
  ['a $set in the delegation settings', 'put', '/api/delegations/settings', { $set: { role: 'admin' } }],
  ['a role when creating a firm', 'post', '/api/firms', { name: 'Kantoor', role: 'admin', members: ['x'] }],
];

it.each(cases)('refuses %s with UNKNOWN_FIELD and changes nothing', async (_name, method, path, body) => {
  const token = await lawyer.token();
  const before = await domainState(api.database.db);
  const res = await request(api.app)[method](path).set(...bearer(token)).send(body);
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('UNKNOWN_FIELD');
  expect(changedCollections(before, await domainState(api.database.db))).toEqual([]);
});

it('changes only the fields a form has: a valid settings update leaves the account alone', async () => {
  const token = await secretary.token();
  const account = () => api.database.db.collection('accounts').findOne({ email: secretary.email });
  const before = await account();
  const res = await request(api.app).put('/api/delegations/settings').set(...bearer(token)).send({ onBehalfNotice: 'daily' });
  expect(res.status).toBe(200);
  expect(await account()).toEqual(before);
  const me = await request(api.app).get('/api/me').set(...bearer(token));
  expect(JSON.stringify(me.body)).not.toMatch(/"role"|"admin"|authVerifier|verifierHash/);
});

it('refuses, at start-up, a route whose body schema would let unknown fields through', () => {
  expect(() => assertClosedObjects({ type: 'object', properties: { name: { type: 'string' } } }, 'POST /x body')).toThrow(/additionalProperties: false/);
  expect(() => assertClosedObjects({ type: 'object', properties: { nested: { type: 'object', properties: {} } }, additionalProperties: false }, 'POST /x body')).toThrow();
});
