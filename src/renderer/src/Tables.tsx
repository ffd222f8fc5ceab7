// The three tables in the official layout, each cell coloured by its status.
import { useMemo } from 'react';
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import type { CellView, TableView } from '../../ipc/contract';
import {
  PROACTIVE_COL_LABELS,
  PROACTIVE_ROW_LABELS,
  REQUEST_COL_LABELS,
  REQUEST_COLS,
  REVIEW_COL_LABELS,
  REVIEW_COLS,
  REVIEW_GROUP_LABELS,
  requestRowLabel,
} from '../../core/schema';
import { M } from './messages';

interface RowData {
  key: string;
  label: string;
  cells: Record<string, CellView | undefined>;
  uncertain: boolean;
}

function CellBox({ table, row, col, cell, active, onLocate }: { table: string; row: string; col: string; cell?: CellView; active: boolean; onLocate: (c: CellView, ref: string) => void }) {
  const ref = `${table}:${row}:${col}`;
  if (!cell) {
    return <td data-cell={ref} data-status="missing" className="cell missing" title="此行未找到" />;
  }
  const status = cell.status === 'text' ? 'fail' : cell.status === 'part' ? 'ok' : cell.status;
  return (
    <td
      data-cell={ref}
      data-status={status}
      data-role={cell.status === 'part' ? 'part' : undefined}
      className={`cell st-${cell.status}${active ? ' active' : ''}`}
      title={`${cell.raw.trim() || '（空白）'} · ${M.clickToLocate}`}
      onClick={() => onLocate(cell, ref)}
    >
      {cell.kind === 'blank' ? '' : cell.raw.trim()}
    </td>
  );
}

const helper = createColumnHelper<RowData>();

function Grid(props: { id: string; title: string; table: TableView | undefined; cols: { key: string; label: string }[]; rows: RowData[]; activeRef: string | null; onLocate: (c: CellView, ref: string) => void }) {
  const columns = useMemo(
    () => [
      helper.accessor('label', { header: M.item, cell: (c) => c.getValue() }),
      ...props.cols.map((col) =>
        helper.display({
          id: col.key,
          header: col.label,
          cell: (c) => null as unknown as string,
        }),
      ),
    ],
    [props.cols],
  );
  const table = useReactTable({ data: props.rows, columns, getCoreRowModel: getCoreRowModel() });
  if (!props.table?.present) {
    return (
      <div className="tbl-block">
        <h3>{props.title}</h3>
        <div className="muted small">{M.tableMissing}</div>
      </div>
    );
  }
  return (
    <div className="tbl-block">
      <h3>{props.title}</h3>
      <table className={`grid grid-${props.id}`}>
        <thead>
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((h) => (
                <th key={h.id}>{flexRender(h.column.columnDef.header, h.getContext())}</th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((r) => (
            <tr key={r.id} className={r.original.uncertain ? 'uncertain' : undefined} title={r.original.uncertain ? M.uncertainRow : undefined}>
              {r.getVisibleCells().map((c) =>
                c.column.id === 'label' ? (
                  <th key={c.id} scope="row" className="rowlabel">
                    {r.original.label}
                    {r.original.uncertain && <span className="warn-dot" aria-label={M.uncertainRow}>?</span>}
                  </th>
                ) : (
                  <CellBox
                    key={c.id}
                    table={props.id}
                    row={r.original.key}
                    col={c.column.id}
                    cell={r.original.cells[c.column.id]}
                    active={props.activeRef === `${props.id}:${r.original.key}:${c.column.id}`}
                    onLocate={props.onLocate}
                  />
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Tables({ tables, format, activeRef, onLocate }: { tables: Record<string, TableView>; format: string; activeRef: string | null; onLocate: (c: CellView, ref: string) => void }) {
  const t3 = tables.requests;
  const t2 = tables.proactive;
  const t4 = tables.reviews;
  const rows3: RowData[] = (t3?.rowOrder ?? []).map((k) => ({ key: k, label: requestRowLabel(k), cells: t3?.rows[k]?.cells ?? {}, uncertain: !!t3?.rows[k]?.uncertain }));
  const cols3 = REQUEST_COLS.map((c) => ({ key: c, label: REQUEST_COL_LABELS[c]! }));
  const rows4: RowData[] = (t4?.rowOrder ?? []).map((k) => ({ key: k, label: REVIEW_GROUP_LABELS[k] ?? k, cells: t4?.rows[k]?.cells ?? {}, uncertain: !!t4?.rows[k]?.uncertain }));
  const cols4 = REVIEW_COLS.map((c) => ({ key: c, label: REVIEW_COL_LABELS[c]! }));
  const f = format === '2019' ? '2019' : '2021';
  // Table 二 rows have different columns: one small grid per column set.
  const groups = new Map<string, RowData[]>();
  for (const k of t2?.rowOrder ?? []) {
    const cols = t2?.columns[k] ?? [];
    const sig = cols.join(',');
    if (!sig) continue;
    if (!groups.has(sig)) groups.set(sig, []);
    groups.get(sig)!.push({ key: k, label: PROACTIVE_ROW_LABELS[f][k] ?? k, cells: t2?.rows[k]?.cells ?? {}, uncertain: !!t2?.rows[k]?.uncertain });
  }
  return (
    <div className="tables">
      {!t2?.present ? (
        <Grid id="proactive" title={M.table2} table={t2} cols={[]} rows={[]} activeRef={activeRef} onLocate={onLocate} />
      ) : (
        <div className="tbl-block">
          <h3>{M.table2}</h3>
          {[...groups.entries()].map(([sig, rows]) => (
            <Grid
              key={sig}
              id="proactive"
              title=""
              table={t2}
              cols={sig.split(',').map((c) => ({
                key: c,
                label: rows[0]!.key === 'procurement' && c === 'amount' ? '采购总金额' : f === '2019' && c === 'decisions' ? '处理决定数量' : PROACTIVE_COL_LABELS[c] ?? c,
              }))}
              rows={rows}
              activeRef={activeRef}
              onLocate={onLocate}
            />
          ))}
        </div>
      )}
      <Grid id="requests" title={M.table3} table={t3} cols={cols3} rows={rows3} activeRef={activeRef} onLocate={onLocate} />
      <Grid id="reviews" title={M.table4} table={t4} cols={cols4} rows={rows4} activeRef={activeRef} onLocate={onLocate} />
    </div>
  );
}
