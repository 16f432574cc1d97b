import { type Ref, useState } from 'react';

/** A token field, hidden as you type, with a Show/Hide switch so a person can check what they pasted. */
export function SecretField({
  id,
  label,
  value,
  onChange,
  help,
  placeholder,
  required = false,
  inputRef,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  help: string;
  placeholder?: string | undefined;
  required?: boolean;
  inputRef?: Ref<HTMLInputElement>;
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
          aria-describedby={`${id}-help`}
        />
        <button
          type="button"
          className="button secondary"
          aria-pressed={shown}
          aria-controls={id}
          onClick={() => setShown(!shown)}
        >
          {shown ? 'Hide' : 'Show'}
        </button>
      </div>
      <p id={`${id}-help`} className="field-help">
        {help}
      </p>
    </div>
  );
}
