// Preload for the MCP conformance suite's CLI on Node 20: `node --import ./node20-glob-sync.mjs …/conformance/dist/index.js`.
// The suite imports `globSync` from 'fs' (Node >= 22). On Node 20 its imports of 'fs' are redirected to a module
// that re-exports node:fs plus a small globSync; everything else (and Node 22+) is left alone.
import fs from 'node:fs';
import { register } from 'node:module';

if (typeof fs.globSync !== 'function') register('./node20-glob-sync-hooks.mjs', import.meta.url);
