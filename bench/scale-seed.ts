import { createCore } from '../shared/connections/core.js';
import { getProvider } from '../shared/providers/registry.js';
import { addConnection } from '../shared/use-cases/add-connection.js';
import { liveValidator } from '../shared/use-cases/live-validator.js';

/**
 * Fills the scale bench's homes through the product's own add use case (real store, real keychain: run inside the
 * test keyring, with `BRIDGEKEEPER_KEYCHAIN_SERVICE` and `BRIDGEKEEPER_HOST_OVERRIDES` set), one process for all
 * homes instead of one CLI process per connection. Each token is checked live (whoami) like `connections add` does,
 * except where `offline` is set (an upstream that is down). argv[2] = JSON `SeedRequest`.
 */
export interface SeedRequest {
  homes: Array<{
    home: string;
    connections: Array<{
      provider: string;
      label: string;
      secret: string | null;
      region?: 'us' | 'eu';
      metadata: Record<string, string>;
      offline?: boolean;
    }>;
  }>;
}

const request = JSON.parse(process.argv[2] ?? '{"homes":[]}') as SeedRequest;
for (const { home, connections } of request.homes) {
  const core = createCore({ home });
  for (const c of connections) {
    const provider = getProvider(c.provider);
    await addConnection(
      core,
      {
        provider,
        label: c.label,
        ...(c.region ? { region: c.region } : {}),
        metadata: c.metadata,
        secret: c.secret,
      },
      c.offline ? undefined : liveValidator(core),
    );
  }
}
process.exit(0);
