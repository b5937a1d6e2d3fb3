// The only code that touches messages and their stored chunks (GridFS). A message is invisible until
// its atomic commit; chunks of uncommitted messages are swept after a day.
import { Binary, GridFSBucket, type Collection, type Db, type WriteConcernSettings } from 'mongodb';
import type { Readable } from 'node:stream';

export const MESSAGES_COLLECTION = 'messages';
export const CHUNKS_BUCKET = 'message_chunks';

export interface RecipientRecord {
  address: string;
  /** `guest`: no account; reads through api/guests with an access code (accountId and unitId null). */
  kind: 'unit' | 'account' | 'guest';
  unitId: string | null;
  accountId: string | null;
  deliveredAt: Date | null;
  openedAt: Date | null;
}

export interface PartRecord {
  partId: string;
  role: 'subject' | 'body' | 'manifest' | 'attachment';
  chunkCount: number;
}

export interface StoredChunk {
  partId: string;
  index: number;
  sha256: string;
  size: number;
}

export interface MessageDocument {
  _id: string;
  senderAccountId: string;
  principalAccountId: string;
  idempotencyKey: string;
  /** SHA-256 of the create request: the same key with another payload is refused. */
  requestHash: string;
  status: 'uploading' | 'committed' | 'recalled';
  createdAt: Date;
  committedAt: Date | null;
  recalledAt: Date | null;
  threadId: string;
  inReplyTo: string | null;
  toCourt: boolean;
  principalNumber: { number: string; kind: 'lawyer' | 'bailiff' } | null;
  recipients: RecipientRecord[];
  parts: PartRecord[];
  chunks: StoredChunk[];
  receipt: { jws: string; kid: string } | null;
  /**
   * Accounts to be told of the message by e-mail (notices.ts), fixed by the commit: recipient accounts
   * and the active clerks of recipient units. `notifiedAt` is set once the mailer took the notice.
   */
  notices?: NoticeRecord[];
  /**
   * Work a commit still owes after making the message visible (the `message.send` audit record, guest
   * access, notices): set by the commit, cleared once done. Still set at `dueAt` (the committing
   * request failed or died after its commit), the settle sweep does it; `audited` keeps that from
   * writing the audit record twice.
   */
  settle?: { dueAt: Date; audited: boolean } | null;
  /** Set on a guest's reply (api/guests): who wrote it, as the guest key the original sender certified. */
  guestSender?: { guestId: string; address: string; fingerprint: string; publicKey: string; keyCertificate: string; originalMessageId: string } | null;
}

/** One account to tell of a message; `delegateOf` is the recipient whose mail a read-scope delegate reads. */
export interface NoticeTarget {
  accountId: string;
  delegateOf?: string | null;
}

export interface NoticeRecord extends NoticeTarget {
  notifiedAt: Date | null;
}

export const chunkFileId = (messageId: string, partId: string, index: number) => `${messageId}:${partId}:${index}`;
/** GridFS piece size of a stored chunk (the driver's default). */
export const CHUNK_PIECE_BYTES = 255 * 1024;

interface PieceDocument {
  files_id: string;
  n: number;
  data: Binary;
}

interface ChunkFileDocument {
  _id: string;
  length: number;
  chunkSize: number;
  uploadDate: Date;
  filename: string;
  metadata: { messageId: string; partId: string; index: number; sha256: string };
}

const isDuplicateKey = (err: unknown) => (err as { code?: unknown }).code === 11000;

