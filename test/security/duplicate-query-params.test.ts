// Threat: HTTP parameter pollution — a query parameter given twice (?box=inbox&box=sent), or in
// array syntax, so that the check reads one value and the handler another. Query strings are parsed
// flat (no nesting), and a repeated parameter is an array that no query schema accepts: refused with
// 400 before the handler. Checklist J4 (ASVS 5.0 15.3.7).
import { request, bearer, type TestApi } from '../helpers/api';
import { apiWithUsers, testClock } from './fixture';
import type { OnboardedUser } from '../helpers/onboarding';

jest.setTimeout(120_000);
let api: TestApi;
const clock = testClock();
let user: OnboardedUser;
let other: OnboardedUser;

beforeAll(async () => {
  ({ api, users: [user, other] } = await apiWithUsers(clock, ['mr.dubbel@kantoor.nl', 'mr.ander@kantoor.nl']));
});
afterAll(() => api?.close());

const get = async (url: string) => request(api.app).get(url).set(...bearer(await user.token()));

it('answers a single, valid parameter (so the refusals below are about the repetition)', async () => {
  expect((await get('/api/messages?box=inbox')).status).toBe(200);
  expect((await get('/api/messages?box=inbox&limit=5')).status).toBe(200);
  expect((await get('/api/delegations/principals?from=mr.dubbel%40kantoor.nl')).status).toBe(200);
});

it.each([
  ['two boxes', '/api/messages?box=inbox&box=sent'],
  ['the same box twice', '/api/messages?box=inbox&box=inbox'],
  ['a box in array syntax', '/api/messages?box[]=inbox'],
  ['two limits, one beyond the cap', '/api/messages?box=inbox&limit=1&limit=999'],
  ['two principals, mine and someone else’s', `/api/messages?box=sent&principal=${'x'.repeat(16)}&principal=${'y'.repeat(16)}`],
  ['two From addresses', '/api/delegations/principals?from=mr.dubbel%40kantoor.nl&from=mr.ander%40kantoor.nl'],
])('refuses %s with 400', async (_name, url) => {
  const res = await get(url);
  expect(res.status).toBe(400);
  expect(['VALIDATION_FAILED', 'UNKNOWN_FIELD']).toContain(res.body.error.code);
  expect(res.body.messages).toBeUndefined();
});

it('does not let a repeated principal reach another account’s sent mail', async () => {
  const res = await get(`/api/messages?box=sent&principal=${user.accountId}&principal=${other.accountId}`);
  expect(res.status).toBe(400);
});
