// What an imported review file disagreed on: the kept value and the other.
import { M } from '../shared/messages';

export interface Conflict {
  id: string;
  kept: string;
  other: string;
}

export function Conflicts({ conflicts, onClose }: { conflicts: Conflict[]; onClose: () => void }) {
  return (
        <div className="popover" role="dialog" aria-label={M.conflicts}>
          <h4>{M.conflicts}</h4>
          <ul>
            {conflicts.map((c) => (
              <li key={c.id}>
                <div className="small muted">{c.id.split('|').pop()}</div>
                <div>
                  {M.conflictKept}：{c.kept}
                </div>
                <div className="muted">
                  {M.conflictOther}：{c.other}
                </div>
              </li>
            ))}
          </ul>
          <button onClick={onClose}>{M.close}</button>
        </div>
  );
}
