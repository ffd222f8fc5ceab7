// Files the workspace could not read, listed from the status bar.
import type { WorkspaceView } from '../../../ipc/contract';
import { M } from '../shared/messages';

export function ImportErrors({ errors, onClose }: { errors: WorkspaceView['errors']; onClose: () => void }) {
  return (
        <div className="popover" role="dialog" aria-label={M.importErrors}>
          <h4>{M.importErrors}</h4>
          <ul>
            {errors.map((e) => (
              <li key={e.file}>
                <b>{e.file.split(/[\\/]/).pop()}</b> <span className="tag">{e.code}</span>
                <div>{e.message}</div>
              </li>
            ))}
          </ul>
          <button onClick={onClose}>{M.cancel}</button>
        </div>
  );
}
