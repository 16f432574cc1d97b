import type { Core } from '../../connections/core.js';
import type { Connection } from '../../connections/model.js';
import { readGrant } from './grant-store.js';
import { openSystemBrowser, type OpenBrowser } from './open-browser.js';
import { missingScopes, signInAgainError } from './scope-advice.js';
import { signIn } from './sign-in.js';

export { missingScopes, signInAgainCommand, signInAgainError } from './scope-advice.js';

/**
 * Step-up authorization (MCP 2025-11-25 "scope challenge handling"): a call refused with `403` +
 * `WWW-Authenticate: Bearer error="insufficient_scope", scope="…"` is authorized again for the union of the granted
 * and the required scopes, then retried. At most one step-up per call: a server that still refuses after it (or
 * keeps asking for a scope it never grants) gets no second browser round (`auth/scope-retry-limit`).
 */

/** The scopes to ask for when stepping up: what the grant has plus what the refusal named. */
export function stepUpScopes(granted: readonly string[], required: readonly string[]): string[] {
  return [...new Set([...granted, ...required].filter(Boolean))];
}

/**
 * Whether this process can show the person a browser for a sign-in: a configured opener
 * (`BRIDGEKEEPER_OPEN_BROWSER_CMD`), macOS or Windows, or a Linux/BSD desktop session.
 */
export function canOpenBrowser(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): boolean {
  if (env.BRIDGEKEEPER_OPEN_BROWSER_CMD) return true;
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** Options for {@link stepUpSignIn}. */
export interface StepUpOptions {
  /** Opens the browser (default: the system browser, when {@link canOpenBrowser}). Absent and none available: no step-up. */
  openBrowser?: OpenBrowser;
  signal?: AbortSignal;
  /** How long to wait for the person in the browser (default 2 minutes: a tool call is waiting). */
  timeoutMs?: number;
  toolName?: string;
  /** The MCP endpoint the connection's provider declares (OAuth does not look providers up). */
  mcpEndpoint?: string;
}

/**
 * Signs the connection in again for the granted scopes plus `required`, in the browser, and returns the new
 * scopes. Throws {@link signInAgainError} when no browser can be opened, and the sign-in's own error when it fails
 * (denied, timed out); nothing is retried here: the caller retries its call once on success.
 */
export async function stepUpSignIn(
  core: Core,
  connection: Connection,
  required: readonly string[],
  options: StepUpOptions = {},
): Promise<string[]> {
  const granted = (await readGrant(core.secrets, connection.id))?.scopes ?? [];
  const missing = missingScopes(granted, required);
  const openBrowser = options.openBrowser ?? (canOpenBrowser() ? openSystemBrowser : undefined);
  if (!openBrowser) throw signInAgainError(connection, missing, options.toolName);
  const result = await signIn(core, connection.id, {
    scopes: stepUpScopes(granted, required),
    openBrowser,
    timeoutMs: options.timeoutMs ?? 120_000,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.mcpEndpoint ? { mcpEndpoint: options.mcpEndpoint } : {}),
  });
  return result.scopes;
}
