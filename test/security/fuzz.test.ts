// Threat: any input the route definitions did not foresee. Property-based fuzzing of every JSON
// operation in the API's own OpenAPI document: generated bodies (schema-shaped, bent off-schema,
// or anything), path and query parameters (hostile segments, unknown and repeated keys), with no
// token, a made-up token, or a valid full session. For every request: never a 5xx, always a JSON
// error with a code when refused, and no domain document written for a refused request (audit and
// rate-limit records are expected). Checklist J1, J2, J3, J4, J6 (ASVS 5.0 2.2.1, 15.3.5–15.3.7,
// 16.5.1–16.5.4). Runs per operation: FUZZ_RUNS (default 6 in `npm test`; `npm run fuzz` runs 200).
// A failure prints the operation, the seed and the shrunk request; FUZZ_SEED replays it.
import fc from 'fast-check';
import { request, bearer, passwordLogin, type TestApi } from '../helpers/api';
import type { OnboardedUser } from '../helpers/onboarding';
import { apiWithUsers, testClock } from './fixture';
import { changedCollections, domainState, type DomainState } from './domain-state';
import { jsonOperations, requestOf, type FuzzRequest, type Operation } from './openapi-arbitraries';

const RUNS = Number(process.env.FUZZ_RUNS ?? 6);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
jest.setTimeout(Math.max(180_000, RUNS * 90 * 2 * 100));

let api: TestApi;
const clock = testClock();
let user: OnboardedUser;
let accessToken = '';

beforeAll(async () => {
  ({ api, users: [user] } = await apiWithUsers(clock, ['mr.fuzz@kantoor.nl']));
  accessToken = await user.token();
});
afterAll(() => api?.close());

/** A new full session when a fuzzed request (logout, "log out everywhere") ended the current one. */
async function keepSession(): Promise<void> {
  if ((await request(api.app).get('/api/me').set(...bearer(accessToken))).status === 200) return;
  const { res } = await passwordLogin(api, user.email, user.password);
  const done = await request(api.app).post('/api/auth/second-factor').send({ attemptToken: res.body.attemptToken, method: 'totp', code: user.nextCode() });
  if (done.status !== 200) throw new Error(`could not log in again: ${JSON.stringify(done.body)}`);
  accessToken = done.body.session.accessToken as string;
}

type Auth = 'none' | 'made-up' | 'session';
const MADE_UP_TOKEN = `eyJhbGciOiJFZERTQSIsInR5cCI6ImF0K2p3dCJ9.${Buffer.from('{"sub":"x","sid":"y","stage":"full"}').toString('base64url')}.${'A'.repeat(86)}`;

async function send(op: Operation, req: FuzzRequest, auth: Auth) {
  let call = request(api.app)[op.method](req.url);
  if (auth === 'session') call = call.set(...bearer(accessToken));
  if (auth === 'made-up') call = call.set(...bearer(MADE_UP_TOKEN));
  if (req.body !== undefined) call = call.set('Content-Type', 'application/json').serialize((b: unknown) => b as string).send(req.body);
  return call;
}

let state: DomainState = {};

it('answers every generated request to every JSON operation without a 5xx, and writes nothing for a refusal', async () => {
  const document = (await request(api.app).get('/api/openapi.json')).body as Parameters<typeof jsonOperations>[0];
  const operations = jsonOperations(document);
  expect(operations.length).toBeGreaterThan(60);
  state = await domainState(api.database.db);
  const failures: string[] = [];
  let requests = 0;
  for (const op of operations) {
    const property = fc.asyncProperty(requestOf(op), fc.constantFrom<Auth>('none', 'made-up', 'session', 'session'), async (req, auth) => {
      requests += 1;
      const res = await send(op, req, auth);
      if (res.status >= 500) throw new Error(`${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      const after = await domainState(api.database.db);
      if (res.status >= 400) {
        if (typeof res.body?.error?.code !== 'string') throw new Error(`${res.status} without an error code: ${String(res.text).slice(0, 200)}`);
        const changed = changedCollections(state, after);
        state = after;
        if (changed.length > 0) throw new Error(`${res.status} ${res.body.error.code as string} but wrote to ${changed.join(', ')}`);
      } else {
        await keepSession();
        state = await domainState(api.database.db);
      }
    });
    const result = await fc.check(property, { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }), endOnFailure: false });
    if (result.failed) {
      failures.push(`${op.method.toUpperCase()} ${op.path} (seed ${result.seed}, path ${String(result.counterexamplePath)}): ${String(result.errorInstance)}\n  ${JSON.stringify(result.counterexample).slice(0, 600)}`);
      state = await domainState(api.database.db);
      await keepSession();
    }
  }
  expect(failures).toEqual([]);
  expect(requests).toBeGreaterThanOrEqual(operations.length * RUNS);
  expect((await request(api.app).get('/healthz')).status).toBe(200);
});
