// The only code that touches the accounts collection.
import type { Collection, Db, WriteConcernSettings } from 'mongodb';
import type { StoredVerifier } from './verifier';

export const ACCOUNTS_COLLECTION = 'accounts';

export interface KdfParamsRecord {
  algorithm: 'argon2id';
  memoryKiB: number;
  iterations: number;
  parallelism: number;
  salt: string;
}

export interface AccountKeys {
  publicKey: string;
  fingerprint: string;
  wrappedUserKeyByPassword: string;
  encryptedPrivateKey: string;
}

export interface AccountDocument {
  _id: string;
  email: string;
  status: 'pending' | 'active' | 'closed';
  createdAt: Date;
  /** Pending registrations disappear from queries after this (no TTL on the embedded engine). */
  pendingExpiresAt: Date | null;
  verification: { tokenHash: string; expiresAt: Date; attempts: number } | null;
  enrolment: { tokenHash: string; expiresAt: Date } | null;
  invitation: { number: string; kind: 'lawyer' | 'bailiff' } | null;
  verifiedAt: Date | null;
  activatedAt: Date | null;
  kdf: KdfParamsRecord | null;
  authVerifier: StoredVerifier | null;
  keys: AccountKeys | null;
  recovery: { verifierHash: string; wrappedUserKeyByRecovery: string; createdAt: Date } | null;
}

export function accountsRepository(db: Db, durable: Readonly<WriteConcernSettings>) {
  const accounts: Collection<AccountDocument> = db.collection<AccountDocument>(ACCOUNTS_COLLECTION);
  return {
    async ensureIndexes() {
      await accounts.createIndex({ email: 1 }, { unique: true, name: 'email_unique' });
    },
    findByEmail(email: string) {
      return accounts.findOne({ email });
    },
    findById(id: string) {
      return accounts.findOne({ _id: id });
    },
    /** Starts or restarts a registration; an active account is never touched here. */
    async upsertPending(options: { id: string; email: string; at: Date; pendingExpiresAt: Date; verification: AccountDocument['verification']; enrolment: AccountDocument['enrolment']; invitation: AccountDocument['invitation']; verifiedAt: Date | null }) {
      const fresh: AccountDocument = {
        _id: options.id,
        email: options.email,
        status: 'pending',
        createdAt: options.at,
        pendingExpiresAt: options.pendingExpiresAt,
        verification: options.verification,
        enrolment: options.enrolment,
        invitation: options.invitation,
        verifiedAt: options.verifiedAt,
        activatedAt: null,
        kdf: null,
        authVerifier: null,
        keys: null,
        recovery: null,
      };
      const existing = await accounts.findOne({ email: options.email });
      if (!existing) {
        await accounts.insertOne(fresh, { writeConcern: durable });
        return fresh;
      }
      if (existing.status !== 'pending') return null;
      const { _id: _keepId, ...rest } = fresh;
      await accounts.updateOne({ _id: existing._id, status: 'pending' }, { $set: { ...rest, createdAt: existing.createdAt } }, { writeConcern: durable });
      return { ...fresh, _id: existing._id };
    },
    /** Single use: the filter holds every condition, so two requests cannot both verify. */
    verifyAddress(options: { email: string; tokenHash: string; at: Date; enrolment: NonNullable<AccountDocument['enrolment']> }) {
      return accounts.findOneAndUpdate(
        { email: options.email, status: 'pending', 'verification.tokenHash': options.tokenHash, 'verification.expiresAt': { $gt: options.at } },
        { $set: { verification: null, verifiedAt: options.at, enrolment: options.enrolment } },
        { returnDocument: 'after', writeConcern: durable },
      );
    },
    async countWrongCode(email: string, maxAttempts: number) {
      const updated = await accounts.findOneAndUpdate({ email, status: 'pending', verification: { $ne: null } }, { $inc: { 'verification.attempts': 1 } }, { returnDocument: 'after' });
      if (updated?.verification && updated.verification.attempts >= maxAttempts) {
        await accounts.updateOne({ _id: updated._id, status: 'pending' }, { $set: { verification: null } });
      }
    },
    /** Removes registrations that were never completed; queries already ignore them once expired. */
    async sweepExpiredPending(at: Date): Promise<number> {
      const result = await accounts.deleteMany({ status: 'pending', pendingExpiresAt: { $lt: at } });
      return result.deletedCount;
    },
    /** Password change: verifier, parameters and the password-wrapped key in one update; the key itself stays. */
    replacePassword(options: { id: string; kdf: KdfParamsRecord; authVerifier: StoredVerifier; wrappedUserKeyByPassword: string }) {
      return accounts.findOneAndUpdate(
        { _id: options.id, status: 'active' },
        { $set: { kdf: options.kdf, authVerifier: options.authVerifier, 'keys.wrappedUserKeyByPassword': options.wrappedUserKeyByPassword } },
        { returnDocument: 'after', writeConcern: durable },
      );
    },
    /** Reset with the recovery code: new password wrap and a new recovery copy, atomically; the old code stops working. */
    resetCredentials(options: { id: string; expectedRecoveryHash: string; kdf: KdfParamsRecord; authVerifier: StoredVerifier; wrappedUserKeyByPassword: string; recovery: NonNullable<AccountDocument['recovery']> }) {
      return accounts.findOneAndUpdate(
        { _id: options.id, status: 'active', 'recovery.verifierHash': options.expectedRecoveryHash },
        { $set: { kdf: options.kdf, authVerifier: options.authVerifier, 'keys.wrappedUserKeyByPassword': options.wrappedUserKeyByPassword, recovery: options.recovery } },
        { returnDocument: 'after', writeConcern: durable },
      );
    },
    replaceRecovery(options: { id: string; recovery: NonNullable<AccountDocument['recovery']> }) {
      return accounts.findOneAndUpdate({ _id: options.id, status: 'active' }, { $set: { recovery: options.recovery } }, { returnDocument: 'after', writeConcern: durable });
    },
    /** Activation writes the keys, the verifier and the recovery copy in one document update. */
    activate(options: { id: string; enrolmentHash: string; at: Date; kdf: KdfParamsRecord; authVerifier: StoredVerifier; keys: AccountKeys; recovery: NonNullable<AccountDocument['recovery']> }) {
      return accounts.findOneAndUpdate(
        { _id: options.id, status: 'pending', 'enrolment.tokenHash': options.enrolmentHash, 'enrolment.expiresAt': { $gt: options.at } },
        {
          $set: { status: 'active', activatedAt: options.at, pendingExpiresAt: null, enrolment: null, kdf: options.kdf, authVerifier: options.authVerifier, keys: options.keys, recovery: options.recovery },
        },
        { returnDocument: 'after', writeConcern: durable },
      );
    },
  };
}

export type AccountsRepository = ReturnType<typeof accountsRepository>;
