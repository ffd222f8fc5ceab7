// Findings with decisions, the score panel, annotations and the history of a report.
import './review.css';
import { useEffect, useRef, useState } from 'react';
import type { FindingView, ReportView } from '../../../ipc/contract';
import type { Rubric, Verdict } from '../../../core/review';
import { api } from '../shared/api';
import { M } from '../shared/messages';
import { pick } from '../chooser';

export function Findings(props: {
  view: ReportView;
  active: number | null;
  onActivate: (i: number) => void;
  onDecide: (f: FindingView, v: Verdict, comment?: string) => void;
  draftOf: (f: FindingView) => string | undefined;
  onDraft: (f: FindingView, comment: string) => void;
  onDecideRule: (rule: string, v: Verdict) => void;
}) {
  const { view } = props;
  const perRule = new Map<string, number>();
  for (const f of view.findings) perRule.set(f.rule, (perRule.get(f.rule) ?? 0) + 1);
  const settled = view.report.resolvedByCorrection ?? [];
  if (!view.findings.length && !settled.length) return <div className="muted pad">{M.noFindings}</div>;
  return (
    <ol className="findings" aria-label={M.findings}>
      {view.findings.map((f, i) => (
        <FindingItem
          key={f.fingerprint + i}
          f={f}
          active={props.active === i}
          onClick={() => props.onActivate(i)}
          onDecide={props.onDecide}
          draft={props.draftOf(f)}
          onDraft={(c) => props.onDraft(f, c)}
          sameRule={perRule.get(f.rule) ?? 1}
          onDecideRule={props.onDecideRule}
        />
      ))}
      {settled.map((f) => (
        // Settled by the auditor's correction of a reading, not by the agency: shown as such.
        <li key={`settled-${f.fingerprint}`} className="finding settled" data-settled={f.fingerprint} data-rule={f.rule} title={M.corr.settledHint}>
          <div className="f-head">
            <span className="tag tag-settled">{M.corr.settled}</span>
            <span className="f-rule">{f.rule}</span>
          </div>
          <div className="f-msg">{f.message}</div>
        </li>
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

function FindingItem(props: {
  f: FindingView;
  active: boolean;
  onClick: () => void;
  onDecide: (f: FindingView, v: Verdict, comment?: string) => void;
  draft: string | undefined;
  onDraft: (c: string) => void;
  sameRule: number;
  onDecideRule: (rule: string, v: Verdict) => void;
}) {
  const { f, active, onClick, onDecide } = props;
  // A typed comment outlives focus, the tab and the report: kept as a draft until a decision saves it.
  const [comment, setComment] = useState(props.draft ?? f.decision?.comment ?? '');
  const [open, setOpen] = useState(false);
  useEffect(() => setComment(props.draft ?? f.decision?.comment ?? ''), [f.decision?.comment]); // eslint-disable-line react-hooks/exhaustive-deps
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
        {f.corrected && (
          <span className="tag tag-corrected" data-corrected="1">
            {M.corr.onCorrected}
          </span>
        )}
        {f.ocr && (
          <span className={`tag${f.ocr === 'low' ? ' tag-ocr-low' : ''}`} data-ocr={f.ocr} title={f.ocr === 'low' ? M.ocrLowTitle : M.ocrTagTitle}>
            {f.ocr === 'low' ? M.ocrLowTag : M.ocrTag}
          </span>
        )}
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
            onChange={(e) => {
              setComment(e.target.value);
              props.onDraft(e.target.value);
            }}
            onBlur={() => verdict && comment !== (f.decision?.comment ?? '') && onDecide(f, verdict, comment)}
          />
          {!verdict && props.draft && <span className="muted small">{M.keepDraft}</span>}
          <button className="link" onClick={() => setOpen(!open)}>
            {M.explanation}
          </button>
          {open && <p className="explain">{f.explanation}</p>}
          {props.sameRule > 1 && (
            <div className="same-rule" data-testid="same-rule">
              {M.bulkInReport(f.rule, props.sameRule)}
              {(['confirmed', 'dismissed', 'pending'] as Verdict[]).map((v) => (
                <button key={v} className={`verdict ${v}`} onClick={() => props.onDecideRule(f.rule, v)}>
                  {M.bulkAll}
                  {M.verdict[v]}
                </button>
              ))}
            </div>
          )}
        </div>
      )}
      {!active && verdict && <div className={`verdict-badge ${verdict}`}>{M.verdict[verdict]}{f.decision?.comment ? `：${f.decision.comment}` : ''}</div>}
    </li>
  );
}

export function ScorePanel({ view, onSaved, onError, onUnsaved }: { view: ReportView; onSaved: () => void; onError: (m: string) => void; onUnsaved: (why: string | null) => void }) {
  const rubric = view.rubric;
  const check = view.scoreCheck;
  type Crit = { id: string; points: number | null; comment: string };
  const saved = (id: string): Crit => view.score?.criteria.find((x) => x.id === id) ?? { id, points: null, comment: '' };
  const init = (): Record<string, Crit> => Object.fromEntries(rubric.criteria.map((c) => [c.id, saved(c.id)]));
  const [crit, setCrit] = useState(init);
  const [editing, setEditing] = useState(false);
  const [state, setState] = useState<{ kind: 'idle' | 'dirty' | 'saving' | 'saved' | 'invalid'; at?: string }>({ kind: 'idle' });
  // Pending edits: saved as typed (debounced), and before the panel goes away (another report, tab).
  const pending = useRef<{ key: string; criteria: typeof crit; overall: string } | null>(null);
  const timer = useRef<number | null>(null);
  const [overall, setOverall] = useState(view.score?.comment ?? '');
  useEffect(() => {
    if (pending.current) return;
    setCrit(init());
    setOverall(view.score?.comment ?? '');
  }, [view.key, view.score?.version, rubric.version]); // eslint-disable-line react-hooks/exhaustive-deps
  // Another report: no save time of the one before.
  useEffect(() => {
    if (!pending.current) setState({ kind: 'idle' });
  }, [view.key]);
  const cur = (id: string): Crit => crit[id] ?? saved(id);
  const rows = rubric.criteria.map((c) => cur(c.id));
  const overOf = (id: string, points: number | null) => {
    const c = rubric.criteria.find((x) => x.id === id);
    return c && points !== null && points > c.points ? c.points : null;
  };
  const invalid = rubric.criteria.some((c) => overOf(c.id, cur(c.id).points) !== null);
  const total = !invalid && Object.values(crit).every((c) => c.points !== null) ? rubric.criteria.reduce((a, c) => a + (cur(c.id).points ?? 0), 0) : null;
  const flush = async () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    const p = pending.current;
    if (!p) return;
    pending.current = null;
    if (rubric.criteria.some((c) => overOf(c.id, (p.criteria[c.id] ?? saved(c.id)).points) !== null)) return; // never saved over a maximum
    setState({ kind: 'saving' });
    try {
      await api.setScore({ key: p.key, criteria: rubric.criteria.map((c) => p.criteria[c.id] ?? saved(c.id)), comment: p.overall });
      setState({ kind: 'saved', at: new Date().toTimeString().slice(0, 8) });
      onSaved();
    } catch (e) {
      // Not saved: the typed values stay in the fields, marked unsaved, and leaving asks first.
      setState({ kind: 'dirty' });
      onUnsaved((e as Error).message);
      onError((e as Error).message);
    }
  };
  const flushRef = useRef(flush);
  flushRef.current = flush;
  useEffect(() => () => void flushRef.current(), [view.key]);
  const edit = (next: typeof crit, nextOverall = overall) => {
    setCrit(next);
    setOverall(nextOverall);
    pending.current = { key: view.key, criteria: next, overall: nextOverall };
    const badC = rubric.criteria.find((c) => overOf(c.id, (next[c.id] ?? saved(c.id)).points) !== null);
    const bad = !!badC;
    onUnsaved(badC ? `“${badC.title}”最多 ${badC.points} 分，填写的是 ${(next[badC.id] ?? saved(badC.id)).points} 分` : null);
    setState({ kind: bad ? 'invalid' : 'dirty' });
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = bad ? null : window.setTimeout(() => void flushRef.current(), 600);
  };
  const [rubricMsg, setRubricMsg] = useState<string | null>(null);
  const save = async (criteria = crit) => {
    pending.current = { key: view.key, criteria, overall };
    await flush();
  };
  return (
    <div className="score" data-testid="score">
      {check && check.problem && (
        <div className="score-warning" data-testid="score-warning" role="alert">
          <b>{M.scoreInvalid}</b>：{check.problem}。{M.scoreRescore}
        </div>
      )}
      <table>
        <tbody>
          {rubric.criteria.map((c) => {
            const s = view.suggested.find((x) => x.id === c.id);
            const cur = rows[rubric.criteria.indexOf(c)]!;
            const over = overOf(c.id, cur.points);
            return (
              <tr key={c.id} title={c.description} className={over !== null ? 'over' : ''} data-criterion={c.id}>
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
                    aria-invalid={over !== null}
                    onChange={(e) => edit({ ...crit, [c.id]: { ...cur, points: e.target.value === '' ? null : Math.max(0, Number(e.target.value)) } })}
                  />
                  {over !== null && <div className="danger small">{check?.over.includes(c.id) && cur.points === view.score?.criteria.find((x) => x.id === c.id)?.points ? M.scoreOver(over) : M.scoreTooHigh(over)}</div>}
                </td>
                <td className="muted small">
                  <span className="sugg">
                    {M.suggested} {s?.points ?? c.points}
                  </span>
                  {s && s.deductions > 0 ? `（${s.deductions} 个确认问题）` : ''}
                </td>
                <td className="crit-cell">
                  <input
                    className="crit-comment"
                    placeholder={M.criterionComment}
                    value={cur.comment}
                    aria-label={`${c.title}${M.criterionComment}`}
                    onChange={(e) => edit({ ...crit, [c.id]: { ...cur, comment: e.target.value } })}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <label className="overall">
        <span className="small muted">{M.overallComment}</span>
        <textarea rows={2} value={overall} onChange={(e) => edit(crit, e.target.value)} aria-label={M.overallComment} data-testid="overall-comment" />
      </label>
      <div className="score-foot">
        <span>
          {M.total}：<b data-testid="score-total">{total ?? '—'}</b> / {rubric.total}
        </span>
        <span className={`small ${state.kind === 'invalid' ? 'danger' : 'muted'}`} data-testid="score-state">
          {state.kind === 'saving' ? M.scoreSaving : state.kind === 'saved' ? M.scoreSavedAt(state.at!) : state.kind === 'dirty' ? M.scoreUnsaved : state.kind === 'invalid' ? M.scoreInvalid : ''}
        </span>
        <button
          onClick={() => {
            const next = Object.fromEntries(rubric.criteria.map((c) => [c.id, { ...cur(c.id), points: view.suggested.find((x) => x.id === c.id)?.points ?? c.points }]));
            edit(next);
          }}
        >
          {M.applySuggested}
        </button>
        <button className="primary" onClick={() => void save()} disabled={invalid}>
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
        <button className="link" onClick={() => void pick('openRubric').then(async ([g]) => g && (await api.importRubric({ grant: g.id })) && onSaved()).catch((e) => setRubricMsg((e as Error).message))}>
          {M.importRubric}
        </button>
        <button
          className="link"
          onClick={() =>
            void pick('saveRubric')
              .then(async ([g]) => {
                const r = g && (await api.exportRubric({ grant: g.id }));
                if (r && r.path) setRubricMsg(r.exists ? M.notOverwritten(r.path) : M.exported(r.path));
              })
              .catch((e) => setRubricMsg((e as Error).message))
          }
        >
          {M.exportRubric}
        </button>
        {rubricMsg && (
          <span className="small" role="status" data-testid="rubric-msg">
            {rubricMsg}
          </span>
        )}
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
