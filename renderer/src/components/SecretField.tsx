import { type Ref, useState } from 'react';

/**
 * A token field, hidden as you type, with a Show toggle so a person can check what they pasted. The toggle is one
 * button whose name stays "Show <what>" and whose `aria-pressed` says whether the value is visible (a screen reader
 * hears "Show token, toggle button, pressed"); its look follows the pressed state.
 */
export function SecretField({
  id,
  label,
  value,
  onChange,
  help,
  placeholder,
  required = false,
  inputRef,
  what = 'token',
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  help?: string | undefined;
  placeholder?: string | undefined;
  required?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  /** What the field holds, for the toggle's accessible name ("Show token", "Show client secret"). */
  what?: string;
}) {
  const [shown, setShown] = useState(false);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="row secret-row">
        <input
          ref={inputRef}
          id={id}
          name={id}
          type={shown ? 'text' : 'password'}
          autoComplete="off"
          spellCheck={false}
          required={required}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder={placeholder}
          {...(help ? { 'aria-describedby': `${id}-help` } : {})}
        />
        <button
          type="button"
          className="button secondary toggle"
          aria-label={`Show ${what}`}
          aria-pressed={shown}
          aria-controls={id}
          onClick={() => setShown(!shown)}
          data-testid={`${id}-toggle`}
        >
          Show
        </button>
      </div>
      {help ? (
        <p id={`${id}-help`} className="field-help">
          {help}
        </p>
      ) : null}
    </div>
  );
}
