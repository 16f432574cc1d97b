import { createCore } from '../shared/connections/core.js';
import { ConnectionStore } from '../shared/connections/store.js';
import { getProvider } from '../shared/providers/registry.js';
import { addConnection } from '../shared/use-cases/add-connection.js';
import { liveValidator } from '../shared/use-cases/live-validator.js';

/**
 * Fills the scale bench's homes through the product's own add use case (real store, real keychain: run inside the
 * test keyring, with `BRIDGEKEEPER_KEYCHAIN_SERVICE` and `BRIDGEKEEPER_HOST_OVERRIDES` set), in one process instead
 * of one CLI process per connection. Every connection is added once, to `home`, its token checked live (whoami) like
 * `connections add` does, except where `offline` is set (an upstream that is down); the other homes (`copies`) get
 * the same records through the store (same ids, so the same keychain entries). argv[2] = JSON `SeedRequest`.
 */
export interface SeedRequest {
  home: string;
  connections: Array<{
    provider: string;
    label: string;
    secret: string | null;
    region?: 'us' | 'eu';
    metadata: Record<string, string>;
    offline?: boolean;
  }>;
  copies: Array<{ home: string; labels: string[] }>;
}

const request = JSON.parse(process.argv[2] ?? '{}') as SeedRequest;
const core = createCore({ home: request.home });
for (const c of request.connections) {
  await addConnection(
    core,
    {
      provider: getProvider(c.provider),
      label: c.label,
      ...(c.region ? { region: c.region } : {}),
      metadata: c.metadata,
      secret: c.secret,
    },
    c.offline ? undefined : liveValidator(core),
  );
}
const added = core.store.list();
for (const copy of request.copies) {
  const store = new ConnectionStore({ home: copy.home });
  for (const label of copy.labels) await store.add(added.find((c) => c.label === label)!);
}
process.exit(0);
