// The head of the original: the report's agency, year, format and date, the agency controls, the file,
// and the annotate / finish-and-next buttons.
import type { ReportView } from '../../../ipc/contract';
import { M } from '../shared/messages';
import { AgencyControls } from './Agency';

export function DocHead({ view, selection, onAnnotate, onFinishNext, onChanged, onError }: { view: ReportView; selection: boolean; onAnnotate: () => void; onFinishNext: () => void; onChanged: () => void; onError: (m: string) => void }) {
  return (
              <div className="doc-head">
                <div className="doc-title">
                  <b>{view.report.agency ?? '（单位不详）'}</b> {view.report.year ?? '？'} 年度 · {M.formatLabel(view.report.format)} · {M.published} {view.report.publishedOn ?? M.noDate}
                  {view.report.publishedOnSource && <span className="date-source">（{M.dateSource[view.report.publishedOnSource]}）</span>}
                </div>
                {view.agencyInfo && (
                  <AgencyControls reportKey={view.key} info={view.agencyInfo} onChanged={onChanged} onError={onError} />
                )}
                <div className="doc-file" title={view.file}>
                  {view.file}
                </div>
                {selection && (
                  <button className="annotate-btn" onClick={onAnnotate}>
                    {M.annotate}
                  </button>
                )}
                <button className="finish-next" onClick={onFinishNext} data-testid="finish-next">
                  {M.finishNext}
                </button>
              </div>
  );
}
