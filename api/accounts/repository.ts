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
  // Set by api/professional and api/lifecycle; absent on documents written before them (read as null).
  /** The linked BAR/KBvG number: at most one per account, and one account per number (unique index). */
  professional?: ProfessionalLinkRecord | null;
  /** A move to the register's new address, waiting for the code sent there. */
  addressMove?: AddressMoveRecord | null;
  /** Starting over with new keys after losing password and recovery code, waiting out its cooling-off. */
  reEnrolment?: ReEnrolmentRecord | null;
  /** Public halves of keys the account no longer uses, so signatures made with them still verify. */
  retiredKeys?: RetiredKey[];
  keysReplacedAt?: Date | null;
  /** A closed account never logs in again; its address is freed (see closedAddress) and its number released. */
  closedAt?: Date | null;
  keysDestroyedAt?: Date | null;
}

export type ProfessionalKindRecord = 'lawyer' | 'bailiff';
export type LinkSuspension = 'email-changed' | 'entry-removed';

export interface ProfessionalLinkRecord {
  number: string;
  kind: ProfessionalKindRecord;
  linkedAt: Date;
  /**
   * The state last reconciled with the register (for notices and the audit trail). Whether the
   * Rechtspraak connection is active is decided from the register on every read, never from this.
   */
  state: 'linked' | 'suspended';
  stateChangedAt: Date;
  suspendedReason: LinkSuspension | null;
}

export interface AddressMoveRecord {
  email: string;
  codeHash: string;
  requestedAt: Date;
  expiresAt: Date;
  attempts: number;
}

export interface ReEnrolmentRecord {
  tokenHash: string;
  cancelHash: string;
  requestedAt: Date;
  /** The cooling-off: completing before this is refused. */
  notBefore: Date;
  expiresAt: Date;
}

export interface RetiredKey {
  publicKey: string;
  fingerprint: string;
  retiredAt: Date;
  reason: 're-enrolment' | 'closed';
}

