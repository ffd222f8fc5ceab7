// First start: who is the auditor (every change carries the name; changeable in 设置).
import { useState } from 'react';
import { api } from '../shared/api';
import { M } from '../shared/messages';

export function NamePrompt({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const save = () => name.trim() && void api.setAuditor({ name: name.trim() }).then(onDone);
  return (
    <div className="modal-back">
      <div className="modal" role="dialog" aria-label={M.team.namePromptTitle} data-testid="name-prompt">
        <h4>{M.team.namePromptTitle}</h4>
        <p className="small">{M.team.namePrompt}</p>
        <div className="row">
          <input autoFocus value={name} maxLength={40} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && save()} aria-label={M.auditorName} style={{ flex: 1 }} />
          <button disabled={!name.trim()} onClick={save}>
            {M.team.nameSave}
          </button>
        </div>
      </div>
    </div>
  );
}
