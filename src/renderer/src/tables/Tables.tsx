// The three tables in the official layout of the report's format year, each cell with its status,
// its part in the selected finding (total red, parts amber) and a marker when it carries a note.
// The header rows are fixed by the official template (merged header cells), so they are written out;
// table 三's body goes through @tanstack/react-table (row model, column definitions, cell rendering),
// with the template's group rows (三、本年度办理结果, （三）不予公开 …) between its rows.
import './tables.css';
import { Fragment, useMemo } from 'react';
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import type { CellView, TableView } from '../../../ipc/contract';
import { PROACTIVE_COL_LABELS, PROACTIVE_ROW_LABELS, REQUEST_COL_LABELS, REQUEST_ROWS, REVIEW_COL_LABELS, REVIEW_COLS, REVIEW_GROUP_LABELS, CATEGORY_LABELS, requestRowLabel } from '../../../core/schema';
import { M } from '../shared/messages';
import { useGrid } from './grid';

type Fmt = '2019' | '2021';
const fmtOf = (f: string): Fmt => (f === '2019' ? '2019' : '2021');

/** Table 二: one block per article item (第二十条第（X）项), as in the template of each year. */
const T2: Record<Fmt, { cap: string; rows: string[]; cols: string[] }[]> = {
  '2021': [
    { cap: '第二十条第（一）项', rows: ['regulations', 'normative_docs'], cols: ['issued', 'repealed', 'in_force'] },
    { cap: '第二十条第（五）项', rows: ['licensing'], cols: ['decisions'] },
    { cap: '第二十条第（六）项', rows: ['penalty', 'enforcement'], cols: ['decisions'] },
    { cap: '第二十条第（八）项', rows: ['fees'], cols: ['amount'] },
  ],
  '2019': [
    { cap: '第二十条第（一）项', rows: ['regulations', 'normative_docs'], cols: ['new_made', 'new_published', 'total_published'] },
    { cap: '第二十条第（五）项', rows: ['licensing', 'other_services'], cols: ['prev_items', 'change', 'decisions'] },
    { cap: '第二十条第（六）项', rows: ['penalty', 'enforcement'], cols: ['prev_items', 'change', 'decisions'] },
    { cap: '第二十条第（八）项', rows: ['fees'], cols: ['prev_items', 'change'] },
    { cap: '第二十条第（九）项', rows: ['procurement'], cols: ['items', 'amount'] },
  ],
};
function t2ColLabel(f: Fmt, row: string, col: string): string {
  if (row === 'procurement' && col === 'amount') return '采购总金额';
  if (f === '2019' && col === 'decisions') return '处理决定数量';
  return PROACTIVE_COL_LABELS[col] ?? col;
}
const TABLE_SHORT: Record<string, string> = { proactive: '表二', requests: '表三', reviews: '表四' };

/** The words for a cell reference `table:row:col`, e.g. 表三 · （七）总计 · 总计. */
export function cellName(tables: Record<string, TableView>, format: string, ref: string): string {
  const [t = '', r = '', c = ''] = ref.split(':');
  const f = fmtOf(format);
  const row = t === 'requests' ? requestRowLabel(r) : t === 'reviews' ? REVIEW_GROUP_LABELS[r] : PROACTIVE_ROW_LABELS[f][r];
  const col = t === 'requests' ? REQUEST_COL_LABELS[c] : t === 'reviews' ? REVIEW_COL_LABELS[c] : t2ColLabel(f, r, c);
  return M.cellName(TABLE_SHORT[t] ?? t, row ?? tables[t]?.rows[r]?.label ?? r, col ?? c);
}

export interface CellMarks {
  activeRef: string | null;
  evidence: Map<string, 'total' | 'part'>;
  /** Cells of the selected finding when it has no total or parts (blank cells, a row). */
  located: Set<string>;
  noted: Set<string>;
  onLocate: (c: CellView, ref: string) => void;
  /** Open the correction editor on a cell (Enter or double-click). */
  onEdit?: (ref: string, cell: CellView | undefined) => void;
  /** The cell that is the tables' one Tab stop (grid.ts). */
  rover: string | null;
}

