import type { ErrorFixView } from '../../../shared/contract';
import type { AppError } from '../api';

/** The button text for a one-click fix. `place` says whether the token in question is being added or is saved. */
export function fixButtonLabel(fix: ErrorFixView, place: 'new' | 'saved' = 'saved'): string {
  switch (fix.kind) {
    case 'switch_region':
      return `Switch to ${fix.regionLabel}`;
    case 'use_service':
      return `Use ${fix.serviceName} instead`;
    case 'pick_another_name':
      return `Use '${fix.suggestion}'`;
    case 'save_anyway':
      return 'Save anyway';
    case 'replace_token':
      return place === 'new' ? 'Paste another token' : 'Replace token';
    case 'sign_in_again':
      return 'Sign in with browser';
  }
}

/**
 * Shows a typed error: what happened, then what to do next (in the app's words), and the one-click fix as a
 * button when the core offers one and the screen can apply it (`onFix`). Announced to screen readers.
 */
export function ErrorBox({
  error,
  title = 'That did not work',
  onFix,
  place = 'saved',
}: {
  error: AppError | null;
  title?: string;
  onFix?: ((fix: ErrorFixView) => void) | undefined;
  place?: 'new' | 'saved';
}) {
  if (!error) return null;
  const fix = onFix ? error.fix : undefined;
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
      {fix && onFix ? (
        <div className="row">
          <button type="button" className="button" data-testid="error-fix" onClick={() => onFix(fix)}>
            {fixButtonLabel(fix, place)}
          </button>
        </div>
      ) : null}
    </div>
  );
}
