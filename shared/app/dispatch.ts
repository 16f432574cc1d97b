import { operations, type OperationName, type RequestOf, type ResponseOf, type Result } from '../contract.js';
import { rememberSecret } from '../secrets/known-secrets.js';
import { redactSecrets } from '../secrets/redact.js';
import { invalidRequestPayload, toErrorPayload } from './error-payload.js';

/** One implementation per contract operation. Handlers get the already-validated request. */
export type AppHandlers = { [K in OperationName]: (request: RequestOf<K>) => Promise<ResponseOf<K>> };

/** Secrets a request may carry (tokens typed by the person); used to redact and to guard the response. */
export function secretsInRequest(raw: unknown): string[] {
  if (!raw || typeof raw !== 'object') return [];
  const token = (raw as { token?: unknown }).token;
  return typeof token === 'string' && token.trim().length >= 6 ? [token.trim()] : [];
}

/**
 * Runs one operation the way both IPC and the test harness do: validate the request with the contract's zod
 * schema, run the handler, validate the response (unknown keys stripped), and turn failures into a typed
 * `{ code, message, hint }`. As a last guard, a response that contains the request's own secret is refused.
 */
export async function invokeOperation<K extends OperationName>(
  handlers: AppHandlers,
  name: K,
  raw: unknown,
): Promise<Result<ResponseOf<K>>> {
  const operation = operations[name];
  if (!operation) return { ok: false, error: invalidRequestPayload(String(name), 'unknown operation') };
  const secrets = secretsInRequest(raw);
  for (const secret of secrets) rememberSecret(secret);
  const parsed = operation.request.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { ok: false, error: invalidRequestPayload(String(name), `${where}${issue?.message ?? 'invalid'}`) };
  }
  try {
    const handler = handlers[name] as (request: unknown) => Promise<unknown>;
    const value = operation.response.parse(await handler(parsed.data)) as ResponseOf<K>;
    const serialised = JSON.stringify(value);
    if (secrets.some((secret) => serialised.includes(secret))) {
      return {
        ok: false,
        error: {
          code: 'internal_secret_guard',
          message: 'Bridgekeeper stopped a reply that contained your token.',
          hint: 'Nothing was shown. Please report this bug.',
        },
      };
    }
    // Any other secret this process handled (an upstream may quote one back) is masked before the renderer sees it.
    const redacted = serialised === undefined ? serialised : redactSecrets(serialised);
    return { ok: true, value: redacted === serialised ? value : (JSON.parse(redacted) as ResponseOf<K>) };
  } catch (error) {
    return { ok: false, error: toErrorPayload(error, secrets) };
  }
}