function CellBox({ table, row, col, cell, m }: { table: string; row: string; col: string; cell?: CellView; m: CellMarks }) {
  const ref = `${table}:${row}:${col}`;
  const ev = m.evidence.get(ref);
  const noted = m.noted.has(ref);
  const located = m.located.has(ref);
  const selected = m.activeRef === ref;
  if (!cell) {
    return <td data-cell={ref} data-status="missing" className="cell missing" title="此行未找到" tabIndex={m.rover === ref ? 0 : -1} onDoubleClick={() => m.onEdit?.(ref, undefined)} onKeyDown={(e) => e.key === 'Enter' && m.onEdit?.(ref, undefined)} />;
  }
  const fix = cell.correction;
  const status = cell.status === 'text' ? 'fail' : cell.status === 'part' ? 'ok' : cell.status;
  const blank = cell.kind === 'blank';
  const shown = blank ? '' : cell.raw.trim() || (cell.value !== null ? String(cell.value) : '');
  return (
    <td
      data-cell={ref}
      data-status={status}
      data-role={cell.status === 'part' ? 'part' : undefined}
      data-selected={selected ? 'true' : undefined}
      data-evidence={ev}
      data-located={located ? '1' : undefined}
      data-note={noted ? '1' : undefined}
      data-ocr={cell.lowConfidence ? 'low' : cell.checked ? 'checked' : undefined}
      data-corrected={fix?.kind}
      tabIndex={m.rover === ref ? 0 : -1}
      className={`cell st-${cell.status}${blank ? ' is-blank' : ''}${ev ? ` ev-${ev}` : ''}${located ? ' located' : ''}${selected ? ' active' : ''}${noted ? ' noted' : ''}${cell.lowConfidence ? ' ocr-low' : ''}${fix ? ` corrected fix-${fix.kind}` : ''}`}
      title={`${cell.raw.trim() || M.blankCell}${fix ? ` · ${M.corr.mark(fix.kind, fix.read.raw, fix.by, fix.at)}` : ''}${cell.lowConfidence ? ` · ${cell.ocrReason && cell.ocrReason !== 'confidence' ? (M.ocrSuspect[cell.ocrReason] ?? '') : M.ocrLowCell(cell.confidence ?? 0)}` : ''} · ${M.clickToLocate}${m.onEdit ? ` · ${M.corr.editHint}` : ''}`}
      onClick={() => m.onLocate(cell, ref)}
      onDoubleClick={() => m.onEdit?.(ref, cell)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && m.onEdit) {
          e.preventDefault();
          m.onEdit(ref, cell);
        }
      }}
    >
      {shown}
    </td>
  );
}

function Missing({ title }: { title: string }) {
  return (
    <div className="tbl-block">
      <h3>{title}</h3>
      <div className="muted small">{M.tableMissing}</div>
    </div>
  );
}

