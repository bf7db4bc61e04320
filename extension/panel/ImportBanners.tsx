/**
 * While an imported close log is shown instead of the live one, the panel must say so plainly
 * (and where the file came from), and a file that could not be imported must say why; both sit
 * between the toolbar and the summary.
 */
import { bytesLabel, count } from './format';
import type { ImportProgress } from './importMessages';
import type { ImportedLog } from './panelModel';
import type { Importing } from './useImport';

export function ImportedBanner({ imported, onBackToLive }: { imported: ImportedLog; onBackToLive(): void }) {
  return (
    <div class="imported-banner" role="status" data-testid="imported-banner">
      <strong>Imported close log</strong>
      <span class="imported-name" title={imported.name}>
        {imported.name}
      </span>
      <span class="muted" title={imported.pageUrl}>
        exported {imported.exportedAt} by {imported.tool}
        {imported.pageUrl ? ` from ${imported.pageUrl}` : ''}
        {imported.filtered ? ' · filtered export' : ''}
      </span>
      {imported.skipped.count > 0 && (
        <span class="skipped" data-testid="import-skipped">
          {count(imported.skipped.count, 'malformed connection')} skipped (#
          {imported.skipped.first.join(', #')}
          {imported.skipped.count > imported.skipped.first.length ? ', …' : ''})
        </span>
      )}
      <span class="muted">Not live: new connections go to the live log.</span>
      <button type="button" onClick={onBackToLive}>
        Back to live log
      </button>
    </div>
  );
}

export function ImportErrorAlert({ message, onDismiss }: { message: string; onDismiss(): void }) {
  return (
    <div class="import-error" role="alert" data-testid="import-error">
      <span>{message}</span>
      <button type="button" onClick={onDismiss} aria-label="Dismiss the import error">
        Dismiss
      </button>
    </div>
  );
}

function progressText(p: ImportProgress | null): string {
  if (!p) return 'starting';
  switch (p.phase) {
    case 'reading':
      return `reading ${bytesLabel(p.done)} of ${bytesLabel(p.total)}`;
    case 'parsing':
      return 'parsing the JSON';
    case 'checking':
      return `checking ${count(p.done, 'connection')} of ${p.total.toLocaleString('en-US')}`;
    case 'loading':
      return `loading ${count(p.done, 'connection')}${p.total ? ` of ${p.total.toLocaleString('en-US')}` : ''}`;
  }
}

/** While a close log is read: how far it got, and a way out (the live log stays usable). */
export function ImportProgressBar({ importing, onCancel }: { importing: Importing; onCancel(): void }) {
  const p = importing.progress;
  const determinate = p !== null && p.total > 0;
  return (
    <div
      class="import-progress"
      role="status"
      data-testid="import-progress"
      data-phase={p?.phase ?? 'starting'}
    >
      <span class="imported-name" title={importing.name}>
        Importing {importing.name}
      </span>
      {determinate ? (
        <progress max={p.total} value={Math.min(p.done, p.total)} aria-label="Import progress" />
      ) : (
        <progress aria-label="Import progress" />
      )}
      <span class="muted">{progressText(p)}</span>
      <button type="button" onClick={onCancel} aria-label="Cancel the import">
        Cancel
      </button>
    </div>
  );
}
