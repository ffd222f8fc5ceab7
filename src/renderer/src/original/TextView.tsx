// Text, HTML and DOCX originals: lines and published tables, highlights at character ranges.
import { memo, useLayoutEffect, useMemo, useRef } from 'react';
import type { DocTable } from '../../../core/model';
import { M } from '../shared/messages';
import { Chips, flash, useEvidence } from './evidence';
import { useSelection } from './selection';
import { CHUNK, evidenceOf, MAX_ROW, type Highlight, type OriginalProps } from './types';

interface Line {
  start: number;
  end: number;
  cells: { start: number; end: number }[] | null;
}

function linesOf(text: string, from: number, to: number): Line[] {
  const out: Line[] = [];
  let s = from;
  for (let i = from; i <= to; i++) {
    if (i === to || text[i] === '\n') {
      let e = i;
      if (text[e - 1] === '\r') e--;
      let cells: Line['cells'] = null;
      const line = e - s <= MAX_ROW ? text.slice(s, e) : '';
      if (line.includes('\t') || (line.includes('|') && line.split('|', 5).length > 3)) {
        const sep = line.includes('\t') ? '\t' : '|';
        cells = [];
        let cs = s;
        for (let k = s; k <= e; k++) {
          if (k === e || text[k] === sep) {
            cells.push({ start: cs, end: k });
            cs = k + 1;
          }
        }
      }
      out.push({ start: s, end: e, cells });
      s = i + 1;
    }
  }
  return out;
}

function Marker({ at, hl, fill }: { at: number; hl: Highlight[]; fill: boolean }) {
  const gap = hl.find((h) => h.cls === 'hl-gap');
  const cls = hl.filter((h) => h !== gap).map((h) => h.cls);
  return (
    <>
      {gap && (
        <span data-off={at} data-gap="1" className="gap-mark">
          {gap.label}
        </span>
      )}
      {cls.length > 0 && <span data-off={at} data-evidence={evidenceOf(cls)} className={`hl blank-mark ${fill ? 'fill ' : ''}${cls.join(' ')}`} title={M.blankCell} />}
    </>
  );
}

/**
 * The text [start, end) as spans cut at highlight edges (and every CHUNK characters). A zero-width
 * highlight becomes a marker at its place; in an empty cell the marker fills the cell.
 */
function Segments({ text, start, end, hl, cell }: { text: string; start: number; end: number; hl: Highlight[]; cell?: boolean }) {
  const cuts = new Set<number>([start, end]);
  const mine: Highlight[] = [];
  const zero = new Map<number, Highlight[]>();
  for (const h of hl) {
    if (h.end <= h.start) {
      if (h.start >= start && h.start <= end) zero.set(h.start, [...(zero.get(h.start) ?? []), h]);
    } else if (h.start < end && h.end > start) {
      mine.push(h);
      cuts.add(Math.max(start, h.start));
      cuts.add(Math.min(end, h.end));
    }
  }
  for (let k = start + CHUNK; k < end; k += CHUNK) cuts.add(k);
  const points = [...cuts].sort((a, b) => a - b);
  const parts: React.ReactNode[] = [];
  const markers = (at: number) => {
    const z = zero.get(at);
    if (z) parts.push(<Marker key={`z${at}`} at={at} hl={z} fill={!!cell && start === end} />);
  };
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    if (b <= a) continue;
    markers(a);
    const cls = mine.filter((h) => h.start <= a && h.end >= b).map((h) => h.cls);
    parts.push(
      <span key={a} data-off={a} data-evidence={evidenceOf(cls)} className={cls.length ? `hl ${cls.join(' ')}` : undefined}>
        {text.slice(a, b)}
      </span>,
    );
    // Allow a line break between pieces of a very long run.
    if (b - a === CHUNK) parts.push(<wbr key={`w${a}`} />);
  }
  markers(end);
  if (start === end && !zero.has(end)) parts.push(<span key="e" data-off={start} />);
  return <>{parts}</>;
}

