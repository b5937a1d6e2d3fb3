// Organisations on the platform (the Rechtspraak and its units) and the client-driven key life cycle
// of their units: the first clerk-administrator's client makes the unit key; an existing clerk's
// client admits a newcomer by wrapping the key to them; a member leaving forces a rotation.
import { AppError } from '../../shared/errors';
import { domainOf } from '../../shared/court/recipients';
import type { AuditLog } from '../audit/audit-log';
import type { AccountsRepository } from '../accounts/repository';
import type { OrganisationsRepository, UnitDocument } from './repository';

export interface UnitKeyUpload {
  version: number;
  publicKey: string;
  fingerprint: string;
  /** The new key wrapped to each member who must read with it (memberId → wrapped key). */
  wraps: { memberId: string; wrapped: string }[];
}

function matchesAddress(unit: UnitDocument, address: string): boolean {
  const lower = address.trim().toLowerCase();
  return unit.addresses.some((pattern) => pattern === lower || (pattern.startsWith('*@') && domainOf(lower) === pattern.slice(2)));
}

export function createOrganisations(deps: { repository: OrganisationsRepository; accounts: AccountsRepository; audit: AuditLog; now: () => Date }) {
  const { repository, audit, now } = deps;

  async function activeMember(unitId: string, accountId: string) {
    const member = await repository.findMember(unitId, accountId);
    // Not a member and no such unit look the same from outside.
    if (!member || member.status !== 'active') throw new AppError('NOT_FOUND');
    return member;
  }

  return {
    /** The unit that receives mail for an address of an organisation's domain, or null. */
    async unitForAddress(address: string): Promise<UnitDocument | null> {
      const domain = domainOf(address);
      if (!domain) return null;
      const orgs = await repository.listOrganisations();
      const org = orgs.find((o) => o.domains.some((d) => domain === d || domain.endsWith(`.${d}`)));
      if (!org) return null;
      const units = await repository.unitsOf(org._id);
      return units.find((u) => matchesAddress(u, address)) ?? units.find((u) => u.isDefault) ?? null;
    },

    /**
     * The caller's units with each key version wrapped to her, and with each wrap the public key of
     * the clerk who wrapped it (the signer the client verifies the wrap against): only keys of clerks
     * who wrapped a key to this caller, so nobody can look up keys by account id.
     */
    async myMemberships(accountId: string) {
      const memberships = await repository.membershipsOf(accountId);
      const wrappers = new Map((await deps.accounts.findByIds([...new Set(memberships.flatMap((m) => m.wrappedKeys.map((w) => w.wrappedBy)))])).map((a) => [a._id, a] as const));
      const keyOf = (wrappedBy: string) => {
        const keys = wrappers.get(wrappedBy)?.keys;
        return keys ? { publicKey: keys.publicKey, fingerprint: keys.fingerprint } : null;
      };
      const out = [];
      for (const m of memberships) {
        const unit = await repository.findUnit(m.unitId);
        if (!unit) continue;
        out.push({
          memberId: m._id,
          unitId: unit._id,
          unitName: unit.name,
          orgId: unit.orgId,
          role: m.role,
          addresses: unit.addresses,
          key: unit.key ? { version: unit.key.version, fingerprint: unit.key.fingerprint, publicKey: unit.key.publicKey } : null,
          rotationRequired: unit.rotationRequired,
          wrappedKeys: m.wrappedKeys.map((w) => ({ version: w.version, wrapped: w.wrapped, wrappedBy: w.wrappedBy, wrappedByKey: keyOf(w.wrappedBy) })),
        });
      }
      // A clerk-administrator of a unit without a key yet sees it too, to make the first key.
      return out;
    },

    /** Pending members, with their account public keys, for an active clerk to wrap the unit key to. */
    async pendingMembers(input: { unitId: string; accountId: string }) {
      await activeMember(input.unitId, input.accountId);
      const pending = await repository.membersOf(input.unitId, 'pending');
      const out = [];
      for (const m of pending) {
        const account = await deps.accounts.findById(m.accountId);
        if (account?.status === 'active' && account.keys) out.push({ memberId: m._id, accountId: m.accountId, email: account.email, publicKey: account.keys.publicKey, fingerprint: account.keys.fingerprint });
      }
      return out;
    },

    /** First key (by a clerk-administrator) or a rotation (by any active clerk); wraps must cover every member who keeps access. */
    async setUnitKey(input: { unitId: string; accountId: string; upload: UnitKeyUpload; requestId: string }) {
      const unit = await repository.findUnit(input.unitId);
      const member = unit ? await repository.findMember(unit._id, input.accountId) : null;
      if (!unit || !member || member.status === 'removed') throw new AppError('NOT_FOUND');
      const first = unit.key === null;
      if (first ? member.role !== 'clerk-admin' : member.status !== 'active') throw new AppError('FORBIDDEN');
      const expectedVersion = unit.key?.version ?? 0;
      if (input.upload.version !== expectedVersion + 1) throw new AppError('CONFLICT', { message: 'The unit key changed meanwhile. Reload and try again.' });
      const keepers = first ? [member] : await repository.membersOf(unit._id, 'active');
      const wrapped = new Map(input.upload.wraps.map((w) => [w.memberId, w.wrapped]));
      const missing = keepers.filter((k) => !wrapped.has(k._id));
      if (missing.length > 0) throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/wraps', problem: `must include every active member (${missing.length} missing)` }] });
      const allowed = new Set(keepers.map((k) => k._id));
      if (input.upload.wraps.some((w) => !allowed.has(w.memberId))) throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/wraps', problem: 'names someone who is not an active member' }] });
      const at = now();
      const updated = await repository.setUnitKey({ unitId: unit._id, expectedVersion, key: { version: input.upload.version, publicKey: input.upload.publicKey, fingerprint: input.upload.fingerprint, createdAt: at, createdBy: input.accountId } });
      if (!updated) throw new AppError('CONFLICT', { message: 'The unit key changed meanwhile. Reload and try again.' });
      for (const keeper of keepers) {
        await repository.addWrappedKey({ memberId: keeper._id, wrapped: { version: input.upload.version, wrapped: wrapped.get(keeper._id) ?? '', wrappedBy: input.accountId, at }, activate: first });
      }
      await audit.append({ actor: input.accountId, action: first ? 'organisation.unit-key.create' : 'organisation.unit-key.rotate', outcome: 'success', target: unit._id, requestId: input.requestId, details: { version: input.upload.version, fingerprint: input.upload.fingerprint } });
      return { version: input.upload.version };
    },

    /** An active clerk's client admits a pending member by wrapping the current unit key to them. */
    async admit(input: { unitId: string; accountId: string; memberId: string; version: number; wrapped: string; requestId: string }) {
      await activeMember(input.unitId, input.accountId);
      const unit = await repository.findUnit(input.unitId);
      const newcomer = await repository.findMemberById(input.memberId);
      if (!unit?.key || !newcomer || newcomer.unitId !== unit._id || newcomer.status !== 'pending') throw new AppError('NOT_FOUND');
      if (input.version !== unit.key.version) throw new AppError('CONFLICT', { message: 'Wrap the current unit key.' });
      const admitted = await repository.addWrappedKey({ memberId: newcomer._id, wrapped: { version: input.version, wrapped: input.wrapped, wrappedBy: input.accountId, at: now() }, activate: true });
      if (!admitted) throw new AppError('CONFLICT');
      await audit.append({ actor: input.accountId, action: 'organisation.member.admit', outcome: 'success', target: newcomer.accountId, requestId: input.requestId, details: { unitId: unit._id, version: input.version } });
      return { memberId: newcomer._id, status: admitted.status };
    },
  };
}

export type Organisations = ReturnType<typeof createOrganisations>;
