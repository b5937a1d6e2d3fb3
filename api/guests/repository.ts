// The only code that touches guest access records: one document per guest recipient of a message,
// changed only by single-document atomic updates (wrong-code counting and locking, SMS codes, sessions).
import type { Collection, Db, WriteConcernSettings } from 'mongodb';
import type { KdfParams } from '../../shared/crypto/kdf';

export const GUESTS_COLLECTION = 'guest_access';

export interface GuestSmsCode {
  salt: string;
  codeHash: string;
  expiresAt: Date;
  attempts: number;
}

export interface GuestDocument {
  /** 128 random bits made by the sender's client: in every link to this guest. */
  _id: string;
  messageId: string;
  senderAccountId: string;
  principalAccountId: string;
  address: string;
  /** `pending` until the message is committed; only `active` access opens. */
  status: 'pending' | 'active';
  createdAt: Date;
  expiresInDays: number;
  /** Set at commit; enforced in every query that opens. */
  expiresAt: Date | null;
  /** SHA-256 of the client's verifier (256 bits from HKDF, useless without the fragment secret). */
  verifierHash: string;
  kdfParams: KdfParams;
  /** The guest's private key under the code-and-secret key (envelope); the server cannot open it. */
  wrappedKey: string;
  publicKey: string;
  fingerprint: string;
  /** The sender's signature over the guest key (shared/crypto/guest-access.ts). */
  keyCertificate: string;
  /** E.164: the SMS gate, or null. */
  phone: string | null;
  failedAttempts: number;
  lockedAt: Date | null;
  openedAt: Date | null;
  notifiedAt: Date | null;
  sms: GuestSmsCode | null;
  smsSentAt: Date[];
  /** Hashes of the short-lived download tokens handed out after a full open. */
  sessions: { tokenHash: string; expiresAt: Date }[];
}

const SESSIONS_KEPT = 5;
const SMS_SENDS_KEPT = 10;

export function guestsRepository(db: Db, durable: Readonly<WriteConcernSettings>) {
  const guests: Collection<GuestDocument> = db.collection<GuestDocument>(GUESTS_COLLECTION);

  return {
    async ensureIndexes() {
      await guests.createIndex({ messageId: 1, address: 1 }, { unique: true, name: 'message_address_unique' });
      await guests.createIndex({ status: 1, notifiedAt: 1 }, { name: 'status_notified' });
      await guests.createIndex({ 'sessions.tokenHash': 1 }, { name: 'session_token' });
    },
    find(guestId: string) {
      return guests.findOne({ _id: guestId });
    },
    forMessage(messageId: string) {
      return guests.find({ messageId }).toArray();
    },
    /** Replaces what the sender stored for this address while the message is still being uploaded. */
    async replace(doc: GuestDocument): Promise<void> {
      await guests.deleteMany({ messageId: doc.messageId, address: doc.address, status: 'pending' }, { writeConcern: durable });
      await guests.insertOne(doc, { writeConcern: durable });
    },
    async activate(input: { messageId: string; at: Date }): Promise<GuestDocument[]> {
      const pending = await guests.find({ messageId: input.messageId, status: 'pending' }).toArray();
      for (const g of pending) {
        await guests.updateOne({ _id: g._id, status: 'pending' }, { $set: { status: 'active', expiresAt: new Date(input.at.getTime() + g.expiresInDays * 86_400_000) } }, { writeConcern: durable });
      }
      return guests.find({ messageId: input.messageId, status: 'active' }).toArray();
    },
    async markNotified(guestId: string, at: Date): Promise<void> {
      await guests.updateOne({ _id: guestId }, { $set: { notifiedAt: at } }, { writeConcern: durable });
    },
    unnotified(olderThan: Date) {
      return guests.find({ status: 'active', notifiedAt: null, expiresAt: { $gt: olderThan } }).limit(100).toArray();
    },
    /** One wrong code, counted atomically; the one that reaches `maxFailures` locks the access. */
    recordFailure(input: { guestId: string; at: Date; maxFailures: number }) {
      return guests.findOneAndUpdate(
        { _id: input.guestId, lockedAt: null },
        [
          {
            $set: {
              failedAttempts: { $add: ['$failedAttempts', 1] },
              lockedAt: { $cond: [{ $gte: [{ $add: ['$failedAttempts', 1] }, input.maxFailures] }, input.at, null] },
            },
          },
        ],
        { returnDocument: 'after', writeConcern: durable },
      );
    },
    async putSmsCode(input: { guestId: string; code: GuestSmsCode; at: Date }): Promise<void> {
      await guests.updateOne({ _id: input.guestId }, { $set: { sms: input.code }, $push: { smsSentAt: { $each: [input.at], $slice: -SMS_SENDS_KEPT } } }, { writeConcern: durable });
    },
    /** Reserves one try of the live SMS code; null when there is none left (or none live). */
    reserveSmsAttempt(input: { guestId: string; at: Date; maxAttempts: number }) {
      return guests.findOneAndUpdate(
        { _id: input.guestId, 'sms.expiresAt': { $gt: input.at }, 'sms.attempts': { $lt: input.maxAttempts } },
        { $inc: { 'sms.attempts': 1 } },
        { returnDocument: 'after', writeConcern: durable },
      );
    },
    /** Single use: of concurrent correct tries, only the one that clears this code succeeds. */
    async consumeSmsCode(input: { guestId: string; salt: string }): Promise<boolean> {
      const result = await guests.updateOne({ _id: input.guestId, 'sms.salt': input.salt }, { $set: { sms: null } }, { writeConcern: durable });
      return result.modifiedCount === 1;
    },
    async addSession(input: { guestId: string; tokenHash: string; expiresAt: Date; at: Date }): Promise<void> {
      await guests.updateOne(
        { _id: input.guestId },
        { $push: { sessions: { $each: [{ tokenHash: input.tokenHash, expiresAt: input.expiresAt }], $slice: -SESSIONS_KEPT } } },
        { writeConcern: durable },
      );
    },
    /** The first successful open; false when it was opened before. */
    async markOpened(guestId: string, at: Date): Promise<boolean> {
      const result = await guests.updateOne({ _id: guestId, openedAt: null }, { $set: { openedAt: at } }, { writeConcern: durable });
      return result.modifiedCount === 1;
    },
    /** Access whose message is gone (recalled or swept) or long expired: removed with its wrapped key. */
    async deleteExpired(before: Date): Promise<number> {
      const expired = await guests.deleteMany({ status: 'active', expiresAt: { $lt: before } }, { writeConcern: durable });
      // Access stored for a message that was never committed (its upload abandoned and swept): the
      // wrapped key, verifier and phone number must not stay behind for ever.
      const abandoned = await guests.deleteMany({ status: 'pending', createdAt: { $lt: before } }, { writeConcern: durable });
      return expired.deletedCount + abandoned.deletedCount;
    },
  };
}

export type GuestsRepository = ReturnType<typeof guestsRepository>;
