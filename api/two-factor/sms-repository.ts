// The only code that touches the SMS collections; single-document atomic writes, expiry in the queries (TTL never fires embedded).
import type { Collection, Db, WriteConcernSettings } from 'mongodb';

export const SMS_FACTORS_COLLECTION = 'sms_factors';
export const SMS_CODES_COLLECTION = 'sms_codes';
export const SMS_SEND_LIMITS_COLLECTION = 'sms_send_limits';

/** The active SMS factor. It holds the full number, because codes must be sent to it. */
export interface SmsFactorDocument {
  /** The account id: one SMS number per account. */
  _id: string;
  /** E.164. */
  phone: string;
  verifiedAt: Date;
}

/** One pending code per account and purpose; no code and no number in it, only a hash binding both. */
export interface SmsCodeDocument {
  /** Keyed hash of account id and purpose: a new code for the same purpose replaces the old one. */
  _id: string;
  accountId: string;
  /** The purpose's kind ("enrol", "login", "step-up"); the attempt id itself is not stored. */
  kind: string;
  /** Random per code; also tells one issue of a code from the next. */
  salt: string;
  codeHash: string;
  phoneLast2: string;
  attempts: number;
  createdAt: Date;
  expiresAt: Date;
}

/** Send times within the last hour for one hashed key (an account or a number). */
export interface SmsSendLimitDocument {
  _id: string;
  sentAt: Date[];
  /** The last decision, read back from the same atomic update. */
  allowed: boolean;
  expiresAt: Date;
}

export interface SendWindow {
  minIntervalMs: number;
  maxPerWindow: number;
  windowMs: number;
}

export function smsRepository(db: Db, durable: Readonly<WriteConcernSettings>) {
  const factors: Collection<SmsFactorDocument> = db.collection<SmsFactorDocument>(SMS_FACTORS_COLLECTION);
  const codes: Collection<SmsCodeDocument> = db.collection<SmsCodeDocument>(SMS_CODES_COLLECTION);
  const limits: Collection<SmsSendLimitDocument> = db.collection<SmsSendLimitDocument>(SMS_SEND_LIMITS_COLLECTION);

  return {
    async ensureIndexes() {
      await codes.createIndex({ accountId: 1 }, { name: 'account' });
      // For real servers only; the queries below never rely on it.
      await codes.createIndex({ expiresAt: 1 }, { name: 'expires_ttl', expireAfterSeconds: 0 });
      await limits.createIndex({ expiresAt: 1 }, { name: 'expires_ttl', expireAfterSeconds: 0 });
    },

    findFactor(accountId: string) {
      return factors.findOne({ _id: accountId });
    },
    /** Sets or replaces the number in one upsert: there is never a half-changed factor. */
    async setFactor(options: { accountId: string; phone: string; at: Date }) {
      await factors.updateOne({ _id: options.accountId }, { $set: { phone: options.phone, verifiedAt: options.at } }, { upsert: true, writeConcern: durable });
    },
    async removeFactor(accountId: string): Promise<boolean> {
      const result = await factors.deleteOne({ _id: accountId }, { writeConcern: durable });
      return result.deletedCount > 0;
    },

    /** Written only after the gateway accepted the SMS; replaces (voids) an earlier code for the purpose. */
    async putCode(code: SmsCodeDocument) {
      await codes.replaceOne({ _id: code._id }, code, { upsert: true, writeConcern: durable });
    },
    findCode(id: string) {
      return codes.findOne({ _id: id });
    },
    /**
     * Takes one try before the comparison, atomically: concurrent guesses cannot get more than
     * maxAttempts comparisons. null when the code is absent, expired or out of tries.
     */
    reserveAttempt(options: { id: string; at: Date; maxAttempts: number }) {
      return codes.findOneAndUpdate(
        { _id: options.id, expiresAt: { $gt: options.at }, attempts: { $lt: options.maxAttempts } },
        { $inc: { attempts: 1 } },
        { returnDocument: 'after', writeConcern: durable },
      );
    },
    /** Single use: only one caller deletes this issue (salt) of the code. */
    async consumeCode(options: { id: string; salt: string }): Promise<boolean> {
      const removed = await codes.findOneAndDelete({ _id: options.id, salt: options.salt }, { writeConcern: durable });
      return removed !== null;
    },
    async deleteCodes(accountId: string): Promise<number> {
      const result = await codes.deleteMany({ accountId }, { writeConcern: durable });
      return result.deletedCount;
    },

    /**
     * Counts a send for `key` if the window allows it, in one atomic pipeline update: drop times older
     * than the window, decide, and append now only when allowed. Returns the times the decision saw.
     */
    async reserveSend(options: { key: string; at: Date; window: SendWindow }): Promise<{ allowed: boolean; sentAt: Date[] }> {
      const { at, window } = options;
      const windowStart = new Date(at.getTime() - window.windowMs);
      const intervalStart = new Date(at.getTime() - window.minIntervalMs);
      const keepUntil = new Date(at.getTime() + window.windowMs);
      const update = () => limits.findOneAndUpdate(
        { _id: options.key },
        [
          { $set: { sentAt: { $filter: { input: { $ifNull: ['$sentAt', []] }, as: 't', cond: { $gt: ['$$t', windowStart] } } } } },
          {
            $set: {
              allowed: {
                $and: [
                  { $lt: [{ $size: '$sentAt' }, window.maxPerWindow] },
                  { $not: [{ $anyElementTrue: [{ $map: { input: '$sentAt', as: 't', in: { $gt: ['$$t', intervalStart] } } }] }] },
                ],
              },
            },
          },
          {
            $set: {
              sentAt: { $cond: ['$allowed', { $concatArrays: ['$sentAt', [at]] }, '$sentAt'] },
              expiresAt: { $cond: ['$allowed', keepUntil, { $ifNull: ['$expiresAt', keepUntil] }] },
            },
          },
        ],
        { upsert: true, returnDocument: 'after', writeConcern: durable },
      );
      // Two first sends for one key can race to insert; the loser retries and sees the winner's document.
      const updated = await update().catch((err: unknown) => {
        if ((err as { code?: unknown } | null)?.code === 11000) return update();
        throw err;
      });
      if (!updated) throw new Error('sms: the send counter update returned nothing');
      return { allowed: updated.allowed, sentAt: updated.sentAt };
    },
    /** Gives back a send counted for `key` when another key refused it. */
    async releaseSend(options: { key: string; at: Date }) {
      await limits.updateOne({ _id: options.key }, { $pull: { sentAt: options.at } }, { writeConcern: durable });
    },

    /** Removes expired codes and send counters; queries already ignore them. */
    async sweepExpired(at: Date): Promise<number> {
      const [expiredCodes, expiredLimits] = await Promise.all([codes.deleteMany({ expiresAt: { $lte: at } }), limits.deleteMany({ expiresAt: { $lte: at } })]);
      return expiredCodes.deletedCount + expiredLimits.deletedCount;
    },
  };
}

export type SmsRepository = ReturnType<typeof smsRepository>;
