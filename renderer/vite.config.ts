import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Builds the renderer into renderer/dist with relative URLs (`base: './'`) so it loads from the app protocol.
 * No inline scripts or styles are emitted (the CSP forbids them): CSS goes to a file, the module preload
 * polyfill (an inline script) is off, and assets are never inlined as data: URLs except images.
 */
export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    target: 'chrome120',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: false,
  },
  server: { fs: { allow: [path.join(here, '..')] } },
});