const TextBody = memo(function TextBody({ text, range, hl, layout }: { text: string; range: { start: number; end: number }; hl: Highlight[]; layout?: DocTable[] }) {
  const lines = useMemo(() => linesOf(text, 0, text.length), [text]);
  const rowAt = useMemo(() => {
    const m = new Map<number, { t: number; row: DocTable['rows'][number] }>();
    layout?.forEach((t, ti) => t.rows.forEach((row) => m.set(row.start, { t: ti, row })));
    return m;
  }, [layout]);
  const blocks: React.ReactNode[] = [];
  let i = 0;
  while (i < lines.length) {
    const l = lines[i]!;
    const outside = l.end < range.start || l.start > range.end;
    const laid = rowAt.get(l.start);
    if (laid) {
      // A table of the page or document, with its merged cells as published.
      const rows: DocTable['rows'] = [];
      while (i < lines.length && rowAt.get(lines[i]!.start)?.t === laid.t) rows.push(rowAt.get(lines[i++]!.start)!.row);
      blocks.push(
        <table key={`t${l.start}`} className={`doc-table laid${outside ? ' outside' : ''}`}>
          <tbody>
            {rows.map((r) => (
              <tr key={r.start}>
                {r.cells.map((c) => {
                  const Tag = c.head ? 'th' : 'td';
                  return (
                    <Tag key={c.start} rowSpan={c.rowspan > 1 ? c.rowspan : undefined} colSpan={c.colspan > 1 ? c.colspan : undefined}>
                      <Segments text={text} start={c.start} end={c.end} hl={hl} cell />
                    </Tag>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>,
      );
      continue;
    }
    if (l.cells) {
      const rows: Line[] = [];
      while (i < lines.length && lines[i]!.cells && !rowAt.has(lines[i]!.start)) rows.push(lines[i++]!);
      const width = Math.max(...rows.map((r) => r.cells!.length));
      blocks.push(
        <table key={`t${l.start}`} className={`doc-table${outside ? ' outside' : ''}`}>
          <tbody>
            {rows.map((r) => (
              <tr key={r.start}>
                {r.cells!.map((c, k) => (
                  <td key={c.start} colSpan={k === r.cells!.length - 1 ? width - r.cells!.length + 1 : 1}>
                    <Segments text={text} start={c.start} end={c.end} hl={hl} cell />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>,
      );
      continue;
    }
    blocks.push(
      <p key={l.start} className={`${l.start === l.end ? 'blank' : ''}${outside ? ' outside' : ''}${l.end - l.start > CHUNK ? ' long' : ''}`}>
        <Segments text={text} start={l.start} end={l.end} hl={hl} />
      </p>,
    );
    i++;
  }
  return <>{blocks}</>;
});

function scrollToOffset(container: HTMLElement, off: number, doFlash = true) {
  const all = container.querySelectorAll<HTMLElement>('[data-off]');
  // data-off grows in document order: the last element at or before the offset.
  let lo = 0;
  let hi = all.length - 1;
  let best: HTMLElement | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (Number(all[mid]!.dataset.off) <= off) {
      best = all[mid]!;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (!best) return;
  best.scrollIntoView({ block: 'center', behavior: 'auto' });
  if (doFlash) flash(best);
}

export function TextView(p: OriginalProps) {
  const ref = useRef<HTMLDivElement>(null);
  useSelection(ref, p.onSelectRange);
  const ev = useEvidence(ref, p.focus, (c, f) => scrollToOffset(c, f.start), null);
  useLayoutEffect(() => {
    if (ref.current && !p.focus) scrollToOffset(ref.current, p.range.start, false);
    // Only when the report changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.reportKey]);
  return (
    <div className="doc-wrap">
      <Chips {...ev} />
      <div ref={ref} className="doc text-doc" data-testid="original" data-ready={p.reportKey}>
        <TextBody text={p.text} range={p.range} hl={p.highlights} layout={p.layout} />
      </div>
    </div>
  );
}

