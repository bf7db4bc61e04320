/**
 * While an imported close log is shown instead of the live one, the panel must say so plainly
 * (and where the file came from), and a file that could not be imported must say why; both sit
 * between the toolbar and the summary.
 */
import { count } from './format';
import type { ImportedLog } from './panelModel';

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
