// 设置: the auditor's name and where the review data is kept (moved through the chooser, by the desk).
import './settings.css';
import type { WorkspaceView } from '../../../ipc/contract';
import { api } from '../shared/api';
import { M } from '../shared/messages';

export function Settings({ ws, auditorName, setAuditorName, onMoveStore, onClose, say }: { ws: WorkspaceView; auditorName: string; setAuditorName: (n: string) => void; onMoveStore: () => void; onClose: () => void; say: (t: string) => void }) {
  return (
        <div className="modal-back" onClick={onClose}>
          <div className="modal" role="dialog" aria-label={M.settings} onClick={(e) => e.stopPropagation()}>
            <h4>{M.settings}</h4>
            <label className="small muted">{M.auditorName}</label>
            <div className="row">
              <input defaultValue={ws.auditor} onChange={(e) => setAuditorName(e.target.value)} aria-label={M.auditorName} style={{ flex: 1 }} />
              <button onClick={() => auditorName.trim() && void api.setAuditor({ name: auditorName.trim() }).then(() => say(M.storeSaved))}>{M.save}</button>
            </div>
            <label className="small muted">{M.storeLocation}</label>
            <div className="row">
              <code className="path" data-testid="store-path">
                {ws.storePath}
              </code>
            </div>
            <div className="row">
              <button onClick={onMoveStore}>{M.moveStore}</button>
              <span className="grow" />
              <button onClick={onClose}>{M.close}</button>
            </div>
          </div>
        </div>
  );
}
