// The note dialog: a note on a selection of the original or on a table cell, new or edited.
import { api } from '../shared/api';
import { M } from '../shared/messages';

export interface Draft {
  start: number;
  end: number;
  quote: string;
  cellRef?: string;
  id?: string;
  category?: string;
  severity?: string;
  note?: string;
  /** The note as it was when the dialog opened (an existing annotation's), to tell unsaved typing. */
  saved?: string;
}

/** cellLabel: the cell's name when the note is on a cell. onClose: closed (kept nothing); onSaved: after the save. */
export function NoteDialog({ draft, setDraft, reportKey, cellLabel, onClose, onSaved }: { draft: Draft; setDraft: (d: Draft) => void; reportKey: string | null; cellLabel: string | null; onClose: () => void; onSaved: () => Promise<void> }) {
  // A stray click beside the dialog or Escape must not throw away a typed note: ask first.
  const closeDraft = () => {
    const typed = (draft?.note ?? '').trim() !== (draft?.saved ?? '').trim();
    if (!typed || window.confirm(M.discardNote)) onClose();
  };

  const saveDraft = async () => {
    if (!reportKey || !draft) return;
    await api.upsertAnnotation({
      key: reportKey,
      id: draft.id,
      start: draft.start,
      end: draft.end,
      cellRef: draft.cellRef,
      category: (draft.category ?? 'data') as 'data',
      severity: (draft.severity ?? 'warning') as 'warning',
      note: draft.note ?? '',
    });
    await onSaved();
  };

  return (
        <div className="modal-back" onClick={closeDraft}>
          <div className="modal" role="dialog" aria-label={M.annotations} onClick={(e) => e.stopPropagation()}>
            <h4>{draft.cellRef ? M.cellNote : M.annotations}</h4>
            {cellLabel !== null && (
              <div className="draft-cell" data-testid="draft-cell">
                {cellLabel}
              </div>
            )}
            <blockquote>{draft.quote.slice(0, 200)}</blockquote>
            <div className="row">
              <select value={draft.category ?? 'data'} onChange={(e) => setDraft({ ...draft, category: e.target.value })} aria-label="类别">
                {Object.entries(M.annotationCategory).map(([k, v]) => (
                  <option key={k} value={k}>
                    {v}
                  </option>
                ))}
              </select>
              <select value={draft.severity ?? 'warning'} onChange={(e) => setDraft({ ...draft, severity: e.target.value })} aria-label="严重程度">
                {Object.entries(M.severity).map(([k, v]) => (
                  <option key={k} value={k}>
                    {v}
                  </option>
                ))}
              </select>
            </div>
            <textarea
              autoFocus
              placeholder={M.note}
              value={draft.note ?? ''}
              onChange={(e) => setDraft({ ...draft, note: e.target.value })}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void saveDraft();
                if (e.key === 'Escape') closeDraft();
              }}
            />
            <div className="row end">
              <button onClick={closeDraft}>{M.cancel}</button>
              <button className="primary" onClick={() => void saveDraft()}>
                {M.save}
              </button>
            </div>
          </div>
        </div>
  );
}
