// The toolbar: open files and folders, undo/redo, 总览, letters, review-file exchange, the workbook.
import type { WorkspaceView } from '../../../ipc/contract';
import { api } from '../shared/api';
import { M } from '../shared/messages';

export interface ToolbarProps {
  ws: WorkspaceView | null;
  showOverview: boolean;
  exporting: boolean;
  say: (t: string) => void;
  onOpen: (purpose: 'openFiles' | 'openFolder') => void;
  onToggleOverview: () => void;
  onLetters: () => void;
  onImportReview: () => void;
  onExportReview: () => void;
  onExport: () => void;
}

export function Toolbar({ ws, showOverview, exporting, say, onOpen, onToggleOverview, onLetters, onImportReview, onExportReview, onExport }: ToolbarProps) {
  return (
      <header className="toolbar">
        <strong className="brand">{M.appName}</strong>
        <button onClick={() => onOpen('openFiles')}>{M.openFiles}</button>
        <button onClick={() => onOpen('openFolder')}>{M.openFolder}</button>
        <span className="sep" />
        <button onClick={() => void api.undo({}).then((r) => r.label && say(`${M.undo}：${r.label}`))} disabled={!ws?.undo} title={ws?.undo ?? ''}>
          {M.undo}
        </button>
        <button onClick={() => void api.redo({}).then((r) => r.label && say(`${M.redo}：${r.label}`))} disabled={!ws?.redo} title={ws?.redo ?? ''}>
          {M.redo}
        </button>
        <span className="grow" />
        <button className={showOverview ? 'on' : ''} aria-pressed={showOverview} onClick={onToggleOverview} data-testid="overview-toggle">
          {M.overviewButton}
        </button>
        <button onClick={onLetters} data-testid="letters-open">
          {M.letters.button}
        </button>
        <button onClick={onImportReview}>
          {M.importReview}
        </button>
        <button onClick={onExportReview}>{M.exportReview}</button>
        <button className="primary" onClick={onExport} disabled={exporting}>
          {exporting ? M.exporting : M.export}
        </button>
      </header>
  );
}
