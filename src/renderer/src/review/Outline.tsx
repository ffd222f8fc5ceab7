// The report's sections (present, empty, missing; a click shows the heading) and its review status.
import type { ReportView } from '../../../ipc/contract';
import { M } from '../shared/messages';

export function Outline({ view, onShow, onStatus }: { view: ReportView; onShow: (start: number, end: number) => void; onStatus: (status: string) => void }) {
  const sections = Object.entries(view.sections);
  return (
              <div className="outline" aria-label={M.outline}>
                {sections.map(([k, s]) => (
                  <span
                    key={k}
                    className={`sec ${!s.present ? 'missing' : s.empty ? 'empty' : 'ok'}`}
                    title={`${s.title}${!s.present ? `（${M.sectionMissing}）` : s.empty ? `（${M.sectionEmpty}）` : ''}`}
                    data-section={k}
                    onClick={() => s.heading && onShow(s.heading.start, s.heading.end)}
                  >
                    {!s.present ? '✗' : s.empty ? '∅' : '✓'} {M.sectionsShort[k]}
                  </span>
                ))}
                <select
                  className="status-select"
                  value={view.status?.status ?? 'todo'}
                  aria-label={M.reviewStatus}
                  onChange={(e) => onStatus(e.target.value)}
                >
                  {Object.entries(M.status).map(([k, v]) => (
                    <option key={k} value={k}>
                      {v}
                    </option>
                  ))}
                </select>
              </div>
  );
}
