// The notes tab: the report's annotations, each shown in the original on click, edited or deleted.
import type { ReportView } from '../../../ipc/contract';
import { api } from '../shared/api';
import { M } from '../shared/messages';
import type { Draft } from './NoteDialog';

export function Notes({ view, cellLabel, onShow, onEdit, onDeleted }: { view: ReportView; cellLabel: (ref: string) => string; onShow: (start: number, end: number) => void; onEdit: (d: Draft) => void; onDeleted: () => void }) {
  return (
                  <ul className="notes">
                    {view.annotations.length === 0 && <li className="muted">选中原文文字或点击表格单元格后按 A 添加批注。</li>}
                    {view.annotations.map((a) => (
                      <li key={a.id} className={`note sev-${a.severity}`} onClick={() => a.anchorState !== 'lost' && onShow(a.start, a.end)}>
                        <div>
                          <span className="tag">{M.annotationCategory[a.category]}</span> {a.cellRef ? <span data-note-cell={a.cellRef}>{cellLabel(a.cellRef)}</span> : `“${a.anchor.quote.slice(0, 40)}”`}
                          {M.anchorState[a.anchorState] && <span className="tag warn">{M.anchorState[a.anchorState]}</span>}
                        </div>
                        <div>{a.note}</div>
                        <div className="muted small">
                          {a.by} · {a.at.replace('T', ' ').slice(0, 16)}
                          <button className="link" onClick={(e) => (e.stopPropagation(), onEdit({ start: a.start, end: a.end, quote: a.anchor.quote, id: a.id, cellRef: a.cellRef, category: a.category, severity: a.severity, note: a.note, saved: a.note }))}>
                            {M.edit}
                          </button>
                          <button className="link danger" onClick={(e) => (e.stopPropagation(), void api.deleteAnnotation({ id: a.id }).then(onDeleted))}>
                            {M.delete}
                          </button>
                        </div>
                      </li>
                    ))}
                  </ul>
  );
}
