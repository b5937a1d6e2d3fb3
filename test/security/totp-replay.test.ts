// Threat: a phished or shoulder-surfed authenticator code used again, and codes far from the
// server's clock. Over HTTP: a code (a time step) is accepted once, even when racing; the window is
// one step either side; a replay is refused with its own code, audited and mailed to the holder.
// Checklist D1, D2, D3 (RFC 6238 §5.2; ASVS 5.0 6.5.1, 6.5.5; 4.0.3 2.8.4, 2.8.5; NIST 800-63B §5.1.4.2).
// The verifier itself (RFC vectors, seeds at rest, re-enrolment races) is tested in test/api/two-factor/totp.test.ts.
import { request, passwordLogin, type TestApi } from '../helpers/api';
import { apiWithUsers, testClock } from './fixture';
import type { OnboardedUser } from '../helpers/onboarding';
import { totpCodeAt } from '../../api/two-factor/totp';
import { AUDIT_COLLECTION } from '../../api/audit/repository';

jest.setTimeout(120_000);
let api: TestApi;
const clock = testClock('2026-11-28T09:00:15Z');
let user: OnboardedUser;

beforeAll(async () => {
  ({ api, users: [user] } = await apiWithUsers(clock, ['mr.totp@kantoor.nl']));
});
afterAll(() => api?.close());

const attempt = async () => (await passwordLogin(api, user.email, user.password)).res.body.attemptToken as string;
const withCode = async (code: string, attemptToken?: string) => request(api.app).post('/api/auth/second-factor').send({ attemptToken: attemptToken ?? (await attempt()), method: 'totp', code });
const codeAt = (offsetSeconds: number) => totpCodeAt(user.totpSecret, new Date(clock.now().getTime() + offsetSeconds * 1000));

it('refuses a code already used, in another login attempt, with TOTP_REPLAYED; audited and mailed to the holder', async () => {
  clock.advance(5 * 60);
  const code = codeAt(0);
  expect((await withCode(code)).status).toBe(200);
  clock.advance(10); // the same step, still inside the window
  const replay = await withCode(code);
  expect(replay.status).toBe(401);
  expect(replay.body.error.code).toBe('TOTP_REPLAYED');
  const replays = await api.database.db.collection(AUDIT_COLLECTION).find({ action: 'second-factor.totp', outcome: 'failure', 'details.reason': 'replayed' }).toArray();
  expect(replays).toHaveLength(1);
  expect((await api.mailTo(user.email)).filter((m) => m.kind === 'security.totp-replayed')).toHaveLength(1);
});

it('accepts one step either side of the server clock, not two', async () => {
  clock.advance(5 * 60);
  expect((await withCode(codeAt(-60))).body.error.code).toBe('TOTP_INVALID');
  expect((await withCode(codeAt(60))).body.error.code).toBe('TOTP_INVALID');
  expect((await withCode(codeAt(-30))).status).toBe(200);
  expect((await withCode(codeAt(30))).status).toBe(200);
});

it('refuses an older step once a newer one was accepted', async () => {
  clock.advance(5 * 60);
  expect((await withCode(codeAt(30))).status).toBe(200);
  expect((await withCode(codeAt(0))).body.error.code).toBe('TOTP_REPLAYED');
  expect((await withCode(codeAt(-30))).body.error.code).toBe('TOTP_REPLAYED');
});

it('lets exactly one of ten login attempts racing with the same code through', async () => {
  clock.advance(5 * 60);
  const code = codeAt(0);
  const attempts = await Promise.all(Array.from({ length: 10 }, () => attempt()));
  const results = await Promise.all(attempts.map((a) => withCode(code, a)));
  expect(results.filter((r) => r.status === 200)).toHaveLength(1);
  // The others are refused as replays; one that arrives after the replays' failures have added up
  // may already meet the factor's rate limit instead — refused either way.
  const refusals = results.filter((r) => r.status !== 200).map((r) => r.body.error.code as string);
  expect(refusals).toHaveLength(9);
  expect(refusals).toContain('TOTP_REPLAYED');
  expect(refusals.filter((c) => c !== 'TOTP_REPLAYED' && c !== 'RATE_LIMITED')).toEqual([]);
});
