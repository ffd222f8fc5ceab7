// The status bar: reports and the round's progress, the import, the shortcuts, the auditor and settings.
import type { ReactNode } from 'react';
import type { WorkspaceView } from '../../../ipc/contract';
import type { RoundCounter } from '../../../core/queue';
import { M } from '../shared/messages';

export function StatusBar({ ws, round, shown, importStatus, onSettings }: { ws: WorkspaceView | null; round: RoundCounter; shown: number; importStatus: ReactNode; onSettings: () => void }) {
  return (
      <footer className="statusbar">
        <span>{ws ? M.reports(ws.items.length) : ''}</span>
        {ws && ws.items.length > 0 && (
          <span data-testid="round" className="round">
            {M.round(round.done, round.reports, round.undecided)}
            {shown !== ws.items.length && <span className="muted">{M.shown(shown)}</span>}
          </span>
        )}
        {importStatus}
        <span className="grow" />
        <span className="muted small">{M.shortcuts}</span>
        <button className="link small" title={ws?.storePath} onClick={onSettings} data-testid="settings-open">
          {M.auditor}：{ws?.auditor || '—'} · {M.settings}
        </button>
      </footer>
  );
}
