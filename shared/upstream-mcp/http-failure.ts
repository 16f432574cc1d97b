import type { HeaderLookup } from '../net/node-http.js';

/** A failed HTTP response from an MCP endpoint, already read: status, parsed JSON body (or text) and headers. */
export interface McpHttpFailure {
  status: number;
  body: unknown;
  headers?: HeaderLookup;
}
