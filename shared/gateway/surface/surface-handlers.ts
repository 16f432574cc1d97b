import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CompleteRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ReadResourceRequestSchema,
  type RequestMeta,
  type ServerCapabilities,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { GatewaySurface } from './gateway-surface.js';
import type { SurfaceRequestContext } from './request-context.js';

/**
 * What the gateway declares besides tools. It answers `initialize` before any upstream is contacted, so it cannot
 * know yet which upstream offers what: it declares what it can always serve, the union over upstreams (empty lists
 * when none offers prompts or resources; empty completions; a subscription to a server without them is refused with
 * a clear error). Everything it declares is served.
 */
export const SURFACE_CAPABILITIES: ServerCapabilities = {
  prompts: { listChanged: true },
  resources: { subscribe: true, listChanged: true },
  completions: {},
  logging: {},
};

/** What a request carried besides its parameters: the client's `_meta`, its cancellation, a way to send it progress. */
function context(
  params: { _meta?: RequestMeta },
  extra: { signal: AbortSignal; sendNotification: SurfaceRequestContext['sendNotification'] },
): SurfaceRequestContext {
  return {
    signal: extra.signal,
    ...(params._meta ? { meta: params._meta } : {}),
    ...(extra.sendNotification ? { sendNotification: extra.sendNotification } : {}),
  };
}

/** Registers the prompt, resource, completion and logging handlers; `surface` loads the runtime on first use. */
export function registerSurfaceHandlers(server: Server, surface: () => Promise<GatewaySurface>): void {
  server.setRequestHandler(ListPromptsRequestSchema, async () => ({ prompts: await (await surface()).listPrompts() }));
  server.setRequestHandler(GetPromptRequestSchema, async (request, extra) =>
    (await surface()).getPrompt(request.params.name, request.params.arguments, context(request.params, extra)),
  );
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: await (await surface()).listResources(),
  }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: await (await surface()).listResourceTemplates(),
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request, extra) =>
    (await surface()).readResource(request.params.uri, context(request.params, extra)),
  );
  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    await (await surface()).subscribe(request.params.uri);
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    await (await surface()).unsubscribe(request.params.uri);
    return {};
  });
  server.setRequestHandler(CompleteRequestSchema, async (request, extra) =>
    (await surface()).complete(request.params, context(request.params, extra)),
  );
  // Replaces the SDK's own handler: the level is kept by the relay (which filters) and fanned out to the upstreams.
  server.setRequestHandler(SetLevelRequestSchema, async (request) => {
    await (await surface()).notifications.setLevel(request.params.level);
    return {};
  });
}
