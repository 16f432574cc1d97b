import type { Page } from 'playwright-core';
import type { Connection } from '../../shared/connections/model.js';
import { getProvider } from '../../shared/providers/registry.js';
import { addConnection } from '../../shared/use-cases/add-connection.js';
import { liveValidator } from '../../shared/use-cases/live-validator.js';
import { signIn } from '../../shared/use-cases/sign-in.js';
import { followInBrowser } from '../simulators/oauth-browser.js';
import { goTo, waitForText } from './flows.js';
import type { UiHarness } from './harness.js';

// What a UI test needs before it starts, set up through the real core (the app's own add and sign-in use cases,
// checked live against the simulators), so each test runs alone as well as after the others in its file.

/** A token connection as a test needs it; an existing one with the same label is reused as it is. */
export interface GivenTokenConnection {
  provider: 'sessionboard' | 'sessions-website' | 'session-services' | 'imboard';
  label: string;
  secret: string;
  region?: 'us' | 'eu';
  metadata?: Record<string, string>;
}

/** Adds the token connection through the real core unless one with its label is there already. */
export async function givenTokenConnection(harness: UiHarness, input: GivenTokenConnection): Promise<Connection> {
  const existing = harness.core.store.list().find((c) => c.label === input.label);
  if (existing) return existing;
  const { connection } = await addConnection(
    harness.core,
    {
      provider: getProvider(input.provider),
      label: input.label,
      secret: input.secret,
      ...(input.region ? { region: input.region } : {}),
      ...(input.metadata ? { metadata: input.metadata } : {}),
    },
    liveValidator(harness.core),
  );
  return connection;
}

/** A remote MCP connection signed in with OAuth (scripted browser) through the real core, unless its label exists. */
export async function givenOAuthConnection(harness: UiHarness, label: string, mcpUrl: string): Promise<Connection> {
  const existing = harness.core.store.list().find((c) => c.label === label);
  if (existing) return existing;
  const { connection } = await addConnection(harness.core, {
    provider: getProvider('remote-mcp'),
    label,
    authKind: 'oauth',
    metadata: { url: mcpUrl },
    secret: null,
  });
  await signIn(harness.core, connection.id, {
    openBrowser: async (url) => void followInBrowser(url).catch(() => undefined),
    timeoutMs: 45_000,
  });
  return harness.core.store.get(connection.id);
}

/** Opens a connection's page from the Connections screen (which lists what the core holds now). */
export async function openConnection(page: Page, label: string): Promise<void> {
  await goTo(page, 'Connections');
  await page.getByRole('button', { name: `Open ${label}` }).click();
  await waitForText(page.getByRole('heading', { level: 1 }), label);
}
