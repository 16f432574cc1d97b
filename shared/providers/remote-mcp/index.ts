import type { Provider } from '../types.js';
import { skeletonProvider } from '../skeleton.js';

/** Remote MCP server (to be completed by the providers work). */
export const provider: Provider = skeletonProvider('remote-mcp', "Remote MCP server");
