import { addConnection } from '../use-cases/add-connection.js';
import { buildConnectionFields, fieldChanges } from '../use-cases/connection-fields.js';
import { validateTokenShape } from '../use-cases/token-input.js';
import type { RequestOf, ResponseOf } from '../contract.js';
import { liveValidator } from '../use-cases/live-validator.js';
import { BridgekeeperError, InputError } from '../errors.js';
import { getProvider } from '../providers/registry.js';
import type { AppDeps } from './deps.js';
import { disconnectConnection } from '../use-cases/disconnect-connection.js';
import { updateConnection } from '../use-cases/update-connection.js';
import { checkLive, signInWithBrowser } from './core-integrations.js';
import { assertRendererTarget, withScrubbedErrors } from './renderer-urls.js';
import { toSummary, toWhoamiView } from './views.js';

/** Connections screen, add wizard, whoami panel "Check again" and "Try these tools again", edit, sign-in and disconnect. */
export function connectionHandlers(deps: AppDeps) {
  const { core } = deps;
  /** Sign-ins waiting for the browser, by connection id (the Cancel button aborts them). */
  const pendingSignIns = new Map<string, AbortController>();
  return {
    async listConnections(): Promise<ResponseOf<'listConnections'>> {
      return { connections: core.store.list().map(toSummary) };
    },

    async addConnection(request: RequestOf<'addConnection'>): Promise<ResponseOf<'addConnection'>> {
      assertRendererTarget(request);
      const provider = getProvider(request.service);
      if (
        !provider.authKinds.includes(request.authKind) &&
        !(request.authKind === 'tenant' && request.service === 'session-services')
      ) {
        throw new InputError(
          `${provider.displayName} does not support this way of connecting.`,
          'Pick one of the options shown for this service.',
        );
      }
      const fields = buildConnectionFields(provider, request, { purpose: 'add', wording: 'app' });
      // A header name goes with a token; a browser sign-in reaches the service's MCP server (OAuth is how MCP
      // clients connect), so it serves that server's tools.
      if (request.authKind !== 'token') delete fields.metadata.headerName;
      const metadata: Record<string, string> = {
        ...fields.metadata,
        ...(request.authKind === 'oauth' && request.service !== 'remote-mcp' ? { mode: 'mcp' } : {}),
      };
      const preRegistered = request.oauthClientId !== undefined || request.oauthClientSecret !== undefined;
      if (
        preRegistered &&
        (request.service !== 'remote-mcp' || request.authKind !== 'oauth' || !request.oauthClientId)
      ) {
        throw new InputError(
          'A client id (and secret) is only for signing in to a remote MCP server.',
          'Clear the client fields, or choose "Sign in with your browser" for a remote MCP server and give its client id.',
        );
      }
      if (request.oauthClientId) {
        const { ClientIdSchema, ClientSecretSchema } = await import('../auth/oauth/pre-registered-client.js');
        if (!ClientIdSchema.safeParse(request.oauthClientId).success)
          throw new InputError(
            'The client id holds spaces or unusual characters.',
            'Copy the client id exactly as the service shows it.',
          );
        if (
          request.oauthClientSecret !== undefined &&
          !ClientSecretSchema.safeParse(request.oauthClientSecret).success
        ) {
          throw new InputError(
            'The client secret holds spaces or unusual characters.',
            'Copy the client secret exactly as the service shows it, or leave it empty for a public client.',
          );
        }
        metadata.oauthClientId = request.oauthClientId;
      }
      let secret: string | null = null;
      if (request.authKind === 'token') {
        secret = validateTokenShape(provider, request.token ?? '', { force: request.force ?? false });
      } else if (request.token) {
        throw new InputError(
          'A token was given for a connection that does not use one.',
          'Clear the token field, or choose "API token".',
        );
      }
      const remote = request.service === 'remote-mcp';
      const { connection, whoami } = await withScrubbedErrors(remote, () =>
        addConnection(
          core,
          {
            provider,
            label: request.label,
            ...(fields.region ? { region: fields.region } : {}),
            metadata,
            declaredScopes: request.declaredScopes ?? [],
            secret,
            authKind: request.authKind,
          },
          request.authKind === 'oauth' ? undefined : liveValidator(core),
        ),
      );
      if (request.oauthClientId) {
        const { savePreRegisteredClient } = await import('../auth/oauth/pre-registered-client.js');
        await savePreRegisteredClient(core.secrets, connection.id, {
          clientId: request.oauthClientId,
          ...(request.oauthClientSecret ? { clientSecret: request.oauthClientSecret } : {}),
        });
      }
      const saved =
        request.authKind === 'oauth'
          ? await core.store.update(connection.id, () => ({
              status: { state: 'needs_sign_in', reason: 'Sign in with your browser to finish connecting.' },
            }))
          : connection;
      return { connection: toSummary(saved), ...(whoami ? { whoami: toWhoamiView(whoami) } : {}) };
    },

    async checkConnection(request: RequestOf<'checkConnection'>): Promise<ResponseOf<'checkConnection'>> {
      // A remote MCP server's address was typed in the renderer: scrub what the server sent from the failure.
      const whoami = await withScrubbedErrors(core.store.get(request.id).provider === 'remote-mcp', () =>
        checkLive(core, request.id),
      );
      return { connection: toSummary(core.store.get(request.id)), whoami: toWhoamiView(whoami) };
    },

    async signIn(request: RequestOf<'signIn'>): Promise<ResponseOf<'signIn'>> {
      const connection = core.store.get(request.id);
      if (connection.authKind !== 'oauth')
        throw new InputError(
          `'${connection.label}' uses a token, not a browser sign-in.`,
          'Use "Check again" to test it, or remove and re-add it with a new token.',
        );
      pendingSignIns.get(connection.id)?.abort();
      const controller = new AbortController();
      pendingSignIns.set(connection.id, controller);
      try {
        // Discovery at a remote MCP address the renderer supplied: its failures are scrubbed like a live check's.
        await withScrubbedErrors(connection.provider === 'remote-mcp', () =>
          signInWithBrowser(core, connection.id, {
            openBrowser: deps.openBrowser,
            timeoutMs: deps.signInTimeoutMs ?? 5 * 60_000,
            signal: controller.signal,
          }),
        );
      } catch (error) {
        if (controller.signal.aborted)
          throw new BridgekeeperError(
            'sign_in_cancelled',
            'Sign-in was cancelled.',
            'Choose "Sign in with browser" again when you are ready.',
          );
        throw error;
      } finally {
        if (pendingSignIns.get(connection.id) === controller) pendingSignIns.delete(connection.id);
      }
      return { connection: toSummary(core.store.get(connection.id)) };
    },

    async cancelSignIn(request: RequestOf<'cancelSignIn'>): Promise<ResponseOf<'cancelSignIn'>> {
      const pending = pendingSignIns.get(request.id);
      pending?.abort();
      return { cancelled: pending !== undefined };
    },

    async updateConnection(request: RequestOf<'updateConnection'>): Promise<ResponseOf<'updateConnection'>> {
      const current = core.store.get(request.id);
      const provider = getProvider(current.provider);
      // Same checks as the add wizard and the CLI: a pasted business address gives its handle, the tenant id, URL
      // and header name are checked, a required field cannot be emptied.
      const fields = buildConnectionFields(provider, request, { purpose: 'update', wording: 'app' });
      const secret =
        request.token !== undefined
          ? validateTokenShape(provider, request.token, { force: request.force ?? false })
          : undefined;
      const result = await updateConnection(
        core,
        current.id,
        {
          label: request.label,
          secret,
          ...fieldChanges(fields),
        },
        liveValidator(core),
      );
      return {
        connection: toSummary(result.connection),
        ...(result.whoami ? { whoami: toWhoamiView(result.whoami) } : {}),
        changed: result.changed,
        ...(result.forgottenRefusals.length > 0 ? { forgottenRefusals: result.forgottenRefusals } : {}),
      };
    },

    async forgetRefusals(request: RequestOf<'forgetRefusals'>): Promise<ResponseOf<'forgetRefusals'>> {
      // Nothing is sent and no rule changes: running gateways see the store change and offer the tools again.
      const result = await updateConnection(core, request.id, { forgetRefusals: true });
      return { connection: toSummary(result.connection), forgotten: result.forgottenRefusals };
    },

    async removeConnection(request: RequestOf<'removeConnection'>): Promise<ResponseOf<'removeConnection'>> {
      const { connection: removed, ...outcome } = await disconnectConnection(core, request.id);
      return { id: removed.id, label: removed.label, ...outcome };
    },
  };
}
