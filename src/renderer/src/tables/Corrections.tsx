// Correcting what the machine misread: an editor on a table cell (the value as printed, blank as
// printed, or confirmed as read; the reading is kept and shown on hover; the whole row placed under
// another label), and for OCR'd reports the 待核对 list: every doubtful cell with its image cut from
// the page, walked by keyboard alone.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CellView, ReportView } from '../../../ipc/contract';
import { api } from '../shared/api';
import { M } from '../shared/messages';
import { cellName, Tables, type TablesProps } from './Tables';
import { RowFixes, RowPoint } from './RowPoint';

type Kind = 'value' | 'blank' | 'confirm';
interface Target {
  ref: string;
  cell: CellView | undefined;
}

const parts = (ref: string) => {
  const [table = '', row = '', col = ''] = ref.split(':');
  return { table: table as 'requests', row, col };
};

/** Save a correction of a cell; the view reloads (the rules ran again on the corrected report). */
async function correct(key: string, ref: string, kind: Kind, raw?: string): Promise<void> {
  await api.setCorrection({ key, ...parts(ref), kind, ...(kind === 'value' ? { raw: raw ?? '' } : {}) });
}

function Editor(props: { view: ReportView; target: Target; onDone: (changed: boolean) => void; onError: (m: string) => void }) {
  const { view, target } = props;
  const fix = target.cell?.correction;
  const [value, setValue] = useState(target.cell && target.cell.kind !== 'blank' ? target.cell.raw.trim() : '');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.select(), []);
  const id = `${view.key}|cell|${target.ref}`;
  const run = (p: Promise<unknown>) =>
    p.then(
      () => props.onDone(true),
      (e: Error) => props.onError(e.message),
    );
  return (
    <div className="corr-editor" role="dialog" aria-label={M.corr.edit} data-testid="correction-editor" onKeyDown={(e) => e.key === 'Escape' && props.onDone(false)}>
      <div className="corr-head">
        <strong>{M.corr.edit}</strong> {cellName(view.tables, view.report.format, target.ref)}
      </div>
      <div className="muted small">{M.corr.read(fix ? fix.read.raw : (target.cell?.raw ?? ''))}</div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run(correct(view.key, target.ref, 'value', value));
        }}
      >
        <label>
          {M.corr.value} <input ref={input} name="value" value={value} maxLength={40} onChange={(e) => setValue(e.target.value)} autoFocus />
        </label>
        <button type="submit">{M.corr.save}</button>
        <button type="button" onClick={() => run(correct(view.key, target.ref, 'blank'))}>
          {M.corr.blank}
        </button>
        {target.cell && (
          <button type="button" onClick={() => run(correct(view.key, target.ref, 'confirm'))}>
            {M.corr.confirm}
          </button>
        )}
        {fix && (
          <button type="button" onClick={() => run(api.removeCorrection({ id }))}>
            {M.corr.withdraw}
          </button>
        )}
        <button type="button" onClick={() => props.onDone(false)}>
          {M.corr.cancel}
        </button>
      </form>
      <div className="muted small">{M.corr.hint}</div>
      <RowPoint view={view} cellRef={target.ref} onDone={() => props.onDone(true)} onError={props.onError} />
    </div>
  );
}

/** The cell's image, cut from the rendered page of the original (a canvas of the PDF view). */
function CellImage({ view, cell }: { view: ReportView; cell: CellView | undefined }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [ok, setOk] = useState(false);
  const span = useMemo(() => (cell ? view.spans.find((s) => s.box && s.page && s.start < Math.max(cell.range.end, cell.range.start + 1) && cell.range.start < Math.max(s.end, s.start + 1)) : undefined), [view, cell]);
  useEffect(() => {
    setOk(false);
    if (!span?.box) return;
    let tries = 0;
    const timer = setInterval(() => {
      const page = document.querySelector<HTMLElement>(`.pdf-page[data-page="${span.page}"]`);
      const src = page?.querySelector('canvas');
      const out = ref.current;
      if (!page || !src || !out || !src.width || src.dataset.rendered !== '1') {
        if (++tries > 40) clearInterval(timer);
        return;
      }
      clearInterval(timer);
      // PDF units → canvas pixels: the page element is the page (data-width PDF units) at the view's zoom.
      const pxPerUnit = src.width / (page.offsetWidth / scaleOf(page));
      const b = span.box!;
      const pad = 6;
      const sx = Math.max(0, (b.x - pad) * pxPerUnit);
      const sy = Math.max(0, (b.y - pad) * pxPerUnit);
      const sw = (b.w + pad * 2) * pxPerUnit;
      const sh = (b.h + pad * 2) * pxPerUnit;
      out.width = Math.round(sw);
      out.height = Math.round(sh);
      out.getContext('2d')?.drawImage(src, sx, sy, sw, sh, 0, 0, out.width, out.height);
      setOk(true);
    }, 150);
    return () => clearInterval(timer);
  }, [span]);
  if (!span?.box) return null;
  return (
    <span className="doubt-img">
      <canvas ref={ref} data-testid="doubt-image" data-ready={ok ? '1' : undefined} />
      {!ok && <span className="muted small">{M.corr.noImage}</span>}
    </span>
  );
}

