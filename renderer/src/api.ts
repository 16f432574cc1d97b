import {
  type ErrorFixView,
  type ErrorPayload,
  type OperationName,
  type RequestOf,
  type ResponseOf,
  resultSchema,
} from '../../shared/contract';

/** A failure from the core, carrying words for the person: what happened and what to do next. */
export class AppError extends Error {
  readonly code: string;
  readonly hint: string;
  /** The one-click fix the core offers for this error, if any. */
  readonly fix: ErrorFixView | undefined;
  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.code = payload.code;
    this.hint = payload.hint;
    this.fix = payload.fix;
  }
}

/**
 * Calls one contract operation through `window.bridgekeeper` and re-validates the reply against the contract
 * (the renderer trusts nothing it did not check). Resolves with the value or throws an `AppError`.
 */
export async function call<K extends OperationName>(name: K, request: RequestOf<K>): Promise<ResponseOf<K>> {
  const bridge = window.bridgekeeper;
  if (!bridge || typeof bridge[name] !== 'function') {
    throw new AppError({
      code: 'no_bridge',
      message: 'Bridgekeeper could not reach its core.',
      hint: 'Restart the app.',
    });
  }
  const fn = bridge[name] as (request: RequestOf<K>) => Promise<unknown>;
  const parsed = resultSchema(name).safeParse(await fn(request));
  if (!parsed.success)
    throw new AppError({
      code: 'bad_reply',
      message: 'Bridgekeeper received a reply it did not expect.',
      hint: 'Restart the app; if it keeps happening, report it.',
    });
  const result = parsed.data as { ok: true; value: ResponseOf<K> } | { ok: false; error: ErrorPayload };
  if (!result.ok) throw new AppError(result.error);
  return result.value;
}

/** Turns anything thrown into an `AppError` for display. */
export function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError({
    code: 'unexpected',
    message: error instanceof Error ? error.message : String(error),
    hint: 'Try again.',
  });
}
