import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { UiHarness } from './harness.js';

/** Launches the system Chromium headless, as the UI tests need it on CI and slow machines. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Problems the page reported: CSP violations and uncaught errors (a test fails on any). */
export interface PageProblems {
  csp: string[];
  errors: string[];
}

/** Opens the app in a fresh page with `window.bridgekeeper` defined by the harness, watching for CSP violations. */
export async function openApp(
  browser: Browser,
  harness: UiHarness,
  viewport = { width: 1280, height: 860 },
  options: { deviceScaleFactor?: number } = {},
): Promise<{ page: Page; problems: PageProblems }> {
  const context = await browser.newContext({
    viewport,
    colorScheme: 'light',
    reducedMotion: 'reduce',
    ...(options.deviceScaleFactor ? { deviceScaleFactor: options.deviceScaleFactor } : {}),
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const problems: PageProblems = { csp: [], errors: [] };
  page.on('console', (msg) => {
    // "Refused to …" is a blocked load/inline/eval. (Chromium also notes that frame-ancestors in the <meta> copy is
    // ignored: expected, the header copy carries it.)
    if (/Refused to/i.test(msg.text())) problems.csp.push(msg.text());
  });
  page.on('pageerror', (error) => problems.errors.push(error.message));
  // The page itself reports every violation too (also ones the console might not show).
  await page.addInitScript(
    `document.addEventListener('securitypolicyviolation', (e) => console.error('Refused to ' + e.violatedDirective + ' ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber));`,
  );
  await page.addInitScript(harness.initScript);
  await page.goto(harness.url);
  return { page, problems };
}

/**
 * Saves a screenshot under `.tmp/screenshots/` (ignored), so running the tests leaves the tree clean. The committed
 * copies in docs/screenshots/ are refreshed only on purpose: `npm run screenshots` sets BRIDGEKEEPER_UPDATE_SCREENSHOTS.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const root = path.join(import.meta.dirname, '..', '..');
  const dir =
    process.env.BRIDGEKEEPER_UPDATE_SCREENSHOTS === '1'
      ? path.join(root, 'docs', 'screenshots')
      : path.join(root, '.tmp', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: options.fullPage ?? true });
}

/** Runs axe-core in the page (loaded by evaluation, since the CSP rightly blocks injected <script> tags). */
export async function axeSeriousViolations(
  page: Page,
): Promise<Array<{ id: string; impact: string; nodes: string[] }>> {
  const source = fs.readFileSync(
    path.join(import.meta.dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js'),
    'utf8',
  );
  await page.evaluate(source);
  const results = (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact || 'unknown', nodes: v.nodes.map((n) => JSON.stringify(n.target)) })))`,
  )) as Array<{ id: string; impact: string; nodes: string[] }>;
  return results.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * What sticks out sideways: the page's own horizontal scroll (scrollWidth beyond the viewport) and every visible
 * element whose box reaches past the right edge, unless a scrolling box of its own holds it. Empty when nothing is
 * cut off or needs sideways scrolling.
 */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  return (await page.evaluate(`(() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    if (document.documentElement.scrollWidth > width + 1) out.push('page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + width);
    const scrolls = (el) => { for (let p = el.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll') return true; } return false; };
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || el.closest('.visually-hidden, .skip-link')) continue;
      if (r.right > width + 1 || r.left < -1) {
        if (scrolls(el)) continue;
        out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') + ' [' + Math.round(r.left) + '..' + Math.round(r.right) + ']');
      }
    }
    return out.slice(0, 15);
  })()`)) as string[];
}
