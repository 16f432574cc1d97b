import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { RootsListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { UpstreamSession } from '../../upstream-mcp/upstream-client.js';

/**
 * Passes the assistant's `notifications/roots/list_changed` on to every open upstream session that was told about
 * roots, so upstream servers ask for the new list (the gateway relays that `roots/list` back to the client).
 */
export function forwardRootsListChanged(server: Server, sessions: () => UpstreamSession[]): void {
  server.setNotificationHandler(RootsListChangedNotificationSchema, async () => {
    await Promise.all(sessions().map((s) => s.client.sendRootsListChanged().catch(() => undefined)));
  });
}
