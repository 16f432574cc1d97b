import { z } from 'zod';

/** Tunables of the stdio gateway, read once from the environment (validated: bad values fall back to defaults). */
export interface GatewayConfig {
  /** Per upstream call (each HTTP request / MCP request). `BRIDGEKEEPER_CALL_TIMEOUT_MS`, default 30 s. */
  callTimeoutMs: number;
  /** How long tools/list waits for one upstream's tool list before answering without it. Default 5 s. */
  listTimeoutMs: number;
  /** Tool results larger than this (UTF-8 bytes of text) are truncated with a note. Default 100 kB. */
  maxResultBytes: number;
  /** Images, audio and binary resources in a result, together: larger ones are left out with a note. Default 1 MB. */
  maxMediaBytes: number;
  /**
   * An upstream MCP session unused this long is closed (and reopened on the next call).
   * `BRIDGEKEEPER_IDLE_SESSION_MS`, default 5 min; absent: sessions stay open.
   */
  idleSessionMs?: number;
}

const positive = (fallback: number) => z.coerce.number().int().positive().catch(fallback);
const EnvSchema = z.object({
  BRIDGEKEEPER_CALL_TIMEOUT_MS: positive(30_000),
  BRIDGEKEEPER_LIST_TIMEOUT_MS: positive(5_000),
  BRIDGEKEEPER_MAX_RESULT_BYTES: positive(100_000),
  BRIDGEKEEPER_MAX_MEDIA_BYTES: positive(1_000_000),
  BRIDGEKEEPER_IDLE_SESSION_MS: positive(300_000),
});

/** The gateway configuration from `env`. */
export function gatewayConfigFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = EnvSchema.parse({
    BRIDGEKEEPER_CALL_TIMEOUT_MS: env.BRIDGEKEEPER_CALL_TIMEOUT_MS ?? 30_000,
    BRIDGEKEEPER_LIST_TIMEOUT_MS: env.BRIDGEKEEPER_LIST_TIMEOUT_MS ?? 5_000,
    BRIDGEKEEPER_MAX_RESULT_BYTES: env.BRIDGEKEEPER_MAX_RESULT_BYTES ?? 100_000,
    BRIDGEKEEPER_MAX_MEDIA_BYTES: env.BRIDGEKEEPER_MAX_MEDIA_BYTES ?? 1_000_000,
    BRIDGEKEEPER_IDLE_SESSION_MS: env.BRIDGEKEEPER_IDLE_SESSION_MS ?? 300_000,
  });
  return {
    callTimeoutMs: parsed.BRIDGEKEEPER_CALL_TIMEOUT_MS,
    listTimeoutMs: parsed.BRIDGEKEEPER_LIST_TIMEOUT_MS,
    maxResultBytes: parsed.BRIDGEKEEPER_MAX_RESULT_BYTES,
    maxMediaBytes: parsed.BRIDGEKEEPER_MAX_MEDIA_BYTES,
    idleSessionMs: parsed.BRIDGEKEEPER_IDLE_SESSION_MS,
  };
}