/** The view's zoom: the page element's width over the page's own width (PDF units), kept on the element. */
function scaleOf(page: HTMLElement): number {
  const w = Number(page.dataset.width);
  return w > 0 ? page.offsetWidth / w : 1;
}

function DoubtList(props: { view: ReportView; onLocate: (c: CellView, ref: string) => void; onChanged: () => void; onError: (m: string) => void }) {
  const { view } = props;
  const list = view.report.lowConfidence ?? [];
  const [at, setAt] = useState(0);
  const [typed, setTyped] = useState('');
  const box = useRef<HTMLDivElement>(null);
  const i = Math.min(at, Math.max(0, list.length - 1));
  const cur = list[i];
  const ref = cur ? `${cur.table}:${cur.row}:${cur.col}` : '';
  const cell = cur ? view.tables[cur.table]?.rows[cur.row]?.cells[cur.col] : undefined;
  useEffect(() => {
    if (cell) props.onLocate(cell, ref);
    setTyped('');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ref]);
  if (!list.length) return null;
  const open = list.filter((c) => !c.checked).length;
  const next = () => setAt((n) => Math.min(list.length - 1, n + 1));
  const save = (kind: Kind, raw?: string) =>
    correct(view.key, ref, kind, raw).then(
      () => (props.onChanged(), next()),
      (e: Error) => props.onError(e.message),
    );
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'Tab' || e.key === 'j' || e.key === 'J' || e.key === 'ArrowDown') {
      e.preventDefault();
      if (e.shiftKey && e.key === 'Tab') setAt((n) => Math.max(0, n - 1));
      else next();
    } else if (e.key === 'k' || e.key === 'K' || e.key === 'ArrowUp') {
      e.preventDefault();
      setAt((n) => Math.max(0, n - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      void (typed ? save('value', typed) : cell ? save('confirm') : undefined);
    } else if (/^[0-9.\-]$/.test(e.key)) {
      e.preventDefault();
      setTyped((t) => (t + e.key).slice(0, 40));
    } else if (e.key === 'Backspace') {
      e.preventDefault();
      setTyped((t) => t.slice(0, -1));
    } else if (e.key === 'Escape') setTyped('');
  };
  return (
    <div className="doubt" ref={box} tabIndex={0} onKeyDown={onKey} data-testid="doubt-list" aria-label={M.corr.doubt(list.length, open)}>
      <div className="doubt-head">
        <strong>{M.corr.doubt(list.length, open)}</strong> <span className="muted small">{M.corr.doubtHelp}</span>
      </div>
      {cur && (
        <div className="doubt-cur" data-doubt={ref} data-index={i} data-checked={cur.checked ? '1' : undefined}>
          <span>
            {i + 1}/{list.length} {cellName(view.tables, view.report.format, ref)}
          </span>
          <CellImage view={view} cell={cell} />
          <span className="doubt-read">{M.corr.read(cell?.correction?.read.raw ?? cell?.raw ?? '')}</span>
          {cell?.correction && <span className="doubt-now">→ {cell.kind === 'blank' ? M.blankCell : cell.raw}</span>}
          {cur.checked && <span className="doubt-ok">{M.corr.checked}</span>}
          {typed && (
            <span className="doubt-typed" data-testid="doubt-typed">
              {M.corr.value}：{typed}
            </span>
          )}
        </div>
      )}
    </div>
  );
}

/** The tables with corrections: the editor on a cell and, for OCR'd reports, the 待核对 list. */
export function CorrectableTables(props: Omit<TablesProps, 'tables' | 'format' | 'onEdit'> & { view: ReportView; onChanged: () => void; onError: (m: string) => void }) {
  const { view, onChanged, onError, ...rest } = props;
  const [target, setTarget] = useState<Target | null>(null);
  useEffect(() => setTarget(null), [view.key]);
  return (
    <>
      <RowFixes view={view} onDone={onChanged} onError={onError} />
      {view.kind && view.report.lowConfidence && <DoubtList view={view} onLocate={props.onLocate} onChanged={onChanged} onError={onError} />}
      {target && (
        <Editor
          view={view}
          target={target}
          onError={onError}
          onDone={(changed) => {
            const ref = target.ref;
            setTarget(null);
            if (changed) onChanged();
            requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-cell="${ref}"]`)?.focus());
          }}
        />
      )}
      <Tables {...rest} tables={view.tables} format={view.report.format} onEdit={(ref, cell) => setTarget({ ref, cell })} />
    </>
  );
}
