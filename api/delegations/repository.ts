// The only code that touches the delegations collections: grants (with the principal's signature),
// the principals' delegation settings, and on-behalf activity waiting for a (digest) notice.
import type { Collection, Db, Filter, WriteConcernSettings } from 'mongodb';
import type { DelegationGrant } from '../../shared/crypto/grants';
import type { DelegationScope } from '../../shared/delegations/scopes';
import type { DelegationState } from '../../shared/delegations/state';

export const DELEGATIONS_COLLECTION = 'delegations';
export const DELEGATION_SETTINGS_COLLECTION = 'delegation_settings';
export const DELEGATION_ACTIVITY_COLLECTION = 'delegation_activity';

export type EndReason = 'principal' | 'delegate' | 're-enrolment' | 'account-closed' | 'expired';

export interface DelegationDocument {
  _id: string;
  principalAccountId: string;
  delegateAccountId: string;
  scopes: DelegationScope[];
  /** From the signed grant; enforced in every query (the sweeper only records the transition). */
  expiresAt: Date | null;
  /** Server time the grant was stored. */
  createdAt: Date;
  /** Exactly what the principal's client signed. */
  grant: DelegationGrant;
  /** Armored detached OpenPGP signature by the principal's account key over `grant`. */
  signature: string;
  state: DelegationState;
  /** `principal:delegate` while created or active, null afterwards: a unique index keeps one live grant per pair. */
  liveKey: string | null;
  activatedAt: Date | null;
  endedAt: Date | null;
  /** Who ended it (an account id), or null for the system (expiry). */
  endedBy: string | null;
  endReason: EndReason | null;
}

export interface DelegationSettingsDocument {
  /** The principal's account id. */
  _id: string;
  /** "Recipients see only my name": a display preference for the pane and notices, never the signature or receipt. */
  showOnlyPrincipalName: boolean;
  /** How the principal hears of messages sent on their behalf: one mail each, or one digest a day. */
  onBehalfNotice: 'each' | 'daily';
  updatedAt: Date;
}

export const DEFAULT_SETTINGS: Omit<DelegationSettingsDocument, '_id' | 'updatedAt'> = { showOnlyPrincipalName: false, onBehalfNotice: 'each' };

export interface ActivityDocument {
  _id: string;
  principalAccountId: string;
  actorAccountId: string;
  messageId: string;
  toCourt: boolean;
  recipients: number;
  at: Date;
  /** pending → (claimed by one sweeper) → sent. */
  notice: 'pending' | 'claimed' | 'sent';
  claim: string | null;
  claimedAt: Date | null;
  noticedAt: Date | null;
}

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

export const liveKeyOf = (principalAccountId: string, delegateAccountId: string) => `${principalAccountId}:${delegateAccountId}`;

/** A live (not ended) grant that has not passed its expiry at `at`. */
function unexpired(at: Date): Filter<DelegationDocument> {
  return { $or: [{ expiresAt: null }, { expiresAt: { $gt: at } }] };
}

