import type { ServiceId } from '../contract.js';
import { InputError } from '../errors.js';
import { TENANT_ID_EXAMPLE, TENANT_ID_PATTERN } from '../providers/session-services/token-facts.js';
import { normalizeHandle } from '../pasted-input.js';

/** The service-specific facts a wizard or inspector request carries. */
export interface ConnectionTarget {
  service: ServiceId;
  handle?: string | undefined;
  tenantId?: string | undefined;
  url?: string | undefined;
}

const HANDLE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

/**
 * Checks the facts a service needs and returns them as connection metadata, with messages that say what to
 * type: a sessions.website business handle (or its business address), a Session Services tenant id, a remote MCP server URL.
 */
export function metadataFor(target: ConnectionTarget): Record<string, string> {
  const metadata: Record<string, string> = {};
  if (target.service === 'sessions-website') {
    // A pasted business address (https://business.sessions.website/@acme) gives its handle.
    const handle = normalizeHandle(target.handle ?? '');
    if (!HANDLE.test(handle))
      throw new InputError(
        'The business handle is missing or not valid.',
        'Type the handle from your business address, e.g. "acme" for business.sessions.website/@acme.',
      );
    metadata.handle = handle;
  }
  if (target.service === 'session-services') {
    const tenantId = (target.tenantId ?? '').trim();
    if (!TENANT_ID_PATTERN.test(tenantId))
      throw new InputError(
        'The tenant id is missing or not valid.',
        `A tenant id looks like ${TENANT_ID_EXAMPLE}; ask your Session Services contact if you do not have it.`,
      );
    metadata.tenantId = tenantId;
  }
  if (target.service === 'remote-mcp') {
    const url = (target.url ?? '').trim();
    if (!/^https?:\/\//i.test(url))
      throw new InputError('The MCP server address is missing.', 'Paste the full https:// address of the MCP server.');
    metadata.url = url;
  }
  return metadata;
}
