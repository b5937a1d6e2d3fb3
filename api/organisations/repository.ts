// The only code that touches organisations, their units and memberships. Unit keys are made and
// wrapped in clerks' clients: this stores public keys and wrapped copies, never a private key.
import crypto from 'node:crypto';
import type { Collection, Db, WriteConcernSettings } from 'mongodb';

export const ORGANISATIONS_COLLECTION = 'organisations';
export const UNITS_COLLECTION = 'org_units';
export const MEMBERS_COLLECTION = 'org_members';

export interface OrganisationDocument {
  _id: string;
  name: string;
  /** Mail domains of the organisation; subdomains count too. */
  domains: string[];
  /** How committed messages reach it: 'platform' (its clerks read them here); later an external NTA 7516 provider. */
  delivery: 'platform';
  createdAt: Date;
}

export interface UnitKey {
  version: number;
  publicKey: string;
  fingerprint: string;
  createdAt: Date;
  createdBy: string;
}

export interface UnitDocument {
  _id: string;
  orgId: string;
  name: string;
  /** Exact addresses or "*@domain" patterns this unit receives; the organisation's default unit has isDefault. */
  addresses: string[];
  isDefault: boolean;
  key: UnitKey | null;
  previousKeys: UnitKey[];
  /** Set when a member left: the next key must be made by a remaining clerk before it is cleared. */
  rotationRequired: boolean;
  createdAt: Date;
}

export interface WrappedUnitKey {
  version: number;
  wrapped: string;
  wrappedBy: string;
  at: Date;
}

export interface MemberDocument {
  _id: string;
  unitId: string;
  accountId: string;
  role: 'clerk-admin' | 'clerk';
  status: 'pending' | 'active' | 'removed';
  wrappedKeys: WrappedUnitKey[];
  createdAt: Date;
  removedAt: Date | null;
}

export function organisationsRepository(db: Db, durable: Readonly<WriteConcernSettings>) {
  const orgs: Collection<OrganisationDocument> = db.collection<OrganisationDocument>(ORGANISATIONS_COLLECTION);
  const units: Collection<UnitDocument> = db.collection<UnitDocument>(UNITS_COLLECTION);
  const members: Collection<MemberDocument> = db.collection<MemberDocument>(MEMBERS_COLLECTION);
  const newId = () => crypto.randomBytes(12).toString('base64url');

  return {
    async ensureIndexes() {
      await units.createIndex({ orgId: 1 }, { name: 'org' });
      await members.createIndex({ unitId: 1, accountId: 1 }, { unique: true, name: 'unit_account_unique' });
      await members.createIndex({ accountId: 1, status: 1 }, { name: 'account_status' });
    },
    async upsertOrganisation(input: { id: string; name: string; domains: string[] }) {
      await orgs.updateOne(
        { _id: input.id },
        { $set: { name: input.name, domains: input.domains.map((d) => d.toLowerCase()), delivery: 'platform' }, $setOnInsert: { createdAt: new Date() } },
        { upsert: true, writeConcern: durable },
      );
    },
    listOrganisations() {
      return orgs.find().toArray();
    },
    async addUnit(input: { orgId: string; name: string; addresses: string[]; isDefault: boolean }): Promise<UnitDocument> {
      const unit: UnitDocument = { _id: newId(), orgId: input.orgId, name: input.name, addresses: input.addresses.map((a) => a.toLowerCase()), isDefault: input.isDefault, key: null, previousKeys: [], rotationRequired: false, createdAt: new Date() };
      await units.insertOne(unit, { writeConcern: durable });
      return unit;
    },
    findUnit(unitId: string) {
      return units.findOne({ _id: unitId });
    },
    unitsOf(orgId: string) {
      return units.find({ orgId }).toArray();
    },
    allUnits() {
      return units.find().toArray();
    },
    /** First key, or a rotation: only the holder of the expected current version wins. */
    setUnitKey(input: { unitId: string; expectedVersion: number; key: UnitKey }) {
      const filter = input.expectedVersion === 0 ? { _id: input.unitId, key: null } : { _id: input.unitId, 'key.version': input.expectedVersion };
      return units.findOneAndUpdate(
        filter,
        [{ $set: { previousKeys: { $cond: [{ $eq: ['$key', null] }, '$previousKeys', { $concatArrays: ['$previousKeys', ['$key']] }] }, key: { $literal: input.key }, rotationRequired: false } }],
        { returnDocument: 'after', writeConcern: durable },
      );
    },
    async requireRotation(unitId: string) {
      await units.updateOne({ _id: unitId }, { $set: { rotationRequired: true } }, { writeConcern: durable });
    },
    async addMember(input: { unitId: string; accountId: string; role: MemberDocument['role'] }): Promise<MemberDocument> {
      const existing = await members.findOne({ unitId: input.unitId, accountId: input.accountId });
      if (existing && existing.status !== 'removed') return existing;
      const member: MemberDocument = { _id: existing?._id ?? newId(), unitId: input.unitId, accountId: input.accountId, role: input.role, status: 'pending', wrappedKeys: [], createdAt: new Date(), removedAt: null };
      await members.replaceOne({ unitId: input.unitId, accountId: input.accountId }, member, { upsert: true, writeConcern: durable });
      return member;
    },
    findMember(unitId: string, accountId: string) {
      return members.findOne({ unitId, accountId });
    },
    findMemberById(memberId: string) {
      return members.findOne({ _id: memberId });
    },
    membersOf(unitId: string, status?: MemberDocument['status']) {
      return members.find({ unitId, ...(status ? { status } : {}) }).toArray();
    },
    membershipsOf(accountId: string) {
      return members.find({ accountId, status: 'active' }).toArray();
    },
    /** Adds a wrapped copy of one key version; a pending member becomes active with it. */
    addWrappedKey(input: { memberId: string; wrapped: WrappedUnitKey; activate: boolean }) {
      return members.findOneAndUpdate(
        { _id: input.memberId, status: { $ne: 'removed' }, 'wrappedKeys.version': { $ne: input.wrapped.version } },
        { $push: { wrappedKeys: input.wrapped }, ...(input.activate ? { $set: { status: 'active' as const } } : {}) },
        { returnDocument: 'after', writeConcern: durable },
      );
    },
    removeMember(unitId: string, accountId: string) {
      return members.findOneAndUpdate({ unitId, accountId, status: { $ne: 'removed' } }, { $set: { status: 'removed', removedAt: new Date() } }, { returnDocument: 'after', writeConcern: durable });
    },
  };
}

export type OrganisationsRepository = ReturnType<typeof organisationsRepository>;