function Table2({ t, f, m }: { t: TableView | undefined; f: Fmt; m: CellMarks }) {
  if (!t?.present) return <Missing title={M.table2} />;
  return (
    <div className="tbl-block" data-table="proactive">
      <h3>{M.table2}</h3>
      {T2[f].map((g) => (
        <table key={g.cap} className="grid grid-proactive">
          <caption>{g.cap}</caption>
          <thead>
            <tr>
              <th className="rowlabel">信息内容</th>
              {g.cols.map((c) => (
                <th key={c}>{t2ColLabel(f, g.rows[0]!, c)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {g.rows.map((r) => (
              <tr key={r} className={t.rows[r]?.uncertain ? 'uncertain' : undefined}>
                <th scope="row" className="rowlabel">
                  {PROACTIVE_ROW_LABELS[f][r]}
                </th>
                {g.cols.map((c) => (
                  <CellBox key={c} table="proactive" row={r} col={c} cell={t.rows[r]?.cells[c]} m={m} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}

const REQ_COLS = ['natural', 'business', 'research', 'nonprofit', 'legal', 'other_org', 'total'];

/** One body row of table 三, as @tanstack/react-table sees it. */
interface ReqRow {
  key: string;
  label: string;
  cat?: string;
  uncertain: boolean;
  cells: Record<string, CellView>;
}
const reqCol = createColumnHelper<ReqRow>();
const marksOf = (meta: unknown) => (meta as { marks: CellMarks }).marks;
/** Table 三's columns: the row label, then the seven applicant columns; each cell renders its own <th>/<td>. */
const REQ_COLUMNS = [
  reqCol.display({
    id: 'label',
    cell: ({ row }) => (
      <th scope="row" className="rowlabel" title={requestRowLabel(row.original.key)}>
        {row.original.label}
        {row.original.uncertain && (
          <span className="warn-dot" aria-label={M.uncertainRow}>
            ?
          </span>
        )}
      </th>
    ),
  }),
  ...REQ_COLS.map((c) =>
    reqCol.display({
      id: c,
      cell: ({ row, table }) => <CellBox table="requests" row={row.original.key} col={c} cell={row.original.cells[c]} m={marksOf(table.options.meta)} />,
    }),
  ),
];

function Table3({ t, m }: { t: TableView | undefined; m: CellMarks }) {
  const data = useMemo<ReqRow[]>(
    () =>
      (t?.present ? t.rowOrder : []).map((k) => {
        const def = REQUEST_ROWS.find((r) => r.key === k);
        return { key: k, label: def?.label ?? k, cat: def?.cat, uncertain: !!t?.rows[k]?.uncertain, cells: t?.rows[k]?.cells ?? {} };
      }),
    [t],
  );
  const table = useReactTable({ data, columns: REQ_COLUMNS, getCoreRowModel: getCoreRowModel(), getRowId: (r) => r.key, meta: { marks: m } });
  if (!t?.present) return <Missing title={M.table3} />;
  const body: React.ReactNode[] = [];
  let cat: string | undefined;
  const group = (key: string, label: string, level: number) =>
    body.push(
      <tr key={`g-${key}`} className={`group g${level}`}>
        <th colSpan={8} scope="rowgroup">
          {label}
        </th>
      </tr>,
    );
  for (const row of table.getRowModel().rows) {
    const r = row.original;
    if (r.key === 'granted') group('results', '三、本年度办理结果', 1);
    if (r.cat && r.cat !== cat) group(r.cat, CATEGORY_LABELS[r.cat]!, 2);
    cat = r.cat;
    body.push(
      <tr key={row.id} className={`${r.uncertain ? 'uncertain' : ''}${r.cat ? ' item' : ''}`} title={r.uncertain ? M.uncertainRow : undefined}>
        {row.getVisibleCells().map((c) => (
          <Fragment key={c.id}>{flexRender(c.column.columnDef.cell, c.getContext())}</Fragment>
        ))}
      </tr>,
    );
  }
  return (
    <div className="tbl-block" data-table="requests">
      <h3>{M.table3}</h3>
      <table className="grid grid-requests">
        <thead>
          <tr>
            <th rowSpan={3} className="rowlabel">
              {M.item}
            </th>
            <th colSpan={7}>申请人情况</th>
          </tr>
          <tr>
            <th rowSpan={2}>{REQUEST_COL_LABELS.natural}</th>
            <th colSpan={5}>法人或其他组织</th>
            <th rowSpan={2}>{REQUEST_COL_LABELS.total}</th>
          </tr>
          <tr>
            {['business', 'research', 'nonprofit', 'legal', 'other_org'].map((c) => (
              <th key={c}>{REQUEST_COL_LABELS[c]}</th>
            ))}
          </tr>
        </thead>
        <tbody>{body}</tbody>
      </table>
    </div>
  );
}

function Table4({ t, m }: { t: TableView | undefined; m: CellMarks }) {
  if (!t?.present) return <Missing title={M.table4} />;
  const groups = ['review', 'litigation_direct', 'litigation_after_review'];
  return (
    <div className="tbl-block" data-table="reviews">
      <h3>{M.table4}</h3>
      <table className="grid grid-reviews">
        <thead>
          <tr>
            <th colSpan={5}>行政复议</th>
            <th colSpan={10}>行政诉讼</th>
          </tr>
          <tr>
            {REVIEW_COLS.map((c) => (
              <th key={c} rowSpan={2}>
                {REVIEW_COL_LABELS[c]}
              </th>
            ))}
            <th colSpan={5}>未经复议直接起诉</th>
            <th colSpan={5}>复议后起诉</th>
          </tr>
          <tr>
            {[1, 2].flatMap((g) =>
              REVIEW_COLS.map((c) => (
                <th key={`${g}${c}`}>{REVIEW_COL_LABELS[c]}</th>
              )),
            )}
          </tr>
        </thead>
        <tbody>
          <tr className={groups.some((g) => t.rows[g]?.uncertain) ? 'uncertain' : undefined}>
            {groups.flatMap((g) => REVIEW_COLS.map((c) => <CellBox key={`${g}${c}`} table="reviews" row={g} col={c} cell={t.rows[g]?.cells[c]} m={m} />))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

export interface TablesProps {
  tables: Record<string, TableView>;
  format: string;
  activeRef: string | null;
  evidence?: Map<string, 'total' | 'part'>;
  located?: Set<string>;
  noted?: Set<string>;
  onLocate: (c: CellView, ref: string) => void;
  onEdit?: CellMarks['onEdit'];
}

export function Tables(props: TablesProps) {
  const grid = useGrid(props.activeRef);
  const m: CellMarks = { activeRef: props.activeRef, evidence: props.evidence ?? new Map(), located: props.located ?? new Set(), noted: props.noted ?? new Set(), onLocate: props.onLocate, onEdit: props.onEdit, rover: grid.rover };
  const f = fmtOf(props.format);
  return (
    <div className={`tables${m.evidence.size ? ' has-evidence' : ''}`} data-format={f} ref={grid.ref} onFocus={grid.onFocus} onKeyDown={grid.onKeyDown} role="group" aria-label={M.tablesKeys}>
      <Table2 t={props.tables.proactive} f={f} m={m} />
      <Table3 t={props.tables.requests} m={m} />
      <Table4 t={props.tables.reviews} m={m} />
    </div>
  );
}