/** The address a closed account keeps: unique (the e-mail index needs one), never deliverable (.invalid, RFC 2606). */
export function closedAddress(accountId: string): string {
  // Ids are unique and case-sensitive, so the placeholder keeps the id as it is. Lookups lower-case
  // what users type, so no typed address ever finds it.
  return `closed.${accountId}@closed.invalid`;
}

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
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
    /** Several accounts in one round trip (lists name senders and principals). */
    findByIds(ids: readonly string[]) {
      return accounts.find({ _id: { $in: [...new Set(ids)] } }).toArray();
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

    // ---- Professional link and account life cycle (api/professional, api/lifecycle) ----

    async ensureLifecycleIndexes() {
      const isString = (field: string) => ({ partialFilterExpression: { [field]: { $type: 'string' } } });
      await accounts.createIndex({ 'professional.number': 1 }, { unique: true, name: 'professional_number_unique', ...isString('professional.number') });
      await accounts.createIndex({ 'reEnrolment.tokenHash': 1 }, { unique: true, name: 're_enrolment_token_unique', ...isString('reEnrolment.tokenHash') });
      await accounts.createIndex({ 'reEnrolment.cancelHash': 1 }, { unique: true, name: 're_enrolment_cancel_unique', ...isString('reEnrolment.cancelHash') });
    },
    findByProfessionalNumber(number: string) {
      return accounts.findOne({ 'professional.number': number });
    },
    /** Active accounts with a link, for reconciling with the register (small projection). */
    listLinked(): Promise<Pick<AccountDocument, '_id' | 'email' | 'professional'>[]> {
      return accounts.find({ status: 'active', 'professional.number': { $type: 'string' } }, { projection: { _id: 1, email: 1, professional: 1 } }).toArray();
    },
    /**
     * One number per account (the filter: no link yet) and one account per number (the unique index):
     * of two concurrent links at most one is written.
     */
    async linkProfessional(options: { id: string; number: string; kind: ProfessionalKindRecord; at: Date }): Promise<{ outcome: 'linked'; account: AccountDocument } | { outcome: 'number-taken' } | { outcome: 'account-has-link' }> {
      const link: ProfessionalLinkRecord = { number: options.number, kind: options.kind, linkedAt: options.at, state: 'linked', stateChangedAt: options.at, suspendedReason: null };
      try {
        const account = await accounts.findOneAndUpdate({ _id: options.id, status: 'active', professional: null }, { $set: { professional: link } }, { returnDocument: 'after', writeConcern: durable });
        return account ? { outcome: 'linked', account } : { outcome: 'account-has-link' };
      } catch (err) {
        if (isDuplicateKey(err)) return { outcome: 'number-taken' };
        throw err;
      }
    },
    /** Releases the link only while it is still this number; returns the account as it was, or null. */
    unlinkProfessional(options: { id: string; number: string }) {
      return accounts.findOneAndUpdate({ _id: options.id, 'professional.number': options.number }, { $set: { professional: null } }, { returnDocument: 'before', writeConcern: durable });
    },
    /** A state change seen by one reconciler only: the expected state is part of the filter. */
    markProfessionalState(options: { id: string; number: string; from: ProfessionalLinkRecord['state']; to: ProfessionalLinkRecord['state']; reason: LinkSuspension | null; at: Date }) {
      return accounts.findOneAndUpdate(
        { _id: options.id, status: 'active', 'professional.number': options.number, 'professional.state': options.from },
        { $set: { 'professional.state': options.to, 'professional.suspendedReason': options.reason, 'professional.stateChangedAt': options.at } },
        { returnDocument: 'after', writeConcern: durable },
      );
    },

    startAddressMove(options: { id: string; move: AddressMoveRecord }) {
      return accounts.findOneAndUpdate({ _id: options.id, status: 'active' }, { $set: { addressMove: options.move } }, { returnDocument: 'after', writeConcern: durable });
    },
    async countWrongAddressMoveCode(id: string, maxAttempts: number): Promise<void> {
      const updated = await accounts.findOneAndUpdate({ _id: id, status: 'active', addressMove: { $ne: null } }, { $inc: { 'addressMove.attempts': 1 } }, { returnDocument: 'after' });
      if (updated?.addressMove && updated.addressMove.attempts >= maxAttempts) {
        await accounts.updateOne({ _id: id, 'addressMove.codeHash': updated.addressMove.codeHash }, { $set: { addressMove: null } });
      }
    },
    /**
     * The move: code, expiry and target address in one filter, so it happens once; the unique e-mail
     * index refuses an address that got an account meanwhile. With `restoreLink`, the link to that
     * number is marked consistent again in the same update.
     */
    async completeAddressMove(options: { id: string; email: string; codeHash: string; at: Date; restoreLink: string | null }): Promise<{ outcome: 'moved'; before: AccountDocument } | { outcome: 'invalid' } | { outcome: 'address-taken' }> {
      const restore = options.restoreLink === null ? {} : { 'professional.state': 'linked' as const, 'professional.suspendedReason': null, 'professional.stateChangedAt': options.at };
      try {
        const before = await accounts.findOneAndUpdate(
          {
            _id: options.id,
            status: 'active',
            'addressMove.email': options.email,
            'addressMove.codeHash': options.codeHash,
            'addressMove.expiresAt': { $gt: options.at },
            ...(options.restoreLink === null ? {} : { 'professional.number': options.restoreLink }),
          },
          { $set: { email: options.email, verifiedAt: options.at, addressMove: null, ...restore } },
          { returnDocument: 'before', writeConcern: durable },
        );
        return before ? { outcome: 'moved', before } : { outcome: 'invalid' };
      } catch (err) {
        if (isDuplicateKey(err)) return { outcome: 'address-taken' };
        throw err;
      }
    },
    /** A registration that was never completed holds an address; it gives way to a verified move. */
    async deletePendingByEmail(email: string): Promise<boolean> {
      return (await accounts.deleteOne({ email, status: 'pending' }, { writeConcern: durable })).deletedCount === 1;
    },

    startReEnrolment(options: { id: string; reEnrolment: ReEnrolmentRecord }) {
      return accounts.findOneAndUpdate({ _id: options.id, status: 'active' }, { $set: { reEnrolment: options.reEnrolment } }, { returnDocument: 'after', writeConcern: durable });
    },
    findByReEnrolmentToken(tokenHash: string, at: Date) {
      return accounts.findOne({ status: 'active', 'reEnrolment.tokenHash': tokenHash, 'reEnrolment.expiresAt': { $gt: at } });
    },
    /** By the cancel token from the mail, or by the account itself (a logged-in session). */
    cancelReEnrolment(options: { cancelHash: string; at: Date } | { id: string; at: Date }) {
      const which = 'cancelHash' in options ? { 'reEnrolment.cancelHash': options.cancelHash } : { _id: options.id };
      return accounts.findOneAndUpdate(
        { status: 'active', ...which, 'reEnrolment.expiresAt': { $gt: options.at } },
        { $set: { reEnrolment: null } },
        { returnDocument: 'before', writeConcern: durable },
      );
    },
    /**
     * Re-keying in one update: keys, verifier, parameters and recovery copy replaced, the old public
     * key retired. Single use: token, cooling-off and expiry are the filter, and the keys must still be
     * the ones the caller read.
     */
    completeReEnrolment(options: { tokenHash: string; at: Date; previousFingerprint: string | null; retired: RetiredKey | null; kdf: KdfParamsRecord; authVerifier: StoredVerifier; keys: AccountKeys; recovery: NonNullable<AccountDocument['recovery']> }) {
      return accounts.findOneAndUpdate(
        {
          status: 'active',
          'reEnrolment.tokenHash': options.tokenHash,
          'reEnrolment.notBefore': { $lte: options.at },
          'reEnrolment.expiresAt': { $gt: options.at },
          'keys.fingerprint': options.previousFingerprint,
        },
        {
          $set: { kdf: options.kdf, authVerifier: options.authVerifier, keys: options.keys, recovery: options.recovery, reEnrolment: null, addressMove: null, keysReplacedAt: options.at },
          ...(options.retired ? { $push: { retiredKeys: options.retired } } : {}),
        },
        { returnDocument: 'after', writeConcern: durable },
      );
    },

    /**
     * Closes an active account: it can no longer log in (no verifier, status closed), its address is
     * freed for a new account and its number released, in one update. With `destroyKeys` the wrapped
     * keys and the recovery copy go too (the public key is kept among retiredKeys for old signatures).
     * Returns the account as it was.
     */
    async close(options: { id: string; at: Date; destroyKeys: boolean }) {
      const current = await accounts.findOne({ _id: options.id, status: 'active' });
      if (!current) return null;
      const retired: RetiredKey | null = options.destroyKeys && current.keys ? { publicKey: current.keys.publicKey, fingerprint: current.keys.fingerprint, retiredAt: options.at, reason: 'closed' } : null;
      return accounts.findOneAndUpdate(
        { _id: options.id, status: 'active', 'keys.fingerprint': current.keys?.fingerprint ?? null },
        {
          $set: {
            status: 'closed',
            closedAt: options.at,
            email: closedAddress(options.id),
            professional: null,
            addressMove: null,
            reEnrolment: null,
            authVerifier: null,
            ...(options.destroyKeys ? { keys: null, recovery: null, kdf: null, keysDestroyedAt: options.at } : {}),
          },
          ...(retired ? { $push: { retiredKeys: retired } } : {}),
        },
        { returnDocument: 'before', writeConcern: durable },
      );
    },

    /** Clears moves and re-enrolments past their expiry (queries already ignore them). */
    async sweepExpiredLifecycle(at: Date): Promise<number> {
      const moves = await accounts.updateMany({ 'addressMove.expiresAt': { $lt: at } }, { $set: { addressMove: null } });
      const reEnrolments = await accounts.updateMany({ 'reEnrolment.expiresAt': { $lt: at } }, { $set: { reEnrolment: null } });
      return moves.modifiedCount + reEnrolments.modifiedCount;
    },
  };
}

export type AccountsRepository = ReturnType<typeof accountsRepository>;
