/**
 * The renderer's Content Security Policy, in one map (toolhive-studio style). No 'unsafe-inline' and no
 * 'unsafe-eval': styles live in CSS files, scripts are the bundled files only, and the renderer reaches the
 * core through IPC, never the network. The same string is sent as a header by the app protocol and written
 * as a <meta> in renderer/index.html (a unit test keeps the two equal).
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** The policy as a header value. */
export function cspHeaderValue(directives: Readonly<Record<string, readonly string[]>> = CSP_DIRECTIVES): string {
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** Other response headers every app page gets. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': cspHeaderValue(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}
