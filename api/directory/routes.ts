// Key directory: for each recipient address, the key to encrypt to — the court unit's key, the
// account's key, or none (outsiders; they get an access code later). Clients pin court keys and
// remember other fingerprints on first use, warning when one changes.
//
// With a delegations lookup, an account entry also lists the account's read-scope delegates with the
// principal's signed grants: the sending client encrypts to a delegate only after verifying that
// signature against the principal's key (shared/delegations/directory-trust.ts).
import { defineRoute, type RouteDefinition } from '../http/routes';
import type { AccountsRepository } from '../accounts/repository';
import type { Organisations } from '../organisations/organisations';
import type { DirectoryDelegate } from '../../shared/delegations/directory-trust';

export type { DirectoryDelegate };

/** Optional: api/delegations' read-delegate lookup. Without it, entries have no `delegates`. */
export interface DirectoryDelegations {
  readDelegatesOf(accountId: string): Promise<DirectoryDelegate[]>;
}

export interface DirectoryEntry {
  address: string;
  kind: 'unit' | 'account' | 'none';
  unitId?: string;
  unitName?: string;
  keyVersion?: number;
  publicKey?: string;
  fingerprint?: string;
  /** Account entries only, and only when the directory has a delegations lookup. */
  delegates?: DirectoryDelegate[];
}

export function createDirectory(deps: { organisations: Organisations; accounts: AccountsRepository; delegations?: DirectoryDelegations }) {
  return {
    async lookup(addresses: string[]): Promise<DirectoryEntry[]> {
      const out: DirectoryEntry[] = [];
      for (const raw of addresses) {
        const address = raw.trim().toLowerCase();
        const unit = await deps.organisations.unitForAddress(address);
        if (unit) {
          // A unit without a key yet is still a unit: clients must not offer it a guest's access code.
          out.push(unit.key ? { address, kind: 'unit', unitId: unit._id, unitName: unit.name, keyVersion: unit.key.version, publicKey: unit.key.publicKey, fingerprint: unit.key.fingerprint } : { address, kind: 'unit', unitId: unit._id, unitName: unit.name });
          continue;
        }
        const account = await deps.accounts.findByEmail(address);
        if (account?.status !== 'active' || !account.keys) {
          out.push({ address, kind: 'none' });
          continue;
        }
        const entry: DirectoryEntry = { address, kind: 'account', publicKey: account.keys.publicKey, fingerprint: account.keys.fingerprint };
        if (deps.delegations) entry.delegates = await deps.delegations.readDelegatesOf(account._id);
        out.push(entry);
      }
      return out;
    },
  };
}

export function directoryRoutes(directory: ReturnType<typeof createDirectory>): RouteDefinition[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/directory/lookup',
      auth: 'full',
      summary: 'Encryption keys for recipient addresses',
      tags: ['directory'],
      body: {
        type: 'object',
        required: ['addresses'],
        properties: { addresses: { type: 'array', minItems: 1, maxItems: 50, items: { type: 'string', format: 'email', maxLength: 254 } } },
        additionalProperties: false,
      },
      responses: { 200: { description: 'One entry per address' } },
      handler: async (req, res) => {
        res.json({ entries: await directory.lookup((req.body as { addresses: string[] }).addresses) });
      },
    }),
  ];
}
