#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run automatically by `npm install`).
import('../dist/shared/cli/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write(
      'bridgekeeper: not built yet. Run `npm run build` in the bridgekeeper folder, then try again.\n',
    );
    process.exit(1);
  }
  throw error;
});
