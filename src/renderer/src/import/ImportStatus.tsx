// The import in the status bar: its progress (with cancel) while it runs, then its summary or the errors.
import type { ImportProgress, ImportSummary, WorkspaceView } from '../../../ipc/contract';
import { api } from '../shared/api';
import { M } from '../shared/messages';

export function ImportStatus({ ws, progress, summary, onSummary, onErrors }: { ws: WorkspaceView | null; progress: ImportProgress | null; summary: ImportSummary | null; onSummary: () => void; onErrors: () => void }) {
  return (
    <>
        {progress?.running ? (
          <span className="progress" data-testid="import-progress">
            <progress max={progress.total || 1} value={progress.done} /> {M.importing(progress.done, progress.total)} <span className="muted">{progress.current.split(/[\\/]/).pop()}</span>
            {progress.ocrPage && <span className="muted" data-testid="ocr-page"> · {M.ocrPage(progress.ocrPage.done, progress.ocrPage.total)}</span>}
            <button className="link" onClick={() => void api.cancelImport({})}>
              {M.importCancel}
            </button>
          </span>
        ) : null}
        {summary ? (
          <button className={`link${summary.unreadable.length ? ' danger' : ''}`} onClick={onSummary} data-testid="summary-open">
            {summary.unreadable.length + summary.notReports.length ? M.importProblems(summary.unreadable.length + summary.notReports.length) : M.importSummary}
          </button>
        ) : (
          ws &&
          ws.errors.length > 0 && (
            <button className="link danger" onClick={onErrors}>
              {M.importErrors}（{ws.errors.length}）
            </button>
          )
        )}
    </>
  );
}
