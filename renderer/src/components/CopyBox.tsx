import { useId, useState } from 'react';

/** Read-only text with a Copy button (falls back to selecting the text so Ctrl/Cmd+C works). */
export function CopyBox({ label, text, rows = 8 }: { label: string; text: string; rows?: number }) {
  const id = useId();
  const [copied, setCopied] = useState<'idle' | 'copied' | 'select'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('copied');
    } catch {
      const area = document.getElementById(id) as HTMLTextAreaElement | null;
      area?.select();
      setCopied('select');
    }
  };
  return (
    <div className="copy-box">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} readOnly value={text} rows={rows} spellCheck={false} className="code" />
      <div className="row">
        <button type="button" className="button secondary" onClick={copy}>
          Copy
        </button>
        <span role="status" className="muted">
          {copied === 'copied'
            ? 'Copied to the clipboard.'
            : copied === 'select'
              ? 'Selected: press Ctrl+C (⌘C on a Mac) to copy.'
              : ''}
        </span>
      </div>
    </div>
  );
}