export function messagesRepository(db: Db, durable: Readonly<WriteConcernSettings>) {
  const messages: Collection<MessageDocument> = db.collection<MessageDocument>(MESSAGES_COLLECTION);
  const bucket = new GridFSBucket(db, { bucketName: CHUNKS_BUCKET, writeConcern: durable });
  const files: Collection<ChunkFileDocument> = db.collection<ChunkFileDocument>(`${CHUNKS_BUCKET}.files`);
  const pieces: Collection<PieceDocument> = db.collection<PieceDocument>(`${CHUNKS_BUCKET}.chunks`);

  return {
    async ensureIndexes() {
      await messages.createIndex({ senderAccountId: 1, idempotencyKey: 1 }, { unique: true, name: 'sender_idempotency_unique' });
      await messages.createIndex({ 'recipients.accountId': 1, status: 1, committedAt: -1 }, { name: 'inbox_account' });
      await messages.createIndex({ 'recipients.unitId': 1, status: 1, committedAt: -1 }, { name: 'inbox_unit' });
      await messages.createIndex({ principalAccountId: 1, status: 1, committedAt: -1 }, { name: 'sent_principal' });
      await messages.createIndex({ senderAccountId: 1, status: 1, committedAt: -1 }, { name: 'sent_actor' });
      await messages.createIndex({ status: 1, createdAt: 1 }, { name: 'status_created' });
      await messages.createIndex({ 'notices.notifiedAt': 1, committedAt: 1 }, { name: 'pending_notices' });
      await messages.createIndex({ 'settle.dueAt': 1 }, { name: 'unsettled', partialFilterExpression: { 'settle.dueAt': { $exists: true } } });
      // GridFS's own indexes (its upload stream would make them; chunks are written here instead).
      await pieces.createIndex({ files_id: 1, n: 1 }, { unique: true });
      await files.createIndex({ filename: 1, uploadDate: 1 });
    },
    /** Inserts, or returns the message already made with this idempotency key. */
    async insertOrFind(message: MessageDocument): Promise<{ message: MessageDocument; created: boolean }> {
      try {
        await messages.insertOne(message, { writeConcern: durable });
        return { message, created: true };
      } catch (err) {
        if ((err as { code?: unknown }).code !== 11000) throw err;
        const existing = await messages.findOne({ senderAccountId: message.senderAccountId, idempotencyKey: message.idempotencyKey });
        if (!existing) throw err;
        return { message: existing, created: false };
      }
    },
    find(messageId: string) {
      return messages.findOne({ _id: messageId });
    },
    hasChunk(messageId: string, partId: string, index: number) {
      return messages.findOne({ _id: messageId, chunks: { $elemMatch: { partId, index } } }, { projection: { 'chunks.$': 1 } });
    },
    /**
     * Stores chunk bytes under a fixed id, in GridFS's format, so that a write can be repeated after
     * it died halfway (the API or the database killed between pieces): pieces already there with the
     * same bytes stay, pieces of other bytes are replaced, and the file document, written last, makes
     * the file whole. A file already whole with the same bytes is left as it is.
     */
    async writeChunkFile(messageId: string, chunk: StoredChunk, data: Uint8Array): Promise<void> {
      const id = chunkFileId(messageId, chunk.partId, chunk.index);
      const existing = await files.findOne({ _id: id });
      if (existing) {
        if (existing.metadata.sha256 === chunk.sha256 && existing.length === data.byteLength) return;
        // Whole, but other bytes that were never recorded (recorded chunks are checked before this).
        await bucket.delete(id as never);
      }
      const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      const count = Math.max(1, Math.ceil(bytes.length / CHUNK_PIECE_BYTES));
      for (let n = 0; n < count; n++) {
        const piece = bytes.subarray(n * CHUNK_PIECE_BYTES, (n + 1) * CHUNK_PIECE_BYTES);
        try {
          await pieces.insertOne({ files_id: id, n, data: new Binary(piece) }, { writeConcern: durable });
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          const there = await pieces.findOne({ files_id: id, n });
          if (there && Buffer.from(there.data.buffer).equals(piece)) continue;
          if (there) await pieces.deleteOne({ _id: there._id }, { writeConcern: durable });
          await pieces.insertOne({ files_id: id, n, data: new Binary(piece) }, { writeConcern: durable });
        }
      }
      await pieces.deleteMany({ files_id: id, n: { $gte: count } }, { writeConcern: durable });
      try {
        await files.insertOne(
          { _id: id, length: bytes.length, chunkSize: CHUNK_PIECE_BYTES, uploadDate: new Date(), filename: id, metadata: { messageId, partId: chunk.partId, index: chunk.index, sha256: chunk.sha256 } },
          { writeConcern: durable },
        );
      } catch (err) {
        // A repeated request of the same bytes finished first.
        if (!isDuplicateKey(err) || (await files.findOne({ _id: id }))?.metadata.sha256 !== chunk.sha256) throw err;
      }
    },
    /** Records a chunk once; a second record for the same place never lands. */
    async recordChunk(messageId: string, chunk: StoredChunk): Promise<boolean> {
      const result = await messages.updateOne(
        { _id: messageId, status: 'uploading', chunks: { $not: { $elemMatch: { partId: chunk.partId, index: chunk.index } } } },
        { $push: { chunks: chunk } },
        { writeConcern: durable },
      );
      return result.modifiedCount === 1;
    },
    /** Visible, with its receipt and the notices to send, in one update. */
    commit(input: { messageId: string; at: Date; receipt: { jws: string; kid: string }; notify: NoticeTarget[]; settleBy: Date }) {
      return messages.findOneAndUpdate(
        { _id: input.messageId, status: 'uploading' },
        {
          $set: {
            status: 'committed',
            committedAt: input.at,
            receipt: input.receipt,
            'recipients.$[].deliveredAt': input.at,
            notices: input.notify.map((target): NoticeRecord => ({ accountId: target.accountId, delegateOf: target.delegateOf ?? null, notifiedAt: null })),
            settle: { dueAt: input.settleBy, audited: false },
          },
        },
        { returnDocument: 'after', writeConcern: durable },
      );
    },
    async markAudited(messageId: string): Promise<void> {
      await messages.updateOne({ _id: messageId, settle: { $ne: null } }, { $set: { 'settle.audited': true } }, { writeConcern: durable });
    },
    async markSettled(messageId: string): Promise<void> {
      await messages.updateOne({ _id: messageId }, { $set: { settle: null } }, { writeConcern: durable });
    },
    /** One message whose post-commit work is overdue, claimed until `leaseUntil` so no other sweep takes it. */
    claimUnsettled(input: { at: Date; leaseUntil: Date }) {
      return messages.findOneAndUpdate(
        { status: { $in: ['committed', 'recalled'] }, 'settle.dueAt': { $lte: input.at } },
        { $set: { 'settle.dueAt': input.leaseUntil } },
        { returnDocument: 'after', writeConcern: durable },
      );
    },
    async markNoticeSent(input: { messageId: string; accountId: string; at: Date }): Promise<void> {
      await messages.updateOne({ _id: input.messageId, notices: { $elemMatch: { accountId: input.accountId, notifiedAt: null } } }, { $set: { 'notices.$.notifiedAt': input.at } }, { writeConcern: durable });
    },
    /** Committed messages since `since` with a notice not sent yet (100 at a time). */
    withPendingNotices(since: Date) {
      return messages.find({ status: 'committed', committedAt: { $gt: since }, notices: { $elemMatch: { notifiedAt: null } } }, { projection: { chunks: 0 } }).limit(100).toArray();
    },
    readChunk(messageId: string, partId: string, index: number): Readable {
      return bucket.openDownloadStream(chunkFileId(messageId, partId, index) as never);
    },
    async markOpened(input: { messageId: string; accountIds: string[]; unitIds: string[]; at: Date }): Promise<void> {
      for (const accountId of input.accountIds) {
        await messages.updateOne({ _id: input.messageId, recipients: { $elemMatch: { accountId, openedAt: null } } }, { $set: { 'recipients.$.openedAt': input.at } }, { writeConcern: durable });
      }
      for (const unitId of input.unitIds) {
        await messages.updateOne({ _id: input.messageId, recipients: { $elemMatch: { unitId, openedAt: null } } }, { $set: { 'recipients.$.openedAt': input.at } }, { writeConcern: durable });
      }
    },
    /** The first successful open by a guest (api/guests) shows on the sender's message status. */
    async markGuestOpened(input: { messageId: string; address: string; at: Date }): Promise<void> {
      await messages.updateOne({ _id: input.messageId, recipients: { $elemMatch: { kind: 'guest', address: input.address, openedAt: null } } }, { $set: { 'recipients.$.openedAt': input.at } }, { writeConcern: durable });
    },
    /** Recall only while nobody opened it and it is not a court filing; chunks go, the tombstone and receipt stay. */
    async recall(input: { messageId: string; at: Date }) {
      const recalled = await messages.findOneAndUpdate(
        { _id: input.messageId, status: 'committed', toCourt: false, 'recipients.openedAt': { $not: { $ne: null } } },
        { $set: { status: 'recalled', recalledAt: input.at } },
        { returnDocument: 'after', writeConcern: durable },
      );
      if (recalled) await this.deleteChunkFiles(recalled._id);
      return recalled;
    },
    async deleteChunkFiles(messageId: string): Promise<void> {
      const whole = await bucket.find({ 'metadata.messageId': messageId }).toArray();
      for (const file of whole) await bucket.delete(file._id);
      // Pieces of a write that died before its file document.
      await pieces.deleteMany({ files_id: new RegExp(`^${messageId}:`) as never });
    },
    list(filter: { accountId?: string; unitIds?: string[]; sentBy?: string; limit: number }) {
      const or: Record<string, unknown>[] = [];
      if (filter.accountId) or.push({ 'recipients.accountId': filter.accountId });
      if (filter.unitIds && filter.unitIds.length > 0) or.push({ 'recipients.unitId': { $in: filter.unitIds } });
      if (filter.sentBy) or.push({ senderAccountId: filter.sentBy }, { principalAccountId: filter.sentBy });
      if (or.length === 0) return Promise.resolve([]);
      return messages
        .find({ $or: or, status: { $in: ['committed', 'recalled'] } }, { projection: { chunks: 0, requestHash: 0, idempotencyKey: 0 } })
        .sort({ committedAt: -1 })
        .limit(filter.limit)
        .toArray();
    },
    async sweepAbandonedUploads(olderThan: Date): Promise<number> {
      const stale = await messages.find({ status: 'uploading', createdAt: { $lt: olderThan } }, { projection: { _id: 1 } }).toArray();
      for (const m of stale) {
        await this.deleteChunkFiles(m._id);
        await messages.deleteOne({ _id: m._id, status: 'uploading' });
      }
      return stale.length;
    },
  };
}

export type MessagesRepository = ReturnType<typeof messagesRepository>;
