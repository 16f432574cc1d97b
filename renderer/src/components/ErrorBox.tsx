import type { AppError } from '../api';

/** Shows a typed error: what happened, then what to do next. Announced to screen readers. */
export function ErrorBox({ error, title = 'That did not work' }: { error: AppError | null; title?: string }) {
  if (!error) return null;
  return (
    <div className="notice notice-bad" role="alert" data-testid="error">
      <strong>{title}</strong>
      <p>{error.message}</p>
      {error.hint ? (
        <p className="hint">
          <span className="hint-label">What to do: </span>
          {error.hint}
        </p>
      ) : null}
    </div>
  );
}
