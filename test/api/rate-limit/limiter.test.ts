// Failure limits kept in MongoDB: progressive delays, at most 100 failures an hour, counters per key.
import path from 'node:path';
import { openDatabase, type Database } from '../../../api/db/mongo';
import { createRateLimiter, delaySecondsAfter, FREE_FAILURES, MAX_FAILURES_PER_HOUR, RATE_LIMIT_COLLECTION } from '../../../api/rate-limit/limiter';
import { makeTempDir, removeTempDir } from '../db/helpers';

jest.setTimeout(60_000);
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
let dir: string;
let database: Database;
let clock = new Date('2026-11-28T09:00:00Z');
const advance = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

beforeAll(async () => {
  dir = makeTempDir('ratelimit');
  database = await openDatabase({ dataDir: path.join(dir, 'db'), logger: quiet });
});
afterAll(async () => {
  await database?.close();
  removeTempDir(dir);
});
beforeEach(async () => {
  clock = new Date('2026-11-28T09:00:00Z');
  await database.db.collection(RATE_LIMIT_COLLECTION).deleteMany({});
});

const limiter = () => createRateLimiter({ db: database.db, now: () => clock });

it('allows a few failures freely, then delays progressively up to a cap, never for good', () => {
  expect(Array.from({ length: FREE_FAILURES }, (_, i) => delaySecondsAfter(i))).toEqual(Array(FREE_FAILURES).fill(0));
  expect(delaySecondsAfter(FREE_FAILURES)).toBe(2);
  expect(delaySecondsAfter(FREE_FAILURES + 1)).toBe(4);
  expect(delaySecondsAfter(1000)).toBe(15 * 60);
});

it('blocks after the free failures until the delay has passed', async () => {
  const l = limiter();
  for (let i = 0; i < FREE_FAILURES - 1; i += 1) await l.recordFailure(['k']);
  expect((await l.check(['k'])).allowed).toBe(true);
  await l.recordFailure(['k']);
  const blocked = await l.check(['k']);
  expect(blocked).toEqual({ allowed: false, retryAfterSeconds: 2 });
  advance(2001);
  expect((await l.check(['k'])).allowed).toBe(true);
});

it('keeps counters per key: one account’s failures do not block another', async () => {
  const l = limiter();
  for (let i = 0; i < FREE_FAILURES + 2; i += 1) await l.recordFailure(['login:a']);
  expect((await l.check(['login:a'])).allowed).toBe(false);
  expect((await l.check(['login:b'])).allowed).toBe(true);
  expect((await l.check(['login:b', 'login:a'])).allowed).toBe(false);
});

it('refuses the 101st failure within an hour even with the delays waited out, and allows again after the hour', async () => {
  const l = limiter();
  for (let i = 0; i < MAX_FAILURES_PER_HOUR; i += 1) {
    await l.recordFailure(['acct']);
    await l.recordSuccess(['acct']); // clears delays, not the hourly total
    advance(1000);
  }
  const decision = await l.check(['acct']);
  expect(decision.allowed).toBe(false);
  expect(decision.retryAfterSeconds).toBeGreaterThan(3000);
  advance(3600 * 1000);
  expect((await l.check(['acct'])).allowed).toBe(true);
});

it('stores keys hashed, so the collection is no list of addresses', async () => {
  await limiter().recordFailure(['login:mr.x@example.nl|10.1.2.3']);
  const raw = JSON.stringify(await database.db.collection(RATE_LIMIT_COLLECTION).find().toArray());
  expect(raw).not.toContain('mr.x');
  expect(raw).not.toContain('10.1.2.3');
});

it('survives a new limiter instance (state lives in the database)', async () => {
  for (let i = 0; i < FREE_FAILURES + 1; i += 1) await limiter().recordFailure(['k2']);
  expect((await limiter().check(['k2'])).allowed).toBe(false);
});
