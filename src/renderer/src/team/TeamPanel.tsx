// 团队: the conflicts (both sides, who, when, what; a person picks one) and the team server's line.
import './team.css';
import { useState } from 'react';
import type { TeamConflict, TeamInfo } from '../../../ipc/contract';
import { api } from '../shared/api';
import { M } from '../shared/messages';

export function TeamPanel({ team, conflicts, onChanged, onClose, onOpenReport, say }: { team: TeamInfo; conflicts: TeamConflict[]; onChanged: () => void; onClose: () => void; onOpenReport: (key: string) => void; say: (t: string, level?: 'info' | 'error') => void }) {
  const [line, setLine] = useState('');
  const fail = (e: unknown) => say((e as Error).message, 'error');
  return (
    <div className="modal-back" onClick={onClose}>
      <div className="modal team-panel" role="dialog" aria-label={M.team.settingsTitle} onClick={(e) => e.stopPropagation()}>
        <h4>{conflicts.length ? M.team.conflictsTitle(conflicts.length) : M.team.noConflicts}</h4>
        <ul className="team-conflicts" data-testid="team-conflicts">
          {conflicts.map((c) => (
            <li key={c.record} data-record={c.record}>
              <div className="small muted">
                {M.team.kinds[c.kind] ?? c.kind} ·{' '}
                <button className="link small" onClick={() => onOpenReport(c.reportKey)}>
                  {M.team.report} {c.reportKey.split(':').slice(1, 3).join(' ')}
                </button>
              </div>
              {c.sides.map((s) => (
                <div key={s.id} className={`team-side${s.mine ? ' mine' : ''}`} data-testid="team-side">
                  <span className="small muted">{M.team.side(s.by, s.at, s.mine)}</span>
                  <span className="what">{s.what}</span>
                  <button onClick={() => void api.resolveConflict({ record: c.record, pick: s.id }).then(onChanged, fail)}>{M.team.keep}</button>
                </div>
              ))}
            </li>
          ))}
        </ul>
        <h4>{M.team.settingsTitle}</h4>
        {team.round && team.me && <p className="small">{M.team.connected(team.round, team.me)}</p>}
        {team.error && <p className="small error">{team.error}</p>}
        {team.aside > 0 && <p className="small muted">{M.team.aside(team.aside)}</p>}
        <label className="small muted">{M.team.lineLabel}</label>
        <div className="row">
          <input value={line} onChange={(e) => setLine(e.target.value)} placeholder={team.server ?? 'postgres://…'} aria-label={M.team.lineLabel} style={{ flex: 1 }} data-testid="team-line" />
          <button disabled={!line.trim()} onClick={() => void api.setTeam({ line: line.trim() }).then(() => (setLine(''), onChanged()), fail)}>
            {M.team.connect}
          </button>
        </div>
        <div className="row">
          {team.server && <button onClick={() => void api.syncTeam({}).then(onChanged, fail)}>{M.team.syncNow}</button>}
          {team.server && <button onClick={() => void api.setTeam({ line: null }).then(onChanged, fail)}>{M.team.disconnect}</button>}
          <span className="grow" />
          <button onClick={onClose}>{M.close}</button>
        </div>
      </div>
    </div>
  );
}
