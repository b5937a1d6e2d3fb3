// The only code that touches the register's collections: `register_entries` (one document per BAR or
// KBvG number) and `invitations`. Designed for single-document atomicity (the embedded engine has no
// transactions): unique indexes and conditional updates carry every rule that must hold under
// concurrency, and expiry is part of every query because TTL indexes never fire there.
import { ObjectId, type Collection, type Db, type Filter, type WriteConcernSettings } from 'mongodb';
import type { RegisterKind, RegisterStatus } from './numbers';

export const REGISTER_ENTRIES_COLLECTION = 'register_entries';
export const INVITATIONS_COLLECTION = 'invitations';

export interface RegisterEntryDocument {
  _id?: ObjectId;
  number: string;
  kind: RegisterKind;
  name: string;
  email: string;
  status: RegisterStatus;
  createdAt: Date;
  updatedAt: Date;
  removedAt: Date | null;
}

export type InvitationVoidReason = 'email-changed' | 'entry-removed' | 'entry-changed' | 'reissued';

export interface InvitationDocument {
  _id: ObjectId;
  number: string;
  kind: RegisterKind;
  email: string;
  /**
   * `number` + newline + `email` while this invitation stands for that pair (open or used); removed
   * when it is voided or superseded. A unique sparse index on it means at most one standing
   * invitation per number and address, even when two imports run at once.
   */
  liveKey?: string;
  /** SHA-256 (hex) of the current token; absent until the mail is about to be sent. */
  tokenHash?: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  usedBy: string | null;
  voidedAt: Date | null;
  voidReason: InvitationVoidReason | null;
  supersededAt: Date | null;
  mail: 'pending' | 'sent';
  mailAttempts: number;
  /** While set and in the future, one sender owns the delivery (see claimDelivery). */
  mailLeaseUntil: Date | null;
  mailSentAt: Date | null;
  lastMailFailureAt: Date | null;
}

export type NewInvitation = Pick<InvitationDocument, 'number' | 'kind' | 'email' | 'createdAt' | 'expiresAt'>;
export type EntryFields = Pick<RegisterEntryDocument, 'number' | 'kind' | 'name' | 'email' | 'status' | 'removedAt'>;

export function liveKeyOf(number: string, email: string): string {
  return `${number}\n${email}`;
}

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/** Usable = has this token, not used, not voided, not expired (at `now`). */
function usableFilter(tokenHash: string, now: Date): Filter<InvitationDocument> {
  return { tokenHash, usedAt: null, voidedAt: null, expiresAt: { $gt: now } };
}

const QUERY_CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += QUERY_CHUNK) out.push(items.slice(i, i + QUERY_CHUNK));
  return out;
}

export interface RegisterRepository {
  ensureIndexes(): Promise<void>;

  entryByNumber(number: string): Promise<RegisterEntryDocument | null>;
  entriesByNumbers(numbers: readonly string[]): Promise<RegisterEntryDocument[]>;
  entriesByEmail(email: string, options: { includeRemoved: boolean }): Promise<RegisterEntryDocument[]>;
  /** Creates or updates the entry with this number. */
  saveEntry(fields: EntryFields, now: Date): Promise<void>;

  liveInvitationsByNumbers(numbers: readonly string[]): Promise<InvitationDocument[]>;
  /** null when a standing invitation for the same number and address already exists. */
  insertInvitation(invitation: NewInvitation): Promise<InvitationDocument | null>;
  /** Voids an open (unused, not voided) invitation; false when it was used or voided meanwhile. */
  voidInvitation(id: ObjectId, reason: InvitationVoidReason, now: Date): Promise<boolean>;
  /** A used invitation stops standing for its number and address (so a later change can invite again). */
  supersedeUsedInvitation(id: ObjectId, now: Date): Promise<boolean>;

  /** Ids of pending invitations nobody is sending right now, oldest first. */
  deliverableInvitationIds(now: Date): Promise<ObjectId[]>;
  /**
   * Takes a pending invitation for sending: sets the new token's hash and expiry and a lease, in one
   * conditional update, so two senders never mail the same invitation. null when not pending, used,
   * voided, or leased by someone else.
   */
  claimDelivery(id: ObjectId, claim: { tokenHash: string; expiresAt: Date; leaseUntil: Date; now: Date }): Promise<InvitationDocument | null>;
  markDelivered(id: ObjectId, tokenHash: string, now: Date): Promise<void>;
  /** The token that was never sent is dropped; the invitation stays pending for the next attempt. */
  markDeliveryFailed(id: ObjectId, tokenHash: string, now: Date): Promise<void>;

  findUsable(tokenHash: string, now: Date): Promise<InvitationDocument | null>;
  /** Atomic single use: the usable conditions are the filter of one findOneAndUpdate. */
  consume(tokenHash: string, accountId: string, now: Date): Promise<InvitationDocument | null>;

  /** Deletes unused invitations expired before `cutoff` and voided ones voided before it. */
  deleteExpired(cutoff: Date): Promise<number>;
}

