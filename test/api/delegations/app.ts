// The whole API on the real engine, as api/features.ts wires it, with the delegations and firms
// features at hand for the tests that need to reach into them.
import { startTestApi, type TestApi } from '../../helpers/api';
import type { Messages } from '../../../api/messages/messages';
import type { FirmsFeature } from '../../../api/firms/feature';
import type { DelegationsFeature } from '../../../api/delegations/feature';

export interface DelegationsTestApi extends TestApi {
  delegations: DelegationsFeature;
  firms: FirmsFeature;
  messages: Messages;
  /** Every sweep task of the two features, run once at `at`. */
  sweep(at: Date): Promise<void>;
}

export async function startDelegationsApi(options: { now: () => Date }): Promise<DelegationsTestApi> {
  const api = await startTestApi({ now: options.now });
  const { delegations, firms, messages } = api.features;
  return {
    ...api,
    delegations,
    firms,
    messages,
    async sweep(at) {
      for (const task of [...delegations.sweepTasks, ...firms.sweepTasks]) await task.sweep(at);
    },
  };
}
