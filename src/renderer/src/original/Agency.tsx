// Report header: whose deadline applies (人民政府 / 政府部门, set by the auditor when the name
// misleads) and merging two spellings of one agency so its years pair.
import { useState } from 'react';
import type { AgencyInfo } from '../../../ipc/contract';
import { api } from '../shared/api';
import { M } from '../shared/messages';

export function AgencyControls({ reportKey, info, onChanged, onError }: { reportKey: string; info: AgencyInfo; onChanged: () => void; onError: (m: string) => void }) {
  const [merging, setMerging] = useState(false);
  const [into, setInto] = useState('');
  const run = (p: Promise<unknown>) => void p.then(onChanged).catch((e) => onError((e as Error).message));
  const kindText = `${M.agencyKind[info.kind]}${info.override ? '' : info.certain ? '' : M.agencyGuess}`;
  return (
    <span className="agency-controls">
      <label title={`${info.why}${info.override ? '' : M.agencyTypeHint}`}>
        {M.agencyType}
        <select
          aria-label={M.agencyType}
          className={info.certain || info.override ? '' : 'guess'}
          value={info.override ?? 'auto'}
          onChange={(e) => run(api.setAgencyType({ key: reportKey, type: e.target.value as 'auto' }))}
        >
          <option value="auto">{M.agencyAuto(kindText)}</option>
          <option value="government">{M.agencyKind.government}</option>
          <option value="department">{M.agencyKind.department}</option>
        </select>
      </label>
      {info.mergedInto ? (
        <span className="agency-merged">
          {M.mergedInto(info.mergedInto)}
          <button onClick={() => run(api.mergeAgency({ key: reportKey, into: null }))}>{M.unmerge}</button>
        </span>
      ) : merging ? (
        <form
          className="agency-merge"
          onSubmit={(e) => {
            e.preventDefault();
            if (into.trim().length < 2) return;
            setMerging(false);
            run(api.mergeAgency({ key: reportKey, into: into.trim() }));
          }}
        >
          <input list="agency-others" aria-label={M.mergeTarget} placeholder={M.mergeTarget} value={into} onChange={(e) => setInto(e.target.value)} autoFocus />
          <datalist id="agency-others">
            {info.others.map((o) => (
              <option key={o} value={o} />
            ))}
          </datalist>
          <button type="submit">{M.mergeOk}</button>
          <button type="button" onClick={() => setMerging(false)}>
            {M.cancel}
          </button>
        </form>
      ) : (
        <button title={M.mergeHint} onClick={() => setMerging(true)}>
          {M.merge}
        </button>
      )}
    </span>
  );
}