export function registerRepository(db: Db, durable: Readonly<WriteConcernSettings>): RegisterRepository {
  const entries: Collection<RegisterEntryDocument> = db.collection<RegisterEntryDocument>(REGISTER_ENTRIES_COLLECTION);
  const invitations: Collection<InvitationDocument> = db.collection<InvitationDocument>(INVITATIONS_COLLECTION);
  const writeConcern = durable;
  const leaseFree = (now: Date): Filter<InvitationDocument> => ({ $or: [{ mailLeaseUntil: null }, { mailLeaseUntil: { $lte: now } }] });

  return {
    async ensureIndexes() {
      await entries.createIndex({ number: 1 }, { unique: true, name: 'number_unique' });
      await entries.createIndex({ email: 1 }, { name: 'email' });
      await invitations.createIndex({ tokenHash: 1 }, { unique: true, partialFilterExpression: { tokenHash: { $type: 'string' } }, name: 'token_hash_unique' });
      await invitations.createIndex({ liveKey: 1 }, { unique: true, sparse: true, name: 'live_key_unique' });
      await invitations.createIndex({ number: 1, createdAt: -1 }, { name: 'number_created' });
      await invitations.createIndex({ createdAt: 1 }, { partialFilterExpression: { mail: 'pending' }, name: 'mail_pending' });
      await invitations.createIndex({ expiresAt: 1 }, { name: 'expires_at' });
    },

    async entryByNumber(number) {
      return entries.findOne({ number });
    },
    async entriesByNumbers(numbers) {
      const out: RegisterEntryDocument[] = [];
      for (const chunk of chunks(numbers)) out.push(...(await entries.find({ number: { $in: chunk } }).toArray()));
      return out;
    },
    async entriesByEmail(email, { includeRemoved }) {
      return entries.find(includeRemoved ? { email } : { email, status: 'active' }, { sort: { number: 1 } }).toArray();
    },
    async saveEntry(fields, now) {
      const upsert = () =>
        entries.updateOne({ number: fields.number }, { $set: { ...fields, updatedAt: now }, $setOnInsert: { createdAt: now } }, { upsert: true, writeConcern });
      try {
        await upsert();
      } catch (err) {
        // Two importers inserting the same new number: the loser's upsert hits the unique index; the
        // document exists now, so the retry is a plain update.
        if (!isDuplicateKey(err)) throw err;
        await upsert();
      }
    },

    async liveInvitationsByNumbers(numbers) {
      const out: InvitationDocument[] = [];
      for (const chunk of chunks(numbers)) out.push(...(await invitations.find({ number: { $in: chunk }, liveKey: { $exists: true } }).toArray()));
      return out;
    },
    async insertInvitation(invitation) {
      const document: InvitationDocument = {
        _id: new ObjectId(),
        ...invitation,
        liveKey: liveKeyOf(invitation.number, invitation.email),
        usedAt: null,
        usedBy: null,
        voidedAt: null,
        voidReason: null,
        supersededAt: null,
        mail: 'pending',
        mailAttempts: 0,
        mailLeaseUntil: null,
        mailSentAt: null,
        lastMailFailureAt: null,
      };
      try {
        await invitations.insertOne(document, { writeConcern });
        return document;
      } catch (err) {
        if (isDuplicateKey(err)) return null;
        throw err;
      }
    },
    async voidInvitation(id, reason, now) {
      const result = await invitations.updateOne(
        { _id: id, usedAt: null, voidedAt: null },
        { $set: { voidedAt: now, voidReason: reason, mailLeaseUntil: null }, $unset: { liveKey: '' } },
        { writeConcern },
      );
      return result.modifiedCount === 1;
    },
    async supersedeUsedInvitation(id, now) {
      const result = await invitations.updateOne(
        { _id: id, usedAt: { $ne: null }, liveKey: { $exists: true } },
        { $set: { supersededAt: now }, $unset: { liveKey: '' } },
        { writeConcern },
      );
      return result.modifiedCount === 1;
    },

    async deliverableInvitationIds(now) {
      const pending = await invitations
        .find({ mail: 'pending', usedAt: null, voidedAt: null, ...leaseFree(now) }, { projection: { _id: 1 }, sort: { createdAt: 1 } })
        .toArray();
      return pending.map((p) => p._id);
    },
    async claimDelivery(id, claim) {
      return invitations.findOneAndUpdate(
        { _id: id, mail: 'pending', usedAt: null, voidedAt: null, ...leaseFree(claim.now) },
        { $set: { tokenHash: claim.tokenHash, expiresAt: claim.expiresAt, mailLeaseUntil: claim.leaseUntil }, $inc: { mailAttempts: 1 } },
        { returnDocument: 'after', writeConcern },
      );
    },
    async markDelivered(id, tokenHash, now) {
      await invitations.updateOne({ _id: id, tokenHash }, { $set: { mail: 'sent', mailSentAt: now, mailLeaseUntil: null } }, { writeConcern });
    },
    async markDeliveryFailed(id, tokenHash, now) {
      await invitations.updateOne(
        { _id: id, tokenHash, mail: 'pending' },
        { $set: { mailLeaseUntil: null, lastMailFailureAt: now }, $unset: { tokenHash: '' } },
        { writeConcern },
      );
    },

    async findUsable(tokenHash, now) {
      return invitations.findOne(usableFilter(tokenHash, now));
    },
    async consume(tokenHash, accountId, now) {
      return invitations.findOneAndUpdate(
        usableFilter(tokenHash, now),
        { $set: { usedAt: now, usedBy: accountId } },
        { returnDocument: 'after', writeConcern },
      );
    },

    async deleteExpired(cutoff) {
      const result = await invitations.deleteMany(
        { $or: [{ usedAt: null, voidedAt: null, expiresAt: { $lt: cutoff } }, { voidedAt: { $lt: cutoff } }] },
        { writeConcern },
      );
      return result.deletedCount;
    },
  };
}
