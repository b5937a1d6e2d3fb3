// Assembles the firms feature for features.ts: routes, indexes, a sweep task, the shared-mailbox
// lookup api/delegations resolves principals with, and the part of the life cycle it adds.
import type { Db, WriteConcernSettings } from 'mongodb';
import type { RouteDefinition } from '../http/routes';
import type { SweepTask } from '../sweeper';
import { createFirms, type Firms, type FirmsDeps } from './firms';
import { firmsRepository } from './repository';
import { firmRoutes } from './routes';

export interface FirmsFeature {
  routes: RouteDefinition[];
  ensureIndexes(): Promise<void>;
  sweepTasks: SweepTask[];
  /** For api/delegations (SharedMailboxLookup). */
  mailboxes: Firms['mailboxes'];
  /** For createDelegationHooks: a closed account leaves its firms. */
  lifecycle: Firms['lifecycle'];
  firms: Firms;
}

export function firmsFeature(deps: Omit<FirmsDeps, 'repository'> & { db: Db; durable: Readonly<WriteConcernSettings> }): FirmsFeature {
  const repository = firmsRepository(deps.db, deps.durable);
  const firms = createFirms({ ...deps, repository });
  return {
    routes: firmRoutes(firms),
    ensureIndexes: () => repository.ensureIndexes(),
    sweepTasks: [{ name: 'firm-mailbox-registrations', sweep: (at) => firms.sweepStale(at) }],
    mailboxes: firms.mailboxes,
    lifecycle: firms.lifecycle,
    firms,
  };
}
