/**
 * A scripted "browser" for OAuth tests: follows an authorization URL's redirects (keeping cookies, as a browser
 * would) through the simulator's login + consent interaction until it reaches the app's loopback redirect,
 * then loads that page too. Usable in-process (`followInBrowser`) or as the CLI's opener:
 * `BRIDGEKEEPER_OPEN_BROWSER_CMD=<script that runs> node dist/test/simulators/oauth-browser.js <url>`.
 */
import { pathToFileURL } from 'node:url';

/** What the browser ended on. */
export interface BrowserVisit {
  status: number;
  url: string;
  body: string;
  hops: number;
}

/** Follows `url` like a browser with cookies until a non-redirect response (at most 20 hops). */
export async function followInBrowser(url: string): Promise<BrowserVisit> {
  const jar = new Map<string, string>();
  let current = url;
  for (let hops = 0; hops < 20; hops++) {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(current, {
      redirect: 'manual',
      headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      if (eq > 0) jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      current = new URL(location, current).href;
      continue;
    }
    return { status: response.status, url: current, body: await response.text(), hops };
  }
  throw new Error(`Too many redirects starting at ${url}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2]) {
  const visit = await followInBrowser(process.argv[2]);
  process.stderr.write(`oauth-browser: ended at ${new URL(visit.url).pathname} with HTTP ${visit.status}\n`);
}
