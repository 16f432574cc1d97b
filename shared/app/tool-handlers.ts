import type { Policies } from '../connections/model.js';
import type { RequestOf, ResponseOf } from '../contract.js';
import type { Core } from '../core.js';
import type { AppDeps } from './deps.js';
import { gatewayToolRows } from './gateway-matrix.js';
import { optionalModule } from './optional-module.js';
import { toSummary } from './views.js';

type PolicyModule = { setPolicy(core: Core, ref: string, patch: Partial<Policies>): Promise<unknown> };

/** Tools and scopes screen: the matrix and the policy switches (the gateway hot-reloads them from the store). */
export function toolHandlers(deps: AppDeps) {
  const { core } = deps;
  return {
    async toolMatrix(request: RequestOf<'toolMatrix'>): Promise<ResponseOf<'toolMatrix'>> {
      const connection = core.store.get(request.id);
      const { tools, note } = await gatewayToolRows(core, connection);
      return { connection: toSummary(connection), tools, ...(note ? { note } : {}) };
    },

    async setPolicy(request: RequestOf<'setPolicy'>): Promise<ResponseOf<'setPolicy'>> {
      const connection = core.store.get(request.id);
      const policy = await optionalModule<PolicyModule>('../gateway/tool-matrix.js');
      if (policy?.setPolicy) {
        await policy.setPolicy(core, connection.id, request.patch);
      } else {
        await core.store.update(connection.id, (current) => ({ policies: { ...current.policies, ...request.patch } }));
      }
      return { policies: core.store.get(connection.id).policies };
    },
  };
}
