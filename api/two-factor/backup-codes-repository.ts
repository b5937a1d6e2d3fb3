// The only code that touches the backup-codes collection: one document per account holding the whole set.
import type { Collection, Db, WriteConcernSettings } from 'mongodb';
import type { StoredVerifier } from '../accounts/verifier';

export const BACKUP_CODES_COLLECTION = 'backup_codes';

export interface BackupCodeEntry {
  /** Salted Argon2id hash of the code's secret part; the code itself is never stored. */
  verifier: StoredVerifier;
  usedAt: Date | null;
}

export interface BackupCodesDocument {
  /** The account id. */
  _id: string;
  /** Random id of this set; every use names it, so a regeneration voids uses still in flight. */
  generation: string;
  createdAt: Date;
  /** Position i holds the code shown with index i + 1. */
  codes: BackupCodeEntry[];
}

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

export function backupCodesRepository(db: Db, durable: Readonly<WriteConcernSettings>) {
  const sets: Collection<BackupCodesDocument> = db.collection<BackupCodesDocument>(BACKUP_CODES_COLLECTION);
  return {
    ensureIndexes(): Promise<void> {
      // Every lookup is by _id (the account id), which MongoDB always indexes.
      return Promise.resolve();
    },
    find(accountId: string) {
      return sets.findOne({ _id: accountId });
    },
    /** Swaps the whole set in one single-document write: no moment where old and new codes both work. */
    async replaceSet(set: BackupCodesDocument): Promise<void> {
      const write = () => sets.replaceOne({ _id: set._id }, set, { upsert: true, writeConcern: durable });
      try {
        await write();
      } catch (err) {
        // Two first-time upserts can race on the same _id; the loser replaces the winner's set.
        if (!isDuplicateKey(err)) throw err;
        await write();
      }
    },
    /** Marks one code used if it is unused and its set is still current; false when another request was first. */
    async markUsed(options: { accountId: string; generation: string; position: number; at: Date }): Promise<boolean> {
      const path = `codes.${options.position}.usedAt`;
      // $type rather than `null`: a bare null would also match a position that does not exist.
      const updated = await sets.findOneAndUpdate(
        { _id: options.accountId, generation: options.generation, [path]: { $type: 'null' } },
        { $set: { [path]: options.at } },
        { returnDocument: 'after', writeConcern: durable },
      );
      return updated !== null;
    },
    async remove(accountId: string): Promise<boolean> {
      const result = await sets.deleteOne({ _id: accountId }, { writeConcern: durable });
      return result.deletedCount > 0;
    },
  };
}

export type BackupCodesRepository = ReturnType<typeof backupCodesRepository>;
