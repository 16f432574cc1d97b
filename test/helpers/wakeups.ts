import fs from 'node:fs';
import path from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { cliPath, repoRoot } from './cli.js';

/**
 * Waits for an event instead of for time: `wake()` is called whenever something arrives (a notification, a line of
 * output), and `until(find)` resolves with the first value `find` returns once it is there, or rejects after
 * `timeoutMs` with `describe()`'s words (a bound for a broken run, never the synchronisation itself).
 */
export interface Wakeups {
  wake(): void;
  until<T>(find: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T>;
}

/** A fresh set of waiting checks. */
export function createWakeups(): Wakeups {
  let waiting: Array<() => void> = [];
  return {
    wake() {
      const current = waiting;
      waiting = [];
      for (const check of current) check();
    },
    until(find, timeoutMs, describe) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(describe())), timeoutMs);
        const check = () => {
          const found = find();
          if (found === undefined) return void waiting.push(check);
          clearTimeout(timer);
          resolve(found);
        };
        check();
      });
    },
  };
}

/** The stdio transport to `bridgekeeper mcp` (the built CLI) with `env`, and what the gateway wrote to stderr. */
export function gatewayTransport(
  env: Record<string, string>,
  /** Extra arguments after `mcp`, e.g. `['--assistant', 'cursor']`. */
  args: string[] = [],
): {
  transport: StdioClientTransport;
  stderr(): string;
  /** Resolves once the gateway's stderr matches `pattern` (checked on every write to it). */
  untilStderr(pattern: RegExp, timeoutMs?: number): Promise<string>;
} {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cliPath, 'mcp', ...args],
    env: { ...(process.env as Record<string, string>), ...env },
    stderr: 'pipe',
    cwd: repoRoot,
  });
  let stderr = '';
  const wakeups = createWakeups();
  transport.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
    wakeups.wake();
  });
  return {
    transport,
    stderr: () => stderr,
    untilStderr: (pattern, timeoutMs = 20_000) =>
      wakeups.until(
        () => (pattern.test(stderr) ? stderr : undefined),
        timeoutMs,
        () => `gateway stderr did not match ${pattern} within ${timeoutMs} ms:\n${stderr}`,
      ),
  };
}

/**
 * Resolves once `file` exists, woken by file-system events under its nearest existing ancestor folder (watched
 * recursively, so folders created on the way count), never by polling; rejects after `timeoutMs`.
 */
export async function untilFileExists(file: string, timeoutMs: number): Promise<void> {
  let root = path.dirname(file);
  while (!fs.existsSync(root)) root = path.dirname(root);
  const wakeups = createWakeups();
  const watcher = fs.watch(root, { recursive: true }, () => wakeups.wake());
  try {
    await wakeups.until(
      () => (fs.existsSync(file) ? true : undefined),
      timeoutMs,
      () => `${file} did not appear within ${timeoutMs} ms`,
    );
  } finally {
    watcher.close();
  }
}
