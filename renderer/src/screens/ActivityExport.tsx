import { useState } from 'react';
import { type AppError, asAppError, call } from '../api';
import type { ActivityFilter } from './ActivityScreen';

/** Hands a text file to the browser's download (Electron shows its Save dialog). */
function download(fileName: string, mimeType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: `${mimeType};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "Export JSON" and "Export CSV": the entries the current filter shows, built by the core with secrets redacted. */
export function ActivityExport({
  filter,
  onError,
}: {
  filter: ActivityFilter;
  onError: (error: AppError | null) => void;
}) {
  const [saved, setSaved] = useState('');
  const exportAs = async (format: 'json' | 'csv') => {
    try {
      const file = await call('exportActivity', { format, ...filter });
      download(file.fileName, file.mimeType, file.content);
      setSaved(`Exported ${file.count} ${file.count === 1 ? 'entry' : 'entries'} as ${file.fileName}.`);
      onError(null);
    } catch (e) {
      onError(asAppError(e));
    }
  };
  return (
    <>
      <button type="button" className="button secondary" onClick={() => void exportAs('json')}>
        Export JSON
      </button>
      <button type="button" className="button secondary" onClick={() => void exportAs('csv')}>
        Export CSV
      </button>
      <span role="status" className="muted small" data-testid="activity-exported">
        {saved}
      </span>
    </>
  );
}
