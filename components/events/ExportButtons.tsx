'use client';

import { useState } from 'react';
import type { EventFilter } from '../../lib/events';
import { reportAccessRefusal } from '../auth/accessRefusal';
import { authorizationHeaders, readSessionToken } from '../auth/sessionToken';
import { eventFilterSearchParams } from './eventFilterParams';

const FORMATS = [
  { format: 'ndjson', label: 'NDJSON', extension: 'ndjson' },
  { format: 'csv', label: 'CSV', extension: 'csv' },
] as const;
type ExportFormat = (typeof FORMATS)[number]['format'];

export function exportHref(filter: EventFilter, format: ExportFormat): string {
  return `/api/events/export?${eventFilterSearchParams(filter, { format })}`;
}

function saveWithLink(href: string, fileName: string) {
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
}

/**
 * Downloads the current filter. Without a token the browser streams the file itself (a
 * plain link); a link cannot send the bearer token, so with one the file is fetched with
 * it and saved from memory.
 */
export function ExportButtons({ filter }: { filter: EventFilter }) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<string | null>(null);

  const download = async (format: ExportFormat, extension: string) => {
    const href = exportHref(filter, format);
    const fileName = `waybill-events-${new Date().toISOString().replace(/[:.]/g, '-')}.${extension}`;
    setError(null);
    if (readSessionToken() === null) {
      saveWithLink(href, fileName);
      return;
    }
    setBusy(format);
    try {
      const response = await fetch(href, { headers: authorizationHeaders() });
      if (response.status === 401 || response.status === 403) {
        reportAccessRefusal(response.status === 401 ? 'unauthorized' : 'forbidden', 'Exporting needs a viewer or operator token.');
        throw new Error('the server refused the token');
      }
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
      const objectUrl = URL.createObjectURL(await response.blob());
      saveWithLink(objectUrl, fileName);
      // The click has handed the blob to the download; the URL is no longer needed.
      setTimeout(() => URL.revokeObjectURL(objectUrl), 10_000);
    } catch (failure) {
      setError(`Export failed: ${failure instanceof Error ? failure.message : String(failure)}`);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="export-buttons" role="group" aria-label="Export the matching events">
      <span className="export-buttons__caption">Export</span>
      {FORMATS.map(({ format, label, extension }) => (
        <button
          key={format}
          type="button"
          className="button button--quiet button--small"
          data-testid={`export-${format}`}
          data-href={exportHref(filter, format)}
          disabled={busy !== null}
          onClick={() => void download(format, extension)}
        >
          {busy === format ? 'Exporting…' : label}
        </button>
      ))}
      {error && (
        <span className="export-buttons__error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
