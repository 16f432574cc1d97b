import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { cspHeaderValue } from '../../electron/security/csp.js';
import { resolveAppAsset } from '../../electron/security/asset-path.js';
import { APP_ORIGIN } from '../../electron/security/app-origin.js';
import { createAppHandlers, invokeOperation, memoryPreferences } from '../../shared/app/handlers.js';
import { channelMap, OPERATION_NAMES, type OperationName, operations } from '../../shared/contract.js';
import { type Core, createCore } from '../../shared/connections/core.js';
import { ensureRendererBuilt } from './renderer-build.js';
// The checkout's root, also when compiled to dist/ (the proof suite imports these helpers from there).
import { repoRoot } from '../helpers/cli.js';

/** The built renderer (`npm run build:renderer`). */
export const rendererDist = path.join(repoRoot, 'renderer', 'dist');

/** One RPC as it crossed the wire: the raw request and response bodies (for the canary test). */
export interface RecordedRpc {
  channel: string;
  request: string;
  response: string;
}

/** A running UI harness. */
export interface UiHarness {
  url: string;
  core: Core;
  home: string;
  /** Every /rpc request and response body, in order. */
  rpcs: RecordedRpc[];
  /** Authorization URLs the app asked to open (OAuth sign-in), newest last. */
  authUrls: string[];
  /** Links the app asked to open outside. */
  externalUrls: string[];
  /** The folder standing in for the user's home when assistant configs are written. */
  assistantsHome: string;
  /** The script `page.addInitScript` runs: defines `window.bridgekeeper` from the contract over HTTP. */
  initScript: string;
  close(): Promise<void>;
}

/**
 * The browser-side twin of electron/preload.cts: the same operation → channel map from the contract, with
 * `fetch('/rpc/<channel>')` where the preload uses `ipcRenderer.invoke(channel)`. Returns the result envelope.
 */
export function bridgeInitScript(): string {
  const channels = JSON.stringify(channelMap());
  return `(() => {
    const channels = ${channels};
    const api = {};
    for (const [name, channel] of Object.entries(channels)) {
      api[name] = (request) => fetch('/rpc/' + channel, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request ?? {}) }).then((r) => r.json());
    }
    Object.defineProperty(window, 'bridgekeeper', { value: Object.freeze(api), writable: false, configurable: false });
  })();`;
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Serves the BUILT renderer with the app's CSP header and runs the real `shared/app` handlers behind
 * `POST /rpc/<channel>`: real store in a temp BRIDGEKEEPER_HOME, real keychain (run under
 * scripts/with-test-keyring.sh), simulators reached through BRIDGEKEEPER_HOST_OVERRIDES.
 */
export async function startUiHarness(options: { signInTimeoutMs?: number } = {}): Promise<UiHarness> {
  await ensureRendererBuilt();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-ui-'));
  const assistantsHome = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-ui-assistants-'));
  const core = createCore({ home });
  const rpcs: RecordedRpc[] = [];
  const authUrls: string[] = [];
  const externalUrls: string[] = [];
  const handlers = createAppHandlers({
    core,
    preferences: memoryPreferences({ theme: 'light' }),
    openBrowser: async (url) => void authUrls.push(url),
    openExternal: async (url) => (externalUrls.push(url), url.startsWith('https://')),
    gatewayCommand: {
      command: process.execPath,
      args: [path.join(repoRoot, 'dist', 'shared', 'cli', 'main.js'), 'mcp'],
      env: {},
    },
    version: '0.1.0-test',
    platform: process.platform,
    assistantsHome,
    signInTimeoutMs: options.signInTimeoutMs ?? 60_000,
  });
  const byChannel = new Map<string, OperationName>(OPERATION_NAMES.map((name) => [operations[name].channel, name]));

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const headers = {
        'Content-Security-Policy': cspHeaderValue(),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      };
      if (req.method === 'POST' && url.pathname.startsWith('/rpc/')) {
        const channel = decodeURIComponent(url.pathname.slice('/rpc/'.length));
        const name = byChannel.get(channel);
        const body = await readBody(req);
        let raw: unknown;
        try {
          raw = body ? JSON.parse(body) : {};
        } catch {
          raw = undefined;
        }
        const result = name
          ? await invokeOperation(handlers, name, raw)
          : { ok: false, error: { code: 'unknown_channel', message: 'No such operation.', hint: '' } };
        const text = JSON.stringify(result);
        rpcs.push({ channel, request: body, response: text });
        res.writeHead(name ? 200 : 404, { ...headers, 'Content-Type': 'application/json' });
        res.end(text);
        return;
      }
      const asset = req.method === 'GET' ? resolveAppAsset(rendererDist, `${APP_ORIGIN}${url.pathname}`) : null;
      if (!asset || !fs.existsSync(asset.file)) {
        res.writeHead(404, headers);
        res.end('Not found');
        return;
      }
      res.writeHead(200, { ...headers, 'Content-Type': asset.contentType });
      res.end(fs.readFileSync(asset.file));
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/index.html`,
    core,
    home,
    rpcs,
    authUrls,
    externalUrls,
    assistantsHome,
    initScript: bridgeInitScript(),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(home, { recursive: true, force: true });
      fs.rmSync(assistantsHome, { recursive: true, force: true });
    },
  };
}
