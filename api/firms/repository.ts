// The only code that touches firms (law offices), their members and their shared mailboxes.
import type { Collection, Db, WriteConcernSettings } from 'mongodb';

export const FIRMS_COLLECTION = 'firms';
export const FIRM_MEMBERS_COLLECTION = 'firm_members';
export const FIRM_MAILBOXES_COLLECTION = 'firm_mailboxes';

export type FirmRole = 'admin' | 'member';

export interface FirmDocument {
  _id: string;
  name: string;
  createdAt: Date;
  createdBy: string;
}

export interface FirmMemberDocument {
  _id: string;
  firmId: string;
  accountId: string;
  role: FirmRole;
  addedAt: Date;
  addedBy: string;
}

export interface MailboxCode {
  hash: string;
  expiresAt: Date;
  attempts: number;
  sentAt: Date;
}

export interface MailboxDocument {
  _id: string;
  firmId: string;
  /** Lower-case address of the functional mailbox, e.g. secretariaat@kantoor.nl. */
  address: string;
  status: 'pending' | 'verified';
  /** Set only once verified: unique, so one firm holds an address. */
  verifiedAddress: string | null;
  code: MailboxCode | null;
  /** Accounts (firm members) that use this mailbox; each adds or removes only itself. */
  users: string[];
  createdAt: Date;
  verifiedAt: Date | null;
}

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

