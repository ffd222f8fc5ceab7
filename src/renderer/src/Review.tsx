// Findings with decisions, the score panel, annotations and the history of a report.
import { useEffect, useState } from 'react';
import type { FindingView, ReportView } from '../../ipc/contract';
import type { Rubric, Verdict } from '../../core/review';
import { api } from './api';
import { M } from './messages';

export function Findings(props: {
  view: ReportView;
  active: number | null;
  onActivate: (i: number) => void;
  onDecide: (f: FindingView, v: Verdict, comment?: string) => void;
}) {
  const { view } = props;
  if (!view.findings.length) return <div className="muted pad">{M.noFindings}</div>;
  return (
    <ol className="findings" aria-label={M.findings}>
      {view.findings.map((f, i) => (
        <FindingItem key={f.fingerprint + i} f={f} active={props.active === i} onClick={() => props.onActivate(i)} onDecide={props.onDecide} />
      ))}
      {view.orphanDecisions.length > 0 && (
        <li className="orphans">
          <h4>{M.orphans}</h4>
          {view.orphanDecisions.map((d) => (
            <div key={d.id} className="orphan" data-orphan={d.fingerprint}>
              {d.rule} · {M.verdict[d.verdict]} {d.comment && `· ${d.comment}`}
            </div>
          ))}
        </li>
      )}
    </ol>
  );
}

function FindingItem({ f, active, onClick, onDecide }: { f: FindingView; active: boolean; onClick: () => void; onDecide: (f: FindingView, v: Verdict, comment?: string) => void }) {
  const [comment, setComment] = useState(f.decision?.comment ?? '');
  const [open, setOpen] = useState(false);
  useEffect(() => setComment(f.decision?.comment ?? ''), [f.decision?.comment]);
  const verdict = f.decision?.verdict;
  return (
    <li
      className={`finding sev-${f.severity}${active ? ' active' : ''}${verdict ? ` v-${verdict}` : ''}`}
      data-rule={f.rule}
      data-fingerprint={f.fingerprint}
      onClick={onClick}
      ref={(el) => {
        if (active && el) el.scrollIntoView({ block: 'nearest' });
      }}
    >
      <div className="f-head">
        <span className={`sev sev-${f.severity}`}>{M.severity[f.severity]}</span>
        <span className="f-title">{f.title}</span>
        <span className="f-rule">{f.rule}</span>
        {f.crossYear && <span className="tag">{M.crossYear}</span>}
        {f.blankInvolved && <span className="tag">{M.blankInvolved}</span>}
        {f.needsReview && <span className="tag">{M.needsReview}</span>}
      </div>
      <div className="f-msg">{f.message}</div>
      <div className="f-meta">
        <span>{f.location}</span>
        {f.expected !== undefined && (
          <span className="ea">
            {M.expected} <b>{f.expected}</b> · {M.actual} <b>{f.actual ?? '空白'}</b>
          </span>
        )}
      </div>
      {active && (
        <div className="f-actions" onClick={(e) => e.stopPropagation()}>
          {(['confirmed', 'dismissed', 'pending'] as Verdict[]).map((v) => (
            <button key={v} className={`verdict ${v}${verdict === v ? ' on' : ''}`} onClick={() => onDecide(f, v, comment)}>
              {M.verdict[v]}
              {M.verdictKey[v] && <kbd>{M.verdictKey[v]}</kbd>}
            </button>
          ))}
          <input
            className="comment"
            placeholder={M.comment}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            onBlur={() => verdict && comment !== (f.decision?.comment ?? '') && onDecide(f, verdict, comment)}
          />
          <button className="link" onClick={() => setOpen(!open)}>
            {M.explanation}
          </button>
          {open && <p className="explain">{f.explanation}</p>}
        </div>
      )}
      {!active && verdict && <div className={`verdict-badge ${verdict}`}>{M.verdict[verdict]}{f.decision?.comment ? `：${f.decision.comment}` : ''}</div>}
    </li>
  );
}

