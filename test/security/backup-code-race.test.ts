// Threat: one backup code spent twice by sending it in many requests at once (a race between the
// check and the update). Over HTTP on the real API: of ten logins racing with one code, one wins.
// Checklist F2, F4 (ASVS 5.0 6.5.1; NIST 800-63B §5.1.2.2). Generation, hashing at rest and the
// race against a regeneration: test/api/two-factor/backup-codes.test.ts.
import { request, bearer, passwordLogin, type TestApi } from '../helpers/api';
import { apiWithUsers, testClock } from './fixture';
import { stepUpFor, type OnboardedUser } from '../helpers/onboarding';

jest.setTimeout(120_000);
let api: TestApi;
const clock = testClock();
let user: OnboardedUser;

beforeAll(async () => {
  ({ api, users: [user] } = await apiWithUsers(clock, ['mr.reserve@kantoor.nl']));
});
afterAll(() => api?.close());

const attempt = async () => (await passwordLogin(api, user.email, user.password)).res.body.attemptToken as string;
const withBackup = (attemptToken: string, code: string) => request(api.app).post('/api/auth/second-factor').send({ attemptToken, method: 'backup', code });
const remaining = async () => (await request(api.app).get('/api/two-factor').set(...bearer(await user.token()))).body.backupCodesLeft as number;

it('lets exactly one of ten logins racing with the same backup code through, and spends one code', async () => {
  const attempts = await Promise.all(Array.from({ length: 10 }, () => attempt()));
  const results = await Promise.all(attempts.map((a) => withBackup(a, user.backupCodes[0]!)));
  expect(results.filter((r) => r.status === 200)).toHaveLength(1);
  expect(results.filter((r) => r.status !== 200).every((r) => ['BACKUP_CODE_INVALID', 'RATE_LIMITED'].includes(r.body.error.code as string))).toBe(true);
  expect(await remaining()).toBe(9);
  clock.advance(120); // past the progressive delay that the refused racers earned
  expect((await withBackup(await attempt(), user.backupCodes[0]!)).body.error.code).toBe('BACKUP_CODE_INVALID');
});

it('lets a step-up and a login racing with the same code spend it once', async () => {
  clock.advance(120); // past the progressive delay that the refused racers earned
  const code = user.backupCodes[1]!;
  const token = await user.token();
  const { passwordKeys } = await passwordLogin(api, user.email, user.password);
  const [login, stepUp] = await Promise.all([
    withBackup(await attempt(), code),
    request(api.app).post('/api/auth/step-up').set(...bearer(token)).send({ authValue: passwordKeys.authValue, method: 'backup', code, purpose: 'add-factor' }),
  ]);
  expect([login.status, stepUp.status].filter((s) => s === 200)).toHaveLength(1);
  expect(await remaining()).toBe(8);
});

it('voids every earlier code when a new set is made', async () => {
  clock.advance(120); // past the progressive delay that the refused racers earned
  const grant = await stepUpFor(api, user, 'regenerate-backup-codes');
  const fresh = await request(api.app).post('/api/two-factor/backup-codes').set(...bearer(await user.token())).send({ stepUpToken: grant });
  expect(fresh.status).toBe(200);
  expect((await withBackup(await attempt(), user.backupCodes[2]!)).body.error.code).toBe('BACKUP_CODE_INVALID');
  expect((await withBackup(await attempt(), (fresh.body.backupCodes as string[])[2]!)).status).toBe(200);
});
