// Assembles the delegations feature for features.ts: routes, indexes, sweep tasks, the check that
// api/messages calls on every on-behalf request, and the read-delegate lookup for api/directory.
// The life-cycle hooks are made separately (createDelegationHooks), because api/professional needs
// them before the court connection this feature depends on exists.
import type { RouteDefinition } from '../http/routes';
import type { SweepTask } from '../sweeper';
import { createDelegations, type DelegationsDeps, type Delegations } from './delegations';
import { delegationRoutes } from './routes';

export { createDelegationHooks } from './delegations';
export { delegationsRepository } from './repository';

export interface DelegationsFeature {
  routes: RouteDefinition[];
  ensureIndexes(): Promise<void>;
  sweepTasks: SweepTask[];
  /** api/messages' DelegationCheck (maySendOnBehalf), plus mayRead and sentOnBehalf for the read-access change. */
  check: Delegations['check'];
  /** api/directory's optional delegations lookup. */
  directory: Delegations['directory'];
  delegations: Delegations;
}

export function delegationsFeature(deps: DelegationsDeps): DelegationsFeature {
  const delegations = createDelegations(deps);
  return {
    routes: delegationRoutes(delegations),
    ensureIndexes: () => deps.repository.ensureIndexes(),
    sweepTasks: [
      { name: 'delegation-expiry', sweep: (at) => delegations.expireDue(at) },
      { name: 'delegation-digest', sweep: (at) => delegations.sendDigests(at) },
    ],
    check: delegations.check,
    directory: delegations.directory,
    delegations,
  };
}
