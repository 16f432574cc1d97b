import { config } from 'zod';

// The CSP forbids eval. zod probes for it (for its JIT) the first time a schema needs it, which would log a CSP
// violation: switch the JIT off before any schema module is evaluated. main.tsx imports this file first.
config({ jitless: true });
