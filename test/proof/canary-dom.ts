import type { Page } from 'playwright-core';
import { cli } from '../integration/gateway-harness.js';
import { launchChromium, openApp } from '../ui/browser.js';
import { goTo } from '../ui/flows.js';
import { startUiHarness } from '../ui/harness.js';

/** Everything the page holds: its HTML and the values of its form fields. */
async function domText(page: Page): Promise<string> {
  const values = await page.evaluate(
    `[...document.querySelectorAll('input, textarea, select')].map((e) => e.value).join('\\n')`,
  );
  return `${await page.content()}\n${String(values)}`;
}

/**
 * The renderer's side of the canary sweep: the BUILT renderer in headless Chromium over the real app handlers (as
 * the UI tests run it), with a remote MCP connection to the echoing upstream holding `canary`. Visits the
 * connections list, the connection (with a live check), its tools and permissions, and the activity screen, and
 * returns each screen's DOM plus every RPC reply that crossed to the renderer. Steps that fail are reported as
 * outputs named `renderer step failed`, so a broken walk cannot pass as clean.
 */
export async function rendererOutputs(
  canary: string,
  upstreamUrl: string,
): Promise<{ outputs: Array<{ where: string; text: string }>; failedSteps: string[] }> {
  const outputs: Array<{ where: string; text: string }> = [];
  const failedSteps: string[] = [];
  const harness = await startUiHarness();
  const browser = await launchChromium();
  try {
    const add = await cli(
      ['connections', 'add', 'remote-mcp', '--label', 'Canary', '--url', upstreamUrl, '--token-stdin'],
      { BRIDGEKEEPER_HOME: harness.home },
      canary,
    );
    if (add.code !== 0) failedSteps.push(`add: ${add.stderr.trim().slice(0, 200)}`);
    const { page } = await openApp(browser, harness);
    const step = async (name: string, action: () => Promise<void>) => {
      try {
        await action();
        outputs.push({ where: `renderer DOM: ${name}`, text: await domText(page) });
      } catch (error) {
        failedSteps.push(`${name}: ${String(error).split('\n')[0]}`);
      }
    };
    await step('connections', async () => {
      const welcome = page.getByTestId('welcome').getByRole('button', { name: 'Got it' });
      if (await welcome.isVisible().catch(() => false)) await welcome.click();
      await page.getByRole('button', { name: 'Open Canary' }).waitFor();
    });
    await step('connection', async () => {
      await page.getByRole('button', { name: 'Open Canary' }).click();
      await page.getByRole('button', { name: 'Tools and permissions' }).waitFor();
      const check = page.getByRole('button', { name: /^Check/ }).first();
      if (await check.isVisible().catch(() => false)) {
        const before = harness.rpcs.length;
        await check.click();
        for (let i = 0; i < 200 && harness.rpcs.length === before; i++) await page.waitForTimeout(50);
      }
    });
    await step('tools and permissions', async () => {
      await page.getByRole('button', { name: 'Tools and permissions' }).click();
      await page.getByTestId('tool-matrix').waitFor();
      await page.getByTestId('tool-probe').waitFor();
    });
    await step('activity', async () => {
      await goTo(page, 'Activity');
    });
    for (const rpc of harness.rpcs) outputs.push({ where: `renderer RPC reply ${rpc.channel}`, text: rpc.response });
  } finally {
    await browser.close().catch(() => undefined);
    await harness.close();
  }
  return { outputs, failedSteps };
}