export function firmsRepository(db: Db, durable: Readonly<WriteConcernSettings>) {
  const firms: Collection<FirmDocument> = db.collection<FirmDocument>(FIRMS_COLLECTION);
  const members: Collection<FirmMemberDocument> = db.collection<FirmMemberDocument>(FIRM_MEMBERS_COLLECTION);
  const mailboxes: Collection<MailboxDocument> = db.collection<MailboxDocument>(FIRM_MAILBOXES_COLLECTION);

  return {
    async ensureIndexes() {
      await members.createIndex({ firmId: 1, accountId: 1 }, { unique: true, name: 'firm_account_unique' });
      await members.createIndex({ accountId: 1 }, { name: 'account' });
      await mailboxes.createIndex({ firmId: 1, address: 1 }, { unique: true, name: 'firm_address_unique' });
      await mailboxes.createIndex({ verifiedAddress: 1 }, { unique: true, name: 'verified_address_unique', partialFilterExpression: { verifiedAddress: { $type: 'string' } } });
      await mailboxes.createIndex({ users: 1 }, { name: 'users' });
    },

    async insertFirm(firm: FirmDocument, admin: FirmMemberDocument): Promise<void> {
      await firms.insertOne(firm, { writeConcern: durable });
      await members.insertOne(admin, { writeConcern: durable });
    },
    findFirm(firmId: string) {
      return firms.findOne({ _id: firmId });
    },
    findFirms(firmIds: readonly string[]) {
      return firms.find({ _id: { $in: [...firmIds] } }).toArray();
    },

    findMember(firmId: string, accountId: string) {
      return members.findOne({ firmId, accountId });
    },
    membersOf(firmId: string) {
      return members.find({ firmId }).sort({ addedAt: 1 }).toArray();
    },
    membershipsOf(accountId: string) {
      return members.find({ accountId }).toArray();
    },
    /** 'exists' when the account is already a member (the unique index decides). */
    async addMember(member: FirmMemberDocument): Promise<'added' | 'exists'> {
      try {
        await members.insertOne(member, { writeConcern: durable });
        return 'added';
      } catch (err) {
        if (isDuplicateKey(err)) return 'exists';
        throw err;
      }
    },
    async countAdmins(firmId: string): Promise<number> {
      return members.countDocuments({ firmId, role: 'admin' });
    },
    /** Removes the membership and the account from the firm's mailboxes (each document on its own). */
    async removeMember(firmId: string, accountId: string): Promise<boolean> {
      const removed = await members.findOneAndDelete({ firmId, accountId }, { writeConcern: durable });
      await mailboxes.updateMany({ firmId, users: accountId }, { $pull: { users: accountId } }, { writeConcern: durable });
      return removed !== null;
    },
    /** Everything of one account (a closed account leaves every firm). */
    async removeAccount(accountId: string): Promise<number> {
      const result = await members.deleteMany({ accountId }, { writeConcern: durable });
      await mailboxes.updateMany({ users: accountId }, { $pull: { users: accountId } }, { writeConcern: durable });
      return result.deletedCount;
    },

    findMailbox(mailboxId: string) {
      return mailboxes.findOne({ _id: mailboxId });
    },
    mailboxesOf(firmId: string) {
      return mailboxes.find({ firmId }).sort({ address: 1 }).toArray();
    },
    findVerifiedByAddress(address: string) {
      return mailboxes.findOne({ verifiedAddress: address });
    },
    /** Starts (or restarts with a new code) a registration for this firm and address; a verified one is left alone. */
    async startRegistration(input: { id: string; firmId: string; address: string; code: MailboxCode; at: Date }): Promise<MailboxDocument | null> {
      try {
        return await mailboxes.findOneAndUpdate(
          { firmId: input.firmId, address: input.address, status: 'pending' },
          { $set: { code: input.code }, $setOnInsert: { _id: input.id, verifiedAddress: null, users: [], createdAt: input.at, verifiedAt: null } },
          { upsert: true, returnDocument: 'after', writeConcern: durable },
        );
      } catch (err) {
        // The firm already has this address verified (the upsert's insert met the unique index).
        if (isDuplicateKey(err)) return null;
        throw err;
      }
    },
    /**
     * The code, its expiry and its attempts in one filter: it works once. 'taken' when another firm
     * verified the address meanwhile (the unique index on verifiedAddress).
     */
    async verify(input: { mailboxId: string; firmId: string; codeHash: string; maxAttempts: number; at: Date }): Promise<{ outcome: 'verified'; mailbox: MailboxDocument } | { outcome: 'invalid' } | { outcome: 'taken' }> {
      const current = await mailboxes.findOne({ _id: input.mailboxId, firmId: input.firmId, status: 'pending' });
      if (!current) return { outcome: 'invalid' };
      try {
        const mailbox = await mailboxes.findOneAndUpdate(
          { _id: input.mailboxId, firmId: input.firmId, status: 'pending', 'code.hash': input.codeHash, 'code.expiresAt': { $gt: input.at }, 'code.attempts': { $lt: input.maxAttempts } },
          { $set: { status: 'verified', verifiedAddress: current.address, code: null, verifiedAt: input.at } },
          { returnDocument: 'after', writeConcern: durable },
        );
        return mailbox ? { outcome: 'verified', mailbox } : { outcome: 'invalid' };
      } catch (err) {
        if (isDuplicateKey(err)) return { outcome: 'taken' };
        throw err;
      }
    },
    async countWrongCode(mailboxId: string): Promise<void> {
      await mailboxes.updateOne({ _id: mailboxId, status: 'pending', code: { $ne: null } }, { $inc: { 'code.attempts': 1 } }, { writeConcern: durable });
    },
    /** Adds or removes one user of a verified mailbox (an atomic set operation on one document). */
    setUser(input: { mailboxId: string; firmId: string; accountId: string; use: boolean }) {
      return mailboxes.findOneAndUpdate(
        { _id: input.mailboxId, firmId: input.firmId, status: 'verified' },
        input.use ? { $addToSet: { users: input.accountId } } : { $pull: { users: input.accountId } },
        { returnDocument: 'after', writeConcern: durable },
      );
    },
    async removeMailbox(mailboxId: string, firmId: string): Promise<boolean> {
      const result = await mailboxes.deleteOne({ _id: mailboxId, firmId }, { writeConcern: durable });
      return result.deletedCount === 1;
    },
    /** Pending registrations whose code expired long ago. */
    async sweepStalePending(before: Date): Promise<number> {
      const result = await mailboxes.deleteMany({ status: 'pending', 'code.expiresAt': { $lt: before } });
      return result.deletedCount;
    },
  };
}

export type FirmsRepository = ReturnType<typeof firmsRepository>;