export function ScorePanel({ view, onSaved }: { view: ReportView; onSaved: () => void }) {
  const rubric = view.rubric;
  const init = () =>
    Object.fromEntries(rubric.criteria.map((c) => [c.id, view.score?.criteria.find((x) => x.id === c.id) ?? { id: c.id, points: null as number | null, comment: '' }]));
  const [crit, setCrit] = useState(init);
  const [editing, setEditing] = useState(false);
  useEffect(() => setCrit(init()), [view.key, view.score?.version]); // eslint-disable-line react-hooks/exhaustive-deps
  const total = Object.values(crit).every((c) => c.points !== null) ? Object.values(crit).reduce((a, c) => a + (c.points ?? 0), 0) : null;
  const save = async (criteria = crit) => {
    await api.setScore({ key: view.key, criteria: Object.values(criteria) });
    onSaved();
  };
  return (
    <div className="score" data-testid="score">
      <table>
        <tbody>
          {rubric.criteria.map((c) => {
            const s = view.suggested.find((x) => x.id === c.id);
            const cur = crit[c.id]!;
            return (
              <tr key={c.id} title={c.description}>
                <th>
                  {c.title}
                  <small>（{c.points}）</small>
                </th>
                <td>
                  <input
                    type="number"
                    min={0}
                    max={c.points}
                    step={0.5}
                    value={cur.points ?? ''}
                    aria-label={c.title}
                    onChange={(e) => setCrit({ ...crit, [c.id]: { ...cur, points: e.target.value === '' ? null : Math.min(c.points, Math.max(0, Number(e.target.value))) } })}
                  />
                </td>
                <td className="muted small">
                  {M.suggested} {s?.points ?? c.points}
                  {s && s.deductions > 0 ? `（${s.deductions} 个确认问题）` : ''}
                </td>
                <td>
                  <input
                    className="crit-comment"
                    placeholder={M.criterionComment}
                    value={cur.comment}
                    aria-label={`${c.title}${M.criterionComment}`}
                    onChange={(e) => setCrit({ ...crit, [c.id]: { ...cur, comment: e.target.value } })}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="score-foot">
        <span>
          {M.total}：<b data-testid="score-total">{total ?? '—'}</b> / {rubric.total}
        </span>
        <button
          onClick={() => {
            const next = Object.fromEntries(rubric.criteria.map((c) => [c.id, { ...crit[c.id]!, points: view.suggested.find((x) => x.id === c.id)?.points ?? c.points }]));
            setCrit(next);
          }}
        >
          {M.applySuggested}
        </button>
        <button className="primary" onClick={() => void save()}>
          {M.saveScore}
        </button>
      </div>
      <div className="rubric-tools">
        <span className="muted small">
          {rubric.title} · 第 {rubric.version} 版
        </span>
        <button className="link" onClick={() => setEditing(true)}>
          {M.editRubric}
        </button>
        <button className="link" onClick={() => void api.importRubric({}).then((r) => r && onSaved())}>
          {M.importRubric}
        </button>
        <button className="link" onClick={() => void api.exportRubric({})}>
          {M.exportRubric}
        </button>
      </div>
      {editing && <RubricEditor rubric={rubric} onClose={() => setEditing(false)} onSaved={onSaved} />}
    </div>
  );
}

function RubricEditor({ rubric, onClose, onSaved }: { rubric: Rubric; onClose: () => void; onSaved: () => void }) {
  const [title, setTitle] = useState(rubric.title);
  const [rows, setRows] = useState(rubric.criteria.map((c) => ({ ...c, rulesText: c.rules.join(', ') })));
  const [error, setError] = useState<string | null>(null);
  const total = rows.reduce((a, r) => a + (Number(r.points) || 0), 0);
  const save = async () => {
    try {
      await api.saveRubric({
        rubric: {
          id: rubric.id,
          version: rubric.version,
          title,
          total,
          criteria: rows.map(({ rulesText, ...c }) => ({
            ...c,
            points: Number(c.points) || 0,
            perFinding: Number(c.perFinding) || 0,
            rules: rulesText
              .split(/[,，\s]+/)
              .map((x) => x.trim().toUpperCase())
              .filter(Boolean),
          })),
        },
      });
      onSaved();
      onClose();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="modal-back" onClick={onClose}>
      <div className="modal wide" role="dialog" aria-label={M.editRubric} onClick={(e) => e.stopPropagation()}>
        <h4>{M.editRubric}</h4>
        <label>
          {M.rubricTitle} <input value={title} onChange={(e) => setTitle(e.target.value)} style={{ width: '70%' }} />
        </label>
        <table className="rubric-edit">
          <thead>
            <tr>
              <th>{M.criterion}</th>
              <th>{M.points}</th>
              <th>{M.perFinding}</th>
              <th>{M.rules}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.id}>
                <td>
                  <input value={r.title} onChange={(e) => setRows(rows.map((x, k) => (k === i ? { ...x, title: e.target.value } : x)))} />
                </td>
                <td>
                  <input type="number" min={0} value={r.points} onChange={(e) => setRows(rows.map((x, k) => (k === i ? { ...x, points: Number(e.target.value) } : x)))} />
                </td>
                <td>
                  <input type="number" min={0} value={r.perFinding} onChange={(e) => setRows(rows.map((x, k) => (k === i ? { ...x, perFinding: Number(e.target.value) } : x)))} />
                </td>
                <td>
                  <input value={r.rulesText} onChange={(e) => setRows(rows.map((x, k) => (k === i ? { ...x, rulesText: e.target.value } : x)))} />
                </td>
                <td>
                  <button className="link danger" onClick={() => setRows(rows.filter((_, k) => k !== i))}>
                    {M.delete}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="row">
          <button onClick={() => setRows([...rows, { id: `c${Date.now().toString(36)}`, title: '新评分项', points: 0, perFinding: 0, rules: [], rulesText: '' }])}>{M.addCriterion}</button>
          <span className="grow" />
          <span>
            {M.total} {total}
          </span>
        </div>
        {error && <div className="danger small">{error}</div>}
        <div className="row end">
          <button onClick={onClose}>{M.cancel}</button>
          <button className="primary" onClick={() => void save()}>
            {M.save}
          </button>
        </div>
      </div>
    </div>
  );
}

export function History({ reportKey, version }: { reportKey: string; version: number }) {
  const [items, setItems] = useState<{ seq: number; at: string; by: string; what: string }[]>([]);
  useEffect(() => {
    void api.getHistory({ key: reportKey }).then(setItems);
  }, [reportKey, version]);
  if (!items.length) return <div className="muted pad small">{M.noHistory}</div>;
  return (
    <ul className="history">
      {items.map((h) => (
        <li key={h.seq}>
          <time>{h.at.replace('T', ' ').slice(5, 16)}</time> <b>{h.by}</b> {h.what}
        </li>
      ))}
    </ul>
  );
}
