import type { RequestOf, ResponseOf } from '../contract.js';
import { setPolicy } from '../catalog/policy.js';
import type { AppDeps } from './deps.js';
import { gatewayToolRows } from './gateway-matrix.js';
import { toSummary } from './views.js';

/** Tools and scopes screen: the matrix and the policy switches (running gateways hot-reload them from the store). */
export function toolHandlers(deps: AppDeps) {
  const { core } = deps;
  return {
    async toolMatrix(request: RequestOf<'toolMatrix'>): Promise<ResponseOf<'toolMatrix'>> {
      const connection = core.store.get(request.id);
      const { tools, note } = await gatewayToolRows(core, connection);
      return { connection: toSummary(core.store.get(connection.id)), tools, ...(note ? { note } : {}) };
    },

    async setPolicy(request: RequestOf<'setPolicy'>): Promise<ResponseOf<'setPolicy'>> {
      const current = core.store.get(request.id);
      const { disabledTools, ...switches } = request.patch;
      const wanted = disabledTools ? new Set(disabledTools) : undefined;
      const disable = wanted ? [...wanted].filter((t) => !current.policies.disabledTools.includes(t)) : [];
      const enable = wanted ? current.policies.disabledTools.filter((t) => !wanted.has(t)) : [];
      const updated = await setPolicy(
        core,
        current.id,
        { ...switches, ...(disable.length ? { disable } : {}), ...(enable.length ? { enable } : {}) },
        { by: 'app' },
      );
      return { policies: updated.policies };
    },
  };
}
