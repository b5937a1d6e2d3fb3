// Failed-attempt limits kept in MongoDB, so they survive restarts and are shared by every API
// instance. Each key (an account, an address+IP pair, a factor) has its own counter: at most 100
// failures an hour, and progressive delays after a few consecutive failures instead of a permanent
// lock-out that an attacker could trigger against a known lawyer.
import crypto from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { AppError } from '../../shared/errors';

export const RATE_LIMIT_COLLECTION = 'rate_limits';
export const MAX_FAILURES_PER_HOUR = 100;
/** Consecutive failures allowed before delays start. */
export const FREE_FAILURES = 5;
export const MAX_DELAY_SECONDS = 15 * 60;
const HOUR_MS = 3600 * 1000;

interface RateLimitDocument {
  _id: string;
  windowStart: Date;
  count: number;
  consecutive: number;
  blockedUntil: Date | null;
  expiresAt: Date;
}

export interface RateLimitDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

export interface RateLimiter {
  ensureIndexes(): Promise<void>;
  /** Whether another attempt may be made now for every key. */
  check(keys: readonly string[]): Promise<RateLimitDecision>;
  /** Throws RATE_LIMITED (429 with Retry-After) when any key is blocked. */
  assertAllowed(keys: readonly string[]): Promise<void>;
  recordFailure(keys: readonly string[]): Promise<void>;
  /** A success clears the consecutive count (delays), not the hourly total. */
  recordSuccess(keys: readonly string[]): Promise<void>;
}

/** Keys are stored hashed: the collection should not become a list of addresses and IPs. */
function id(key: string): string {
  return crypto.createHash('sha256').update(key).digest('base64url');
}

export function delaySecondsAfter(consecutive: number): number {
  if (consecutive < FREE_FAILURES) return 0;
  return Math.min(2 ** (consecutive - FREE_FAILURES + 1), MAX_DELAY_SECONDS);
}

export function createRateLimiter(options: { db: Db; now?: () => Date }): RateLimiter {
  const collection: Collection<RateLimitDocument> = options.db.collection<RateLimitDocument>(RATE_LIMIT_COLLECTION);
  const now = options.now ?? (() => new Date());

  async function check(keys: readonly string[]): Promise<RateLimitDecision> {
    const at = now();
    const docs = await collection.find({ _id: { $in: keys.map(id) } }).toArray();
    let retryAfter = 0;
    for (const doc of docs) {
      const windowOpen = at.getTime() - doc.windowStart.getTime() < HOUR_MS;
      if (windowOpen && doc.count >= MAX_FAILURES_PER_HOUR) retryAfter = Math.max(retryAfter, Math.ceil((doc.windowStart.getTime() + HOUR_MS - at.getTime()) / 1000));
      if (doc.blockedUntil && doc.blockedUntil > at) retryAfter = Math.max(retryAfter, Math.ceil((doc.blockedUntil.getTime() - at.getTime()) / 1000));
    }
    return { allowed: retryAfter === 0, retryAfterSeconds: retryAfter };
  }

  return {
    async ensureIndexes() {
      await collection.createIndex({ expiresAt: 1 }, { name: 'expires_ttl', expireAfterSeconds: 0 });
    },
    check,
    async assertAllowed(keys) {
      const decision = await check(keys);
      if (!decision.allowed) throw new AppError('RATE_LIMITED', { retryAfterSeconds: decision.retryAfterSeconds });
    },
    async recordFailure(keys) {
      const at = now();
      const hourAgo = new Date(at.getTime() - HOUR_MS);
      for (const key of keys) {
        // One atomic pipeline update: a new hour restarts the hourly count, consecutive always grows.
        const updated = await collection.findOneAndUpdate(
          { _id: id(key) },
          [
            {
              $set: {
                count: { $cond: [{ $lt: [{ $ifNull: ['$windowStart', hourAgo] }, hourAgo] }, 1, { $add: [{ $ifNull: ['$count', 0] }, 1] }] },
                windowStart: { $cond: [{ $lt: [{ $ifNull: ['$windowStart', hourAgo] }, hourAgo] }, at, { $ifNull: ['$windowStart', at] }] },
                consecutive: { $add: [{ $ifNull: ['$consecutive', 0] }, 1] },
                expiresAt: new Date(at.getTime() + 2 * HOUR_MS),
              },
            },
          ],
          { upsert: true, returnDocument: 'after' },
        );
        const delay = delaySecondsAfter(updated?.consecutive ?? 1);
        if (delay > 0) await collection.updateOne({ _id: id(key) }, { $max: { blockedUntil: new Date(at.getTime() + delay * 1000) } });
      }
    },
    async recordSuccess(keys) {
      await collection.updateMany({ _id: { $in: keys.map(id) } }, { $set: { consecutive: 0, blockedUntil: null } });
    },
  };
}
