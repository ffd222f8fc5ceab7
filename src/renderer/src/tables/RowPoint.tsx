// "This row belongs to another label": the auditor tells the desk which row of table 二/三 a printed
// label is — the reader took it for another row, or matched it to none. The report is re-read with
// that instruction (pointRow: a correction, listed in 修改记录, undoable), and every rule runs again.
import type { ReportView } from '../../../ipc/contract';
import type { Range } from '../../../core/model';
import { PROACTIVE_ROWS, PROACTIVE_ROW_LABELS, requestRowOrder, requestRowLabel } from '../../../core/schema';
import { api } from '../shared/api';
import { M } from '../shared/messages';

type RowTable = 'proactive' | 'requests';
const fmtOf = (f: string) => (f === '2019' ? '2019' : '2021');

/** The canonical rows of a table in the report's format, with their printed names. */
function rowsOf(table: RowTable, format: string): { key: string; words: string }[] {
  const f = fmtOf(format);
  if (table === 'requests') return requestRowOrder(f).map((k) => ({ key: k, words: requestRowLabel(k) }));
  return PROACTIVE_ROWS.filter((d) => d.cols[f].length).map((d) => ({ key: d.key, words: PROACTIVE_ROW_LABELS[f][d.key] ?? d.key }));
}

interface PickProps {
  view: ReportView;
  table: RowTable;
  /** The printed label's place in the text. */
  range: Range;
  /** The row the reader made of it (left out of the choice). */
  current?: string;
  testId: string;
  onDone: () => void;
  onError: (m: string) => void;
}

function RowPick(p: PickProps) {
  return (
    <select
      className="row-point"
      data-testid={p.testId}
      aria-label={M.corr.rowIs}
      value=""
      onChange={(e) => {
        const row = e.target.value;
        if (!row) return;
        api.pointRow({ key: p.view.key, table: p.table, row, start: p.range.start, end: p.range.end }).then(p.onDone, (x: Error) => p.onError(x.message));
      }}
    >
      <option value="">{M.corr.rowIs}</option>
      {rowsOf(p.table, p.view.report.format)
        .filter((r) => r.key !== p.current)
        .map((r) => (
          <option key={r.key} value={r.key}>
            {r.words}
          </option>
        ))}
    </select>
  );
}

/** In the cell editor: the row this cell was read under, and "this row is really …". */
export function RowPoint(props: { view: ReportView; cellRef: string; onDone: () => void; onError: (m: string) => void }) {
  const [table, rowKey] = props.cellRef.split(':') as [string, string];
  if (table !== 'proactive' && table !== 'requests') return null;
  const row = props.view.tables[table]?.rows[rowKey];
  // A row the auditor typed in (the reader lost it) has no printed label to point at.
  if (!row || row.labelRange.end <= row.labelRange.start) return null;
  return (
    <div className="corr-row" data-testid="row-point-box">
      <div className="muted small">{M.corr.rowRead(row.label.replace(/\s+/g, ''), table === 'requests' ? requestRowLabel(rowKey) : (PROACTIVE_ROW_LABELS[fmtOf(props.view.report.format)][rowKey] ?? rowKey))}</div>
      <label>
        {M.corr.rowBelongs} <RowPick view={props.view} table={table} range={row.labelRange} current={rowKey} testId="row-point" onDone={props.onDone} onError={props.onError} />
      </label>
      {row.pointed && <span className="muted small"> {M.corr.rowPointed}</span>}
    </div>
  );
}

/** Above the tables: printed rows whose label matched no row; the auditor says which row each is. */
export function RowFixes(props: { view: ReportView; onDone: () => void; onError: (m: string) => void }) {
  const items = (['proactive', 'requests'] as const).flatMap((t) => (props.view.tables[t]?.unmatched ?? []).map((u) => ({ t, ...u })));
  if (!items.length) return null;
  return (
    <div className="row-fixes" data-testid="row-fixes">
      <strong>{M.corr.unmatched(items.length)}</strong> <span className="muted small">{M.corr.unmatchedHelp}</span>
      <ul>
        {items.map((u) => (
          <li key={`${u.t}:${u.range.start}`} data-unmatched={u.label}>
            {M.corr.unmatchedRow(u.t === 'requests' ? '表三' : '表二', u.label.replace(/\s+/g, ''))}{' '}
            <RowPick view={props.view} table={u.t} range={u.range} testId="row-fix" onDone={props.onDone} onError={props.onError} />
          </li>
        ))}
      </ul>
    </div>
  );
}
