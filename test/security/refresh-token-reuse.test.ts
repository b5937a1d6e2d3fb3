// Threat: a stolen refresh token used alongside (or after) its owner. Refresh tokens rotate on every
// use; an old one coming back ends the whole session for both holders, and racing refreshes with one
// token yield at most one new session. Over HTTP against the real API.
// Checklist G3, G4 (ASVS 5.0 7.4.1, 7.2.4, 7.3.1; OAuth 2.0 Security BCP §4.14 refresh-token rotation).
import crypto from 'node:crypto';
import { request, bearer, passwordLogin, type TestApi } from '../helpers/api';
import { apiWithUsers, testClock } from './fixture';
import type { OnboardedUser } from '../helpers/onboarding';
import { AUDIT_COLLECTION } from '../../api/audit/repository';

jest.setTimeout(120_000);
let api: TestApi;
const clock = testClock();
let user: OnboardedUser;

beforeAll(async () => {
  ({ api, users: [user] } = await apiWithUsers(clock, ['mr.verversen@kantoor.nl']));
});
afterAll(() => api?.close());

interface Session {
  accessToken: string;
  refreshToken: string;
}
async function newSession(): Promise<Session> {
  const { res } = await passwordLogin(api, user.email, user.password);
  const done = await request(api.app).post('/api/auth/second-factor').send({ attemptToken: res.body.attemptToken, method: 'totp', code: user.nextCode() });
  return done.body.session as Session;
}
const refresh = (refreshToken: string) => request(api.app).post('/api/sessions/refresh').send({ refreshToken });
const me = async (accessToken: string) => (await request(api.app).get('/api/me').set(...bearer(accessToken))).status;

it('rotates the refresh token, and ends the whole session when an old one comes back', async () => {
  const first = await newSession();
  const rotated = await refresh(first.refreshToken);
  expect(rotated.status).toBe(200);
  const second = rotated.body as Session;
  expect(second.refreshToken).not.toBe(first.refreshToken);
  expect(await me(second.accessToken)).toBe(200);

  const reuse = await refresh(first.refreshToken);
  expect(reuse.status).toBe(401);
  expect(reuse.body.error.code).toBe('REFRESH_TOKEN_REUSED');
  // Both holders are out: the newest refresh token and the access token die with the session.
  expect((await refresh(second.refreshToken)).status).toBe(401);
  expect(await me(second.accessToken)).toBe(401);
  expect(await api.database.db.collection(AUDIT_COLLECTION).countDocuments({ action: 'session.refresh-reuse', outcome: 'denied' })).toBe(1);
});

it('gives at most one new session to ten refreshes racing with the same token', async () => {
  const session = await newSession();
  const results = await Promise.all(Array.from({ length: 10 }, () => refresh(session.refreshToken)));
  expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
  expect(results.every((r) => r.status === 200 || r.status === 401)).toBe(true);
});

it('refuses a made-up refresh token for a live session, and does not end that session', async () => {
  const session = await newSession();
  const sessionId = session.refreshToken.split('.')[0]!;
  const guess = await refresh(`${sessionId}.${crypto.randomBytes(32).toString('base64url')}`);
  expect(guess.status).toBe(401);
  expect(guess.body.error.code).toBe('SESSION_INVALID');
  expect(await me(session.accessToken)).toBe(200);
});

it('refuses the refresh token of a logged-out session', async () => {
  const session = await newSession();
  expect((await request(api.app).post('/api/sessions/logout').set(...bearer(session.accessToken))).status).toBe(204);
  expect((await refresh(session.refreshToken)).status).toBe(401);
});

it('does not take a refresh token as an access token', async () => {
  const session = await newSession();
  expect(await me(session.refreshToken)).toBe(401);
});
