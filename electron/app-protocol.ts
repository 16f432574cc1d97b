import fs from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_SCHEME } from './security/app-origin.js';
import { resolveAppAsset } from './security/asset-path.js';
import { securityHeaders } from './security/csp.js';

/** Must run before `app.ready`: makes the app scheme behave like a secure, standard origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false, stream: false },
    },
  ]);
}

/** Serves renderer/dist over the app scheme, with the CSP and other security headers on every response. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const asset = resolveAppAsset(rendererDir, request.url);
    if (!asset) return new Response('Not found', { status: 404, headers: securityHeaders() });
    try {
      const body = await fs.readFile(asset.file);
      return new Response(body, { status: 200, headers: { ...securityHeaders(), 'Content-Type': asset.contentType } });
    } catch {
      return new Response('Not found', { status: 404, headers: securityHeaders() });
    }
  });
}
