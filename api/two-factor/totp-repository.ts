// The only code that touches the TOTP factors collection: one document per account, seeds sealed.
import type { Collection, Db, WriteConcernSettings } from 'mongodb';

export const TOTP_COLLECTION = 'totp_factors';

export interface TotpActiveFactor {
  /** Random id of this enrolment; the replay guard's filter names it, so a re-enrolment in between voids a match. */
  id: string;
  /** Seed sealed with the KEK (secret-box); never the seed itself. */
  sealedSecret: string;
  enabledAt: Date;
  /** Highest time step ever accepted (the confirming code included); only larger steps can succeed. */
  lastUsedStep: number;
}

export interface TotpPendingEnrolment {
  id: string;
  sealedSecret: string;
  startedAt: Date;
  /** Queries ignore a pending enrolment after this (TTL never fires on the embedded engine). */
  expiresAt: Date;
}

export interface TotpDocument {
  /** The account id. */
  _id: string;
  active: TotpActiveFactor | null;
  pending: TotpPendingEnrolment | null;
}

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

export function totpRepository(db: Db, durable: Readonly<WriteConcernSettings>) {
  const factors: Collection<TotpDocument> = db.collection<TotpDocument>(TOTP_COLLECTION);
  return {
    async ensureIndexes() {
      // Lookups are by _id (the account id); this one serves the sweeper.
      await factors.createIndex({ 'pending.expiresAt': 1 }, { name: 'pending_expiry' });
    },
    find(accountId: string) {
      return factors.findOne({ _id: accountId });
    },
    /** Replaces any earlier pending enrolment and leaves an active factor as it is. */
    async putPending(accountId: string, pending: TotpPendingEnrolment): Promise<void> {
      const write = () => factors.updateOne({ _id: accountId }, { $set: { pending }, $setOnInsert: { active: null } }, { upsert: true, writeConcern: durable });
      try {
        await write();
      } catch (err) {
        // Two first-time upserts can race on the same _id; the loser finds the document now and updates it.
        if (!isDuplicateKey(err)) throw err;
        await write();
      }
    },
    /**
     * Promotes exactly the pending enrolment that was checked, if it is still current and unexpired;
     * null when another request won or it was replaced in between.
     */
    activate(options: { accountId: string; pending: TotpPendingEnrolment; at: Date; step: number }) {
      const { pending } = options;
      // Ids are fresh per enrolment, so matching pending.id pins the very seed that was checked.
      const active: TotpActiveFactor = { id: pending.id, sealedSecret: pending.sealedSecret, enabledAt: options.at, lastUsedStep: options.step };
      return factors.findOneAndUpdate(
        { _id: options.accountId, 'pending.id': pending.id, 'pending.expiresAt': { $gt: options.at } },
        { $set: { active, pending: null } },
        { returnDocument: 'after', writeConcern: durable },
      );
    },
    /**
     * The replay guard: one conditional update, so of several requests with the same step at most one
     * matches. Null when the step is not newer than the last one used, or the factor changed.
     */
    claimStep(options: { accountId: string; factorId: string; step: number }) {
      return factors.findOneAndUpdate(
        { _id: options.accountId, 'active.id': options.factorId, 'active.lastUsedStep': { $lt: options.step } },
        { $set: { 'active.lastUsedStep': options.step } },
        { returnDocument: 'after', writeConcern: durable },
      );
    },
    async remove(accountId: string): Promise<boolean> {
      const result = await factors.deleteOne({ _id: accountId }, { writeConcern: durable });
      return result.deletedCount > 0;
    },
    /** Drops expired pending enrolments, then documents left with nothing in them. Returns how many enrolments went. */
    async sweepExpiredPending(at: Date): Promise<number> {
      const result = await factors.updateMany({ 'pending.expiresAt': { $lte: at } }, { $set: { pending: null } });
      // The filter is rechecked per document, so an enrolment started meanwhile is not deleted.
      await factors.deleteMany({ active: null, pending: null });
      return result.modifiedCount;
    },
  };
}

export type TotpRepository = ReturnType<typeof totpRepository>;
