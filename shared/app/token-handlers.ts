import { introspectToken } from '../use-cases/introspect.js';
import { ConnectionSchema } from '../connections/model.js';
import { validateTokenShape } from '../use-cases/token-input.js';
import { buildConnectionFields } from '../use-cases/connection-fields.js';
import { normalizePastedToken } from '../pasted-input.js';
import { type RequestOf, type ResponseOf, TokenInspectionSchema } from '../contract.js';
import { InputError } from '../errors.js';
import { getProvider } from '../providers/registry.js';
import { maskSecret } from '../secrets/mask.js';
import type { AppDeps } from './deps.js';
import { assertRendererTarget, withScrubbedErrors } from './renderer-urls.js';
import { toWhoamiView } from './views.js';

/** "Inspect a token": what a pasted token is, offline, and on request a live whoami. Nothing is ever saved. */
export function tokenHandlers(deps: AppDeps) {
  const { core } = deps;
  return {
    async inspectToken(request: RequestOf<'inspectToken'>): Promise<ResponseOf<'inspectToken'>> {
      return TokenInspectionSchema.parse(introspectToken(normalizePastedToken(request.token)));
    },

    async whoamiForToken(request: RequestOf<'whoamiForToken'>): Promise<ResponseOf<'whoamiForToken'>> {
      assertRendererTarget(request);
      const provider = getProvider(request.service);
      const tenantOnly = request.service === 'session-services' && !request.token;
      if (!request.token && !tenantOnly)
        throw new InputError(
          'Paste a token first.',
          'The live check sends it once to the service you chose; it is not saved.',
        );
      const secret = request.token ? validateTokenShape(provider, request.token, { force: true }) : null;
      const fields = buildConnectionFields(provider, request, { purpose: 'add', wording: 'app' });
      const now = new Date().toISOString();
      // A throwaway connection that lives only for this call: never added to the store, secret only in memory.
      const connection = ConnectionSchema.parse({
        id: 'c_inspect000',
        label: 'Token check',
        provider: provider.id,
        authKind: secret ? 'token' : 'tenant',
        ...(fields.region ? { region: fields.region } : {}),
        metadata: { ...fields.metadata, ...(secret ? { maskedToken: maskSecret(secret) } : {}) },
        createdAt: now,
        updatedAt: now,
      });
      // A remote MCP server's address came from the renderer: it learns the outcome, never what the server sent.
      return toWhoamiView(
        await withScrubbedErrors(request.service === 'remote-mcp', () =>
          provider.whoami({ connection, secret, http: core.http }),
        ),
      );
    },
  };
}
