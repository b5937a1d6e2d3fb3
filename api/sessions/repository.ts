// The only code that touches the sessions collection.
import type { Collection, Db, WriteConcernSettings } from 'mongodb';
import type { SessionStage } from './tokens';

export const SESSIONS_COLLECTION = 'sessions';

export interface SessionDocument {
  _id: string;
  accountId: string;
  stage: SessionStage;
  createdAt: Date;
  lastSeenAt: Date;
  absoluteExpiresAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
  /** SHA-256 of the current refresh token; earlier ones are kept to recognise reuse. */
  refreshHash: string;
  usedRefreshHashes: string[];
  userAgent: string;
}

export function sessionsRepository(db: Db, durable: Readonly<WriteConcernSettings>) {
  const sessions: Collection<SessionDocument> = db.collection<SessionDocument>(SESSIONS_COLLECTION);
  return {
    async ensureIndexes() {
      await sessions.createIndex({ accountId: 1, revokedAt: 1 }, { name: 'account_active' });
      await sessions.createIndex({ usedRefreshHashes: 1 }, { name: 'used_refresh' });
      await sessions.createIndex({ absoluteExpiresAt: 1 }, { name: 'expires_ttl', expireAfterSeconds: 7 * 24 * 3600 });
    },
    async insert(session: SessionDocument) {
      await sessions.insertOne(session, { writeConcern: durable });
    },
    find(sessionId: string) {
      return sessions.findOne({ _id: sessionId });
    },
    async touch(sessionId: string, at: Date) {
      await sessions.updateOne({ _id: sessionId, revokedAt: null }, { $max: { lastSeenAt: at } });
    },
    /** Rotates atomically: only the holder of the current token wins; the old hash is remembered. */
    rotateRefresh(options: { sessionId: string; presentedHash: string; nextHash: string; at: Date; idleSince: Date }) {
      return sessions.findOneAndUpdate(
        {
          _id: options.sessionId,
          refreshHash: options.presentedHash,
          revokedAt: null,
          absoluteExpiresAt: { $gt: options.at },
          lastSeenAt: { $gt: options.idleSince },
        },
        { $set: { refreshHash: options.nextHash, lastSeenAt: options.at }, $push: { usedRefreshHashes: options.presentedHash } },
        { returnDocument: 'after', writeConcern: durable },
      );
    },
    async revoke(filter: { sessionId?: string; accountId: string }, reason: string, at: Date): Promise<number> {
      const result = await sessions.updateMany(
        { accountId: filter.accountId, revokedAt: null, ...(filter.sessionId ? { _id: filter.sessionId } : {}) },
        { $set: { revokedAt: at, revokedReason: reason } },
        { writeConcern: durable },
      );
      return result.modifiedCount;
    },
    async setStage(sessionId: string, stage: SessionStage) {
      await sessions.updateOne({ _id: sessionId, revokedAt: null }, { $set: { stage } }, { writeConcern: durable });
    },
    listActive(accountId: string, at: Date, idleSince: Date) {
      return sessions
        .find({ accountId, revokedAt: null, absoluteExpiresAt: { $gt: at }, lastSeenAt: { $gt: idleSince } }, { projection: { refreshHash: 0, usedRefreshHashes: 0 } })
        .sort({ lastSeenAt: -1 })
        .toArray();
    },
  };
}

export type SessionsRepository = ReturnType<typeof sessionsRepository>;
