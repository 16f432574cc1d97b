import { spawn } from 'node:child_process';

/** Opens a URL in the user's browser. Injectable so the app, the CLI and tests can each decide how. */
export type OpenBrowser = (url: string) => Promise<void>;

/**
 * Opens the system browser without a shell: the URL is one argv element, never interpolated into a command
 * string. `BRIDGEKEEPER_OPEN_BROWSER_CMD` (a program path) replaces the system opener, e.g. for headless
 * machines and tests; it receives the URL as its only argument.
 */
export const openSystemBrowser: OpenBrowser = async (url) => {
  const custom = process.env.BRIDGEKEEPER_OPEN_BROWSER_CMD;
  const [command, args] = custom
    ? [custom, [url]]
    : process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  await new Promise<void>((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true, shell: false });
    // A missing opener is not fatal: the URL is also printed for the person to open by hand.
    child.once('error', () => resolve());
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
};