export function delegationsRepository(db: Db, durable: Readonly<WriteConcernSettings>) {
  const grants: Collection<DelegationDocument> = db.collection<DelegationDocument>(DELEGATIONS_COLLECTION);
  const settings: Collection<DelegationSettingsDocument> = db.collection<DelegationSettingsDocument>(DELEGATION_SETTINGS_COLLECTION);
  const activity: Collection<ActivityDocument> = db.collection<ActivityDocument>(DELEGATION_ACTIVITY_COLLECTION);

  return {
    async ensureIndexes() {
      await grants.createIndex({ liveKey: 1 }, { unique: true, name: 'live_pair_unique', partialFilterExpression: { liveKey: { $type: 'string' } } });
      await grants.createIndex({ delegateAccountId: 1, state: 1 }, { name: 'delegate_state' });
      await grants.createIndex({ principalAccountId: 1, state: 1 }, { name: 'principal_state' });
      await grants.createIndex({ state: 1, expiresAt: 1 }, { name: 'state_expiry' });
      await activity.createIndex({ notice: 1, principalAccountId: 1, at: 1 }, { name: 'notice_principal_at' });
      await activity.createIndex({ claim: 1 }, { name: 'claim', partialFilterExpression: { claim: { $type: 'string' } } });
    },

    /** Inserts a new live grant; 'exists' when the pair already has one (the unique index decides). */
    async insert(doc: DelegationDocument): Promise<'inserted' | 'exists'> {
      try {
        await grants.insertOne(doc, { writeConcern: durable });
        return 'inserted';
      } catch (err) {
        if (isDuplicateKey(err)) return 'exists';
        throw err;
      }
    },
    find(id: string) {
      return grants.findOne({ _id: id });
    },
    findLive(principalAccountId: string, delegateAccountId: string) {
      return grants.findOne({ liveKey: liveKeyOf(principalAccountId, delegateAccountId) });
    },
    /** The grant in force from principal to delegate for a scope at `at`, or null. */
    findInForce(input: { principalAccountId: string; delegateAccountId: string; scope: DelegationScope; at: Date }) {
      return grants.findOne({ liveKey: liveKeyOf(input.principalAccountId, input.delegateAccountId), state: 'active', scopes: input.scope, ...unexpired(input.at) });
    },
    /** The read-scope grants in force from any of these principals to the delegate (one query). */
    readInForceFrom(input: { delegateAccountId: string; principalAccountIds: readonly string[]; at: Date }) {
      return grants.find({ delegateAccountId: input.delegateAccountId, principalAccountId: { $in: [...input.principalAccountIds] }, state: 'active', scopes: 'read', ...unexpired(input.at) }).limit(50).toArray();
    },
    /** Grants in force held by a delegate (for a scope), newest first. */
    heldInForce(input: { delegateAccountId: string; scope: DelegationScope; at: Date }) {
      return grants.find({ delegateAccountId: input.delegateAccountId, state: 'active', scopes: input.scope, ...unexpired(input.at) }).sort({ createdAt: -1 }).limit(500).toArray();
    },
    /** Grants in force given by a principal (for a scope). */
    givenInForce(input: { principalAccountId: string; scope: DelegationScope; at: Date }) {
      return grants.find({ principalAccountId: input.principalAccountId, state: 'active', scopes: input.scope, ...unexpired(input.at) }).sort({ createdAt: 1 }).limit(500).toArray();
    },
    /** Everything an account gave or holds, live first then the most recent history, for its own overview. */
    listFor(accountId: string, limit: number) {
      return grants.find({ $or: [{ principalAccountId: accountId }, { delegateAccountId: accountId }] }).sort({ createdAt: -1 }).limit(limit).toArray();
    },
    /** Live grants an account gave or holds (for the life-cycle hooks). */
    liveOf(accountId: string) {
      return grants.find({ $or: [{ principalAccountId: accountId }, { delegateAccountId: accountId }], liveKey: { $type: 'string' } }).toArray();
    },
    /** Live grants whose expiry has passed: the sweeper records their transition. */
    dueForExpiry(at: Date, limit: number) {
      return grants.find({ liveKey: { $type: 'string' }, expiresAt: { $lte: at } }).limit(limit).toArray();
    },
    /**
     * One transition, once: the filter holds the state it starts from (and, for accept, that the grant
     * has not expired), so of two concurrent changes at most one lands.
     */
    transition(input: { id: string; from: DelegationState; to: DelegationState; at: Date; by: string | null; reason: EndReason | null; requireUnexpired?: boolean }) {
      const live = input.to === 'created' || input.to === 'active';
      const set: Partial<DelegationDocument> = live
        ? { state: input.to, ...(input.to === 'active' ? { activatedAt: input.at } : {}) }
        : { state: input.to, liveKey: null, endedAt: input.at, endedBy: input.by, endReason: input.reason };
      return grants.findOneAndUpdate({ _id: input.id, state: input.from, ...(input.requireUnexpired ? unexpired(input.at) : {}) }, { $set: set }, { returnDocument: 'after', writeConcern: durable });
    },

    async settingsOf(principalAccountId: string): Promise<DelegationSettingsDocument> {
      const doc = await settings.findOne({ _id: principalAccountId });
      return doc ?? { _id: principalAccountId, ...DEFAULT_SETTINGS, updatedAt: new Date(0) };
    },
    settingsOfMany(principalAccountIds: readonly string[]) {
      return settings.find({ _id: { $in: [...principalAccountIds] } }).toArray();
    },
    /** Only the allow-listed fields, for the caller's own account. */
    async updateSettings(input: { principalAccountId: string; showOnlyPrincipalName?: boolean; onBehalfNotice?: 'each' | 'daily'; at: Date }): Promise<DelegationSettingsDocument> {
      const set: Partial<DelegationSettingsDocument> = { updatedAt: input.at };
      if (input.showOnlyPrincipalName !== undefined) set.showOnlyPrincipalName = input.showOnlyPrincipalName;
      if (input.onBehalfNotice !== undefined) set.onBehalfNotice = input.onBehalfNotice;
      const onInsert: Partial<DelegationSettingsDocument> = {};
      if (input.showOnlyPrincipalName === undefined) onInsert.showOnlyPrincipalName = DEFAULT_SETTINGS.showOnlyPrincipalName;
      if (input.onBehalfNotice === undefined) onInsert.onBehalfNotice = DEFAULT_SETTINGS.onBehalfNotice;
      const doc = await settings.findOneAndUpdate({ _id: input.principalAccountId }, { $set: set, $setOnInsert: onInsert }, { upsert: true, returnDocument: 'after', writeConcern: durable });
      return doc ?? { _id: input.principalAccountId, ...DEFAULT_SETTINGS, updatedAt: input.at };
    },
    async removeSettings(principalAccountId: string): Promise<void> {
      await settings.deleteOne({ _id: principalAccountId }, { writeConcern: durable });
    },

    /** Once per message (the message id is the key); false when it was already recorded. */
    async recordActivity(doc: ActivityDocument): Promise<boolean> {
      try {
        await activity.insertOne(doc, { writeConcern: durable });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    /** Principals with activity waiting for a digest since before `olderThan`. */
    async principalsWithDigestDue(olderThan: Date): Promise<string[]> {
      const ids = await activity.distinct('principalAccountId', { notice: 'pending', at: { $lte: olderThan } });
      return ids.map(String);
    },
    /** Claims a principal's pending activity for one sweeper (each document moves once), then returns it. */
    async claimPending(input: { principalAccountId: string; claim: string; at: Date }): Promise<ActivityDocument[]> {
      await activity.updateMany({ principalAccountId: input.principalAccountId, notice: 'pending' }, { $set: { notice: 'claimed', claim: input.claim, claimedAt: input.at } }, { writeConcern: durable });
      return activity.find({ claim: input.claim }).sort({ at: 1 }).toArray();
    },
    async markNoticed(input: { claim: string; at: Date }): Promise<number> {
      const result = await activity.updateMany({ claim: input.claim, notice: 'claimed' }, { $set: { notice: 'sent', noticedAt: input.at } }, { writeConcern: durable });
      return result.modifiedCount;
    },
    /** A claim whose mail failed goes back to pending, for the next run. */
    async releaseClaim(claim: string): Promise<void> {
      await activity.updateMany({ claim, notice: 'claimed' }, { $set: { notice: 'pending', claim: null, claimedAt: null } }, { writeConcern: durable });
    },
    /** Sent notices older than `before` are only history (the audit log keeps the events). */
    async sweepNoticed(before: Date): Promise<number> {
      const result = await activity.deleteMany({ notice: 'sent', noticedAt: { $lt: before } });
      return result.deletedCount;
    },
    /** Claims left behind by a crashed sweeper go back to pending after an hour. */
    async releaseStaleClaims(before: Date): Promise<number> {
      const result = await activity.updateMany({ notice: 'claimed', claimedAt: { $lt: before } }, { $set: { notice: 'pending', claim: null, claimedAt: null } }, { writeConcern: durable });
      return result.modifiedCount;
    },
  };
}

export type DelegationsRepository = ReturnType<typeof delegationsRepository>;
