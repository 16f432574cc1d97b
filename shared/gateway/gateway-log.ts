import fs from 'node:fs';
import path from 'node:path';
import { redactSecrets } from '../secrets/redact.js';

/** Where gateway diagnostics go: stderr and `<home>/logs/gateway.log`, never stdout (stdout is protocol only). */
export interface GatewayLog {
  info(message: string): void;
  warn(message: string): void;
  /** Adds values that must be masked wherever they appear. */
  addSecret(secret: string): void;
}

/** A log writing redacted lines to stderr and (best effort) to `gateway.log` in `logsDir`. */
export function createGatewayLog(logsDir: string, options: { stderr?: boolean } = {}): GatewayLog {
  const secrets = new Set<string>();
  let file: string | undefined;
  try {
    fs.mkdirSync(logsDir, { recursive: true, mode: 0o700 });
    file = path.join(logsDir, 'gateway.log');
    // Bounded: a log over 5 MB is moved to gateway.log.1 (replacing the previous one) when a gateway starts.
    if ((fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) > 5 * 1024 * 1024) fs.renameSync(file, `${file}.1`);
  } catch {
    file = undefined;
  }
  const write = (level: string, message: string) => {
    const line = `${new Date().toISOString()} ${level} [pid ${process.pid}] ${redactSecrets(message, secrets)}\n`;
    if (options.stderr !== false) process.stderr.write(`bridgekeeper: ${line}`);
    if (file) {
      try {
        fs.appendFileSync(file, line, { mode: 0o600 });
      } catch {
        file = undefined;
      }
    }
  };
  return {
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    addSecret: (s) => {
      if (s) secrets.add(s);
    },
  };
}
