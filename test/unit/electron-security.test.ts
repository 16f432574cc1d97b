import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, isAppUrl } from '../../electron/security/app-origin.js';
import { resolveAppAsset } from '../../electron/security/asset-path.js';
import { CSP_DIRECTIVES, cspHeaderValue, securityHeaders } from '../../electron/security/csp.js';
import { appGatewayCommand } from '../../electron/gateway-command.js';
import {
  canNavigate,
  canOpenExternally,
  canOpenSignInPage,
  permissionAllowed,
  windowOpenDecision,
} from '../../electron/security/navigation-rules.js';
import { isTrustedSender } from '../../electron/security/sender-check.js';
import { secureWebPreferences } from '../../electron/security/window-options.js';

const REQUIRED_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

describe('content security policy', () => {
  it('is exactly the strict policy, with no unsafe-inline or unsafe-eval anywhere', () => {
    expect(cspHeaderValue()).toBe(REQUIRED_CSP);
    expect(JSON.stringify(CSP_DIRECTIVES)).not.toMatch(/unsafe/);
    expect(securityHeaders()['Content-Security-Policy']).toBe(REQUIRED_CSP);
  });

  it('matches the <meta> in renderer/index.html', () => {
    const html = fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'renderer', 'index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(REQUIRED_CSP);
  });
});

describe('sender check', () => {
  it('trusts only our own page in the main frame', () => {
    expect(isTrustedSender({ url: APP_ENTRY_URL, top: { url: APP_ENTRY_URL }, parent: null })).toBe(true);
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html#/connections`, parent: null })).toBe(true);
  });

  it('refuses other origins, sub-frames, look-alikes and missing frames', () => {
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/index.html', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'file:///tmp/index.html', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'bk-app://renderer.evil.example/index.html', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'bk-app://user:pw@renderer/index.html', parent: null })).toBe(false);
    expect(isTrustedSender({ url: APP_ENTRY_URL, parent: { url: APP_ENTRY_URL } })).toBe(false);
    expect(isTrustedSender({ url: APP_ENTRY_URL, top: { url: 'https://evil.example/' }, parent: null })).toBe(false);
    expect(isTrustedSender({ url: '', parent: null })).toBe(false);
  });
});

describe('navigation and new windows', () => {
  it('allows navigation only within the app', () => {
    expect(canNavigate(`${APP_ORIGIN}/index.html#/activity`)).toBe(true);
    expect(canNavigate('https://public-api.sessionboard.com/')).toBe(false);
    expect(canNavigate('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('opens only plain https links outside, and never a new window', () => {
    expect(canOpenExternally('https://apidocs.sessionboard.com/introduction')).toBe(true);
    for (const url of [
      'http://example.com',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://user:pw@example.com/',
      'ms-msdt:foo',
      'smb://host/share',
      '',
    ]) {
      expect(canOpenExternally(url), url).toBe(false);
    }
    expect(windowOpenDecision('https://example.com')).toEqual({ action: 'deny', openExternally: true });
    expect(windowOpenDecision('http://example.com')).toEqual({ action: 'deny', openExternally: false });
  });

  it('opens OAuth sign-in pages only over https (or http on this computer)', () => {
    expect(canOpenSignInPage('https://auth.sessionboard.com/authorize?x=1')).toBe(true);
    expect(canOpenSignInPage('http://127.0.0.1:4000/oauth/authorize')).toBe(true);
    expect(canOpenSignInPage('http://evil.example/authorize')).toBe(false);
    expect(canOpenSignInPage('file:///etc/passwd')).toBe(false);
    expect(canOpenSignInPage('javascript:alert(1)')).toBe(false);
  });

  it('grants no permission', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read'])
      expect(permissionAllowed(p)).toBe(false);
  });
});

describe('app protocol file mapping', () => {
  const root = path.resolve('/srv/renderer-dist');
  it('serves files inside the renderer build folder', () => {
    expect(resolveAppAsset(root, `${APP_ORIGIN}/index.html`)).toEqual({
      file: path.join(root, 'index.html'),
      contentType: 'text/html; charset=utf-8',
    });
    expect(resolveAppAsset(root, `${APP_ORIGIN}/`)?.file).toBe(path.join(root, 'index.html'));
    expect(resolveAppAsset(root, `${APP_ORIGIN}/assets/index-abc.js`)?.contentType).toMatch(/javascript/);
  });

  it('refuses traversal, other hosts and unknown file types', () => {
    expect(resolveAppAsset(root, `${APP_ORIGIN}/..%2f..%2fetc%2fpasswd.html`)).toBeNull();
    // The URL parser already folds %2e%2e segments: what is left must still be inside the root.
    expect(resolveAppAsset(root, `${APP_ORIGIN}/%2e%2e/%2e%2e/secret.js`)?.file).toBe(path.join(root, 'secret.js'));
    expect(resolveAppAsset(root, `${APP_ORIGIN}/a%5c..%5c..%5cx.js`)).toBeNull();
    expect(resolveAppAsset(root, 'bk-app://other/index.html')).toBeNull();
    expect(resolveAppAsset(root, 'https://renderer/index.html')).toBeNull();
    expect(resolveAppAsset(root, `${APP_ORIGIN}/connections.json`)?.file).toBe(path.join(root, 'connections.json'));
    expect(resolveAppAsset(root, `${APP_ORIGIN}/keytar.node`)).toBeNull();
  });
});

describe('window options', () => {
  it('keeps isolation, sandbox and web security on and Node off', () => {
    const prefs = secureWebPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      nodeIntegrationInSubFrames: false,
    });
    expect(prefs.preload).toBe('/app/preload.cjs');
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
  });
});

describe('gateway command for an installed app', () => {
  it('runs the app binary as Node on the compiled CLI with `mcp`', () => {
    const command = appGatewayCommand({
      execPath: '/opt/Bridgekeeper/bridgekeeper',
      appPath: '/opt/Bridgekeeper/resources/app.asar',
    });
    expect(command).toEqual({
      command: '/opt/Bridgekeeper/bridgekeeper',
      args: ['/opt/Bridgekeeper/resources/app.asar/dist/shared/cli/main.js', 'mcp'],
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
  });
});
