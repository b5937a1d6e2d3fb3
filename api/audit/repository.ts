// The only code that touches the audit collection. It can insert and read; there is deliberately no
// update or delete path (append-only, NTA 7516 §6.4.2).
import type { Collection, Db, WriteConcernSettings } from 'mongodb';

export const AUDIT_COLLECTION = 'audit';

export interface AuditDocument {
  seq: number;
  at: Date;
  actor: string | null;
  actingFor: string | null;
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  target: string | null;
  requestId: string | null;
  details: Record<string, string | number | boolean | null>;
  prevHash: string;
  hash: string;
}

export interface AuditRepository {
  ensureIndexes(): Promise<void>;
  last(): Promise<AuditDocument | null>;
  /** Inserts one record; rejects with a duplicate-key error when another writer took `seq` first. */
  insert(record: AuditDocument): Promise<void>;
  /** All records in chain order, streamed. */
  inOrder(): AsyncIterable<AuditDocument>;
  /** Whether a record of this actor, action and target exists from `since` on (uses the actor_at index). */
  exists(query: { actor: string; action: string; target: string; since: Date }): Promise<boolean>;
}

export function auditRepository(db: Db, durable: Readonly<WriteConcernSettings>): AuditRepository {
  const collection: Collection<AuditDocument> = db.collection<AuditDocument>(AUDIT_COLLECTION);
  return {
    async ensureIndexes() {
      await collection.createIndex({ seq: 1 }, { unique: true, name: 'seq_unique' });
      await collection.createIndex({ actor: 1, at: -1 }, { name: 'actor_at' });
    },
    async last() {
      return collection.findOne({}, { sort: { seq: -1 }, projection: { _id: 0 } });
    },
    async insert(record) {
      // A copy, so the driver's added _id never leaks into the caller's object or its hash input.
      await collection.insertOne({ ...record }, { writeConcern: durable });
    },
    inOrder() {
      return collection.find({}, { sort: { seq: 1 }, projection: { _id: 0 } });
    },
    async exists(query) {
      return (await collection.countDocuments({ actor: query.actor, at: { $gte: query.since }, action: query.action, target: query.target }, { limit: 1 })) > 0;
    },
  };
}
