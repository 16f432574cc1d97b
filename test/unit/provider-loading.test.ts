import { describe, expect, it } from 'vitest';
import { PROVIDER_IDS } from '../../shared/connections/model.js';
import { InputError } from '../../shared/errors.js';
import { loadProvider } from '../../shared/providers/load-provider.js';
import { getProvider } from '../../shared/providers/registry.js';

describe('loading providers on demand (the gateway)', () => {
  it('hands out the same provider objects as the registry, for every service', async () => {
    for (const id of PROVIDER_IDS) expect(await loadProvider(id)).toBe(getProvider(id));
  });

  it('refuses an unknown service with the list of valid ones', async () => {
    const error = await loadProvider('myspace').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain("Unknown service 'myspace'");
  });
});
