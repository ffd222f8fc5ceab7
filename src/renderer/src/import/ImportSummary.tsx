// The import summary, shown after every import the auditor starts (and from the status bar): what it
// added, what it skipped and why, file by file, and what to do next.
import './import.css';
import type { ImportSummary } from '../../../ipc/contract';
import { M } from '../shared/messages';

const name = (p: string) => p.split(/[\\/]/).pop() ?? p;

export function ImportSummaryDialog({ summary: s, onClose, onOpenReport }: { summary: ImportSummary; onClose: () => void; onOpenReport: (key: string) => void }) {
  const reports = s.added.reduce((a, x) => a + x.reports.length, 0);
  const first = s.added[0]?.reports[0];
  const skipped = s.duplicates.length + s.notReports.length + s.unreadable.length;
  return (
    <div className="modal-back" onClick={onClose}>
      <div
        className="modal wide import-summary"
        role="dialog"
        aria-modal="true"
        aria-label={M.importSummary}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
        data-testid="import-summary"
      >
        <h4>{M.importSummaryTitle(s.total, s.cancelled)}</h4>
        <p className="next" data-testid="summary-next">
          {first ? M.importNextReview(reports, skipped) : M.importNextNone}
          {s.cancelled && ` ${M.importNextCancelled}`}
        </p>
        <section data-testid="summary-added">
          <h5 className="ok">{M.importAdded(s.added.length, reports)}</h5>
          <ul>
            {s.added.map((a) => (
              <li key={a.file} title={a.file}>
                <b>{name(a.file)}</b>{' '}
                {a.reports.map((r) => (
                  <button key={r.key} className="link" onClick={() => onOpenReport(r.key)}>
                    {r.agency} {r.year ?? '？'}
                  </button>
                ))}
              </li>
            ))}
          </ul>
        </section>
        {s.duplicates.length > 0 && (
          <section data-testid="summary-duplicates">
            <h5>
              {M.importDuplicates}（{s.duplicates.length}）
            </h5>
            <ul>
              {s.duplicates.map((d) => (
                <li key={d.file}>
                  <b title={d.file}>{d.file}</b>
                  <div className="muted small">
                    {M.importSameAs}：{d.sameAs}
                  </div>
                  <div className="small">
                    {M.importWhatToDo}：{M.importDuplicateAdvice}
                  </div>
                </li>
              ))}
            </ul>
          </section>
        )}
        <section data-testid="summary-not-reports">
          <h5 className={s.notReports.length ? 'warn' : ''}>
            {M.importNotReports}（{s.notReports.length}）
          </h5>
          {s.notReports.length ? (
            <ul>
              {s.notReports.map((n) => (
                <li key={n.file}>
                  <b title={n.file}>{name(n.file)}</b>
                  <div>{n.message}</div>
                  <div className="small">
                    {M.importWhatToDo}：{M.importNotReportAdvice}
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted small">{M.importNothing}</p>
          )}
        </section>
        <section data-testid="summary-unreadable">
          <h5 className={s.unreadable.length ? 'danger' : ''}>
            {M.importUnreadable}（{s.unreadable.length}）
          </h5>
          {s.unreadable.length ? (
            <ul>
              {s.unreadable.map((u) => (
                <li key={u.file}>
                  <b title={u.file}>{name(u.file)}</b> <span className="tag">{u.code}</span>
                  <div>{u.message}</div>
                  <div className="small">
                    {M.importWhatToDo}：{u.advice}
                  </div>
                  <div className="muted small path">{u.file}</div>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted small">{M.importNothing}</p>
          )}
        </section>
        <div className="row end">
          {first && (
            <button className="primary" onClick={() => onOpenReport(first.key)} autoFocus>
              {M.importOpenFirst(first.agency, first.year)}
            </button>
          )}
          <button className={first ? '' : 'primary'} onClick={onClose} autoFocus={!first}>
            {M.close}
          </button>
        </div>
      </div>
    </div>
  );
}
