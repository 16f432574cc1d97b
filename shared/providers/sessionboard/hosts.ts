import type { Connection } from '../../connections/model.js';
import { API_HOSTS, MCP_ENDPOINTS } from './api-surface.js';

/** Sessionboard regions, for the wizard and `--region`. */
export const SESSIONBOARD_REGIONS: Array<{ id: 'us' | 'eu'; label: string }> = [
  { id: 'us', label: 'US (public-api.sessionboard.com)' },
  { id: 'eu', label: 'EU (public-api-eu.sessionboard.com)' },
];

/** The region a connection uses (default US). */
export function regionOf(connection: Connection): 'us' | 'eu' {
  return connection.region ?? 'us';
}

/** The other region, used to tell a wrong-region token from a bad one. */
export function otherRegion(region: 'us' | 'eu'): 'us' | 'eu' {
  return region === 'us' ? 'eu' : 'us';
}

/** Human name of a region ("US", "EU"). */
export function regionLabel(region: 'us' | 'eu'): string {
  return region.toUpperCase();
}

/** The REST origin for a connection: `baseUrl` when set, else its region's host. No trailing slash. */
export function apiBaseUrl(connection: Connection): string {
  return (connection.baseUrl ?? API_HOSTS[regionOf(connection)]).replace(/\/+$/, '');
}

/**
 * The MCP endpoint for a connection: `metadata.mcpUrl` when set (custom deployments), else the region's
 * documented endpoint.
 */
export function mcpEndpoint(connection: Connection): string {
  const custom = connection.metadata.mcpUrl;
  return typeof custom === 'string' && custom ? custom : MCP_ENDPOINTS[regionOf(connection)];
}
