import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cliPath, repoRoot } from '../helpers/cli.js';

/**
 * `bridgekeeper mcp` as a raw child process: bytes in on stdin, every stdout line checked to be one JSON-RPC
 * message (stdout is protocol only). For the fuzz, which must send what no SDK client would.
 */
export interface RawGateway {
  child: ChildProcessWithoutNullStreams;
  /** Parsed stdout messages, in order. */
  messages: Array<Record<string, unknown>>;
  /** stdout lines that were not a JSON-RPC 2.0 object. */
  invalidLines: string[];
  stderr(): string;
  exited(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Writes bytes, waiting for the pipe to drain. False when the process is gone. */
  write(data: string | Buffer): Promise<boolean>;
  /** Sends a request and resolves with its answer (undefined after `timeoutMs` or when the process exits). */
  request(
    id: string | number,
    method: string,
    params?: unknown,
    timeoutMs?: number,
  ): Promise<Record<string, unknown> | undefined>;
  stop(): Promise<void>;
}

/** True for a line that is exactly one JSON-RPC 2.0 message object. */
export function isJsonRpcLine(line: string): boolean {
  try {
    const value = JSON.parse(line) as unknown;
    return (
      !!value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      (value as { jsonrpc?: unknown }).jsonrpc === '2.0'
    );
  } catch {
    return false;
  }
}

/** Starts the gateway with `env` (a home of its own, host overrides to loopback only). */
export function startRawGateway(env: Record<string, string>): RawGateway {
  const child = spawn(process.execPath, [cliPath, 'mcp'], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const messages: Array<Record<string, unknown>> = [];
  const invalidLines: string[] = [];
  const waiters = new Map<string, (message: Record<string, unknown> | undefined) => void>();
  let stderr = '';
  let pending = '';
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 1_000_000) stderr += d.toString();
  });
  child.stdout.on('data', (d: Buffer) => {
    pending += d.toString('utf8');
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline).replace(/\r$/, '');
      pending = pending.slice(newline + 1);
      if (!isJsonRpcLine(line)) {
        invalidLines.push(line.slice(0, 200));
        continue;
      }
      const message = JSON.parse(line) as Record<string, unknown>;
      messages.push(message);
      const waiter = waiters.get(JSON.stringify(message.id ?? null));
      if (waiter && ('result' in message || 'error' in message)) {
        waiters.delete(JSON.stringify(message.id));
        waiter(message);
      }
    }
  });
  child.stdin.on('error', () => undefined);
  child.on('exit', (code, signal) => {
    exit = { code, signal };
    for (const waiter of waiters.values()) waiter(undefined);
    waiters.clear();
  });
  const write = (data: string | Buffer) =>
    new Promise<boolean>((resolve) => {
      if (exit || child.stdin.destroyed) return resolve(false);
      if (child.stdin.write(data)) resolve(true);
      else {
        const onDrain = () => {
          child.off('exit', onExit);
          resolve(!exit);
        };
        const onExit = () => {
          child.stdin.off('drain', onDrain);
          resolve(false);
        };
        child.stdin.once('drain', onDrain);
        child.once('exit', onExit);
      }
    });
  return {
    child,
    messages,
    invalidLines,
    stderr: () => stderr,
    exited: () => exit,
    write,
    request: (id, method, params, timeoutMs = 10_000) =>
      new Promise((resolve) => {
        if (exit) return resolve(undefined);
        const key = JSON.stringify(id);
        const timer = setTimeout(() => {
          waiters.delete(key);
          resolve(undefined);
        }, timeoutMs);
        waiters.set(key, (message) => {
          clearTimeout(timer);
          resolve(message);
        });
        void write(`${JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) })}\n`);
      }),
    stop: async () => {
      if (exit) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await gone;
      clearTimeout(timer);
    },
  };
}
