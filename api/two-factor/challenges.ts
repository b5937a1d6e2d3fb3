// Short-lived, single-use challenges between authentication steps: a login attempt waiting for its
// second factor, a recovery attempt, a step-up grant, a reset permit. Only the SHA-256 of each token
// is stored; expiry is checked in the query (TTL indexes only clean up).
import crypto from 'node:crypto';
import type { Collection, Db, WriteConcernSettings } from 'mongodb';
import { sha256 } from '../accounts/verifier';

export const CHALLENGES_COLLECTION = 'auth_challenges';

export type ChallengeKind = 'login' | 'recovery' | 'step-up' | 'reset';

export interface ChallengeDocument {
  _id: string;
  kind: ChallengeKind;
  tokenHash: string;
  accountId: string;
  /** What a step-up grant allows (e.g. "change-password"); the session it belongs to. */
  purpose: string | null;
  sessionId: string | null;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export const CHALLENGE_TTL_MS: Record<ChallengeKind, number> = {
  login: 5 * 60 * 1000,
  recovery: 10 * 60 * 1000,
  'step-up': 5 * 60 * 1000,
  reset: 15 * 60 * 1000,
};

export function createChallenges(options: { db: Db; durable: Readonly<WriteConcernSettings>; now: () => Date }) {
  const collection: Collection<ChallengeDocument> = options.db.collection<ChallengeDocument>(CHALLENGES_COLLECTION);
  const { now } = options;
  const live = (at: Date) => ({ usedAt: null, expiresAt: { $gt: at } });

  return {
    async ensureIndexes() {
      await collection.createIndex({ tokenHash: 1 }, { unique: true, name: 'token_hash_unique' });
      await collection.createIndex({ expiresAt: 1 }, { name: 'expires_ttl', expireAfterSeconds: 3600 });
    },
    async issue(input: { kind: ChallengeKind; accountId: string; purpose?: string; sessionId?: string }): Promise<{ id: string; token: string; expiresAt: Date }> {
      const at = now();
      const id = crypto.randomBytes(16).toString('base64url');
      const token = `${id}.${crypto.randomBytes(32).toString('base64url')}`;
      const expiresAt = new Date(at.getTime() + CHALLENGE_TTL_MS[input.kind]);
      await collection.insertOne(
        { _id: id, kind: input.kind, tokenHash: sha256(token), accountId: input.accountId, purpose: input.purpose ?? null, sessionId: input.sessionId ?? null, createdAt: at, expiresAt, usedAt: null },
        { writeConcern: options.durable },
      );
      return { id, token, expiresAt };
    },
    /** The live challenge behind a token, without using it up. */
    peek(kind: ChallengeKind, token: string) {
      return collection.findOne({ kind, tokenHash: sha256(token), ...live(now()) });
    },
    /** Uses a challenge up; of two racing requests exactly one gets it. */
    consume(kind: ChallengeKind, token: string, extra: { purpose?: string; sessionId?: string } = {}) {
      const at = now();
      return collection.findOneAndUpdate(
        { kind, tokenHash: sha256(token), ...live(at), ...(extra.purpose ? { purpose: extra.purpose } : {}), ...(extra.sessionId ? { sessionId: extra.sessionId } : {}) },
        { $set: { usedAt: at } },
        { returnDocument: 'after', writeConcern: options.durable },
      );
    },
    async sweepExpired(at: Date): Promise<number> {
      return (await collection.deleteMany({ expiresAt: { $lt: new Date(at.getTime() - 3600 * 1000) } })).deletedCount;
    },
  };
}

export type Challenges = ReturnType<typeof createChallenges>;
