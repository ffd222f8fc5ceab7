// What the selected finding (or cell) lights: highlights in the original, evidence and located cells in
// the tables, cells with a note; and the tables pane scrolled to them.
import { useLayoutEffect, useMemo, type RefObject } from 'react';
import type { FindingView, ReportView } from '../../../ipc/contract';
import type { SectionKey } from '../../../core/model';
import { SECTION_TITLES } from '../../../core/schema';
import type { Focus, Highlight } from '../original';
import { M } from '../shared/messages';
import { revealAll } from '../shared/reveal';

const ORDER = Object.keys(SECTION_TITLES) as SectionKey[];

/**
 * Where a missing section should be (R-SEC-MISSING has no evidence of its own): at the heading of the
 * next section present, after the previous one; else at the end of the previous one.
 */
export function sectionGap(view: ReportView, f: FindingView | null | undefined): { at: number; label: string } | null {
  const k = f?.rule === 'R-SEC-MISSING' ? (f.section as SectionKey | undefined) : undefined;
  const i = k ? ORDER.indexOf(k) : -1;
  if (!k || i < 0 || view.sections[k]?.present) return null;
  const prev = ORDER.slice(0, i).reverse().map((x) => view.sections[x]).find((s) => s?.present && (s.range || s.heading));
  const next = ORDER.slice(i + 1).map((x) => view.sections[x]).find((s) => s?.present && s.heading);
  const prevEnd = prev ? (prev.range?.end ?? prev.heading!.end) : null;
  const at = next?.heading && (prevEnd === null || next.heading.start >= prevEnd - 1) ? next.heading.start : (prevEnd ?? view.report.range.start);
  return { at, label: M.sectionGap(SECTION_TITLES[k]) };
}

/** What selecting a finding shows in the original: its total or text, else its first evidence, else where its section should be. */
export function focusRangeOf(view: ReportView, f: FindingView | undefined): { start: number; end: number } | null {
  const first = f?.source.find((s) => s.role === 'total' || s.role === 'text') ?? f?.source[0];
  if (first) return { start: first.start, end: first.end };
  const gap = sectionGap(view, f);
  return gap ? { start: gap.at, end: gap.at } : null;
}

export function useMarks(view: ReportView | null, active: number | null, cellHl: Highlight[]) {
  const highlights = useMemo<Highlight[]>(() => {
    const out: Highlight[] = [];
    if (view) {
      for (const a of view.annotations) if (a.anchorState !== 'lost') out.push({ start: a.start, end: a.end, cls: 'hl-note' });
      const f = active !== null ? view.findings[active] : null;
      if (f) {
        for (const s of f.source) {
          const cls = s.role === 'total' ? 'hl-total' : s.role === 'part' ? 'hl-part' : s.role === 'section' ? 'hl-section' : s.role === 'cell' ? 'hl-cell' : 'hl-text';
          out.push({ start: s.start, end: Math.max(s.end, s.start), cls });
        }
        const gap = sectionGap(view, f);
        if (gap) out.push({ start: gap.at, end: gap.at, cls: 'hl-gap', label: gap.label });
      }
    }
    return [...out, ...cellHl];
  }, [view, active, cellHl]);

  // Cells of the extracted tables by their range in the original, to light a finding's evidence.
  const cellByRange = useMemo(() => {
    const m = new Map<string, string[]>();
    if (!view) return m;
    for (const [tk, t] of Object.entries(view.tables))
      for (const [rk, row] of Object.entries(t.rows))
        for (const [ck, c] of Object.entries(row.cells)) {
          const k = `${c.range.start}:${c.range.end}`;
          m.set(k, [...(m.get(k) ?? []), `${tk}:${rk}:${ck}`]);
        }
    return m;
  }, [view]);
  const evidenceCells = useMemo(() => {
    const m = new Map<string, 'total' | 'part'>();
    const f = view && active !== null ? view.findings[active] : null;
    if (!f) return m;
    // The finding's own cell is its total; blank cells of a short row can share one (empty) range.
    const own = f.table && f.row && f.col ? `${f.table}:${f.row}:${f.col}` : null;
    const hasOwn = !!own && cellByRange.size > 0 && [...cellByRange.values()].some((refs) => refs.includes(own));
    for (const s of f.source) {
      if (s.role !== 'total' && s.role !== 'part') continue;
      let refs = cellByRange.get(`${s.start}:${s.end}`) ?? [];
      if (refs.length > 1) {
        const near = refs.filter((r) => (s.role === 'total' && hasOwn ? r === own : r.split(':')[1] === f.row || r.split(':')[2] === f.col));
        if (near.length) refs = near;
      }
      for (const ref of refs) if (m.get(ref) !== 'total') m.set(ref, s.role);
    }
    return m;
  }, [view, active, cellByRange]);
  // A finding about a table with no total or parts to light (blank cells, a row of the wrong shape, a row
  // name): its cells, else its row, so that the tables show where it is too.
  const locatedCells = useMemo(() => {
    const out = new Set<string>();
    const f = view && active !== null ? view.findings[active] : null;
    if (!view || !f?.table || evidenceCells.size) return out;
    for (const s of f.source)
      if (s.role === 'cell') for (const ref of cellByRange.get(`${s.start}:${s.end}`) ?? []) if (ref.startsWith(`${f.table}:`) && (!f.row || ref.split(':')[1] === f.row)) out.add(ref);
    if (!out.size && f.row)
      for (const [rk, row] of Object.entries(view.tables[f.table as 'requests']?.rows ?? {}))
        if (rk === f.row || rk.startsWith(`${f.row}.`)) for (const ck of Object.keys(row.cells)) out.add(`${f.table}:${rk}:${ck}`);
    return out;
  }, [view, active, evidenceCells, cellByRange]);
  const notedCells = useMemo(() => new Set((view?.annotations ?? []).filter((a) => a.cellRef).map((a) => a.cellRef!)), [view]);
  return { highlights, evidenceCells, locatedCells, notedCells };
}

export function useTablesReveal(tablesPane: RefObject<HTMLDivElement | null>, view: ReportView | null, active: number | null, evidenceCells: Map<string, 'total' | 'part'>, locatedCells: Set<string>, focus: Focus | null) {
  // Another report opens with its tables from the top (the finding effect below may then scroll them).
  useLayoutEffect(() => {
    if (tablesPane.current) tablesPane.current.scrollTop = 0;
  }, [view?.key]);
  // Scroll the tables (not the findings) to the lit cells, else to the finding's table.
  useLayoutEffect(() => {
    const pane = tablesPane.current;
    // No focus: a finding made current by opening a report (not chosen): the tables stay at the top.
    if (!pane || !focus) return;
    if (evidenceCells.size) revealAll(pane, [...pane.querySelectorAll<HTMLElement>('[data-evidence]')]);
    else if (locatedCells.size) revealAll(pane, [...pane.querySelectorAll<HTMLElement>('[data-located]')]);
    else {
      const f = view && active !== null ? view.findings[active] : null;
      const block = f?.table ? pane.querySelector<HTMLElement>(`.tbl-block[data-table="${f.table}"]`) : null;
      if (block) pane.scrollTop += block.getBoundingClientRect().top - pane.getBoundingClientRect().top;
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [evidenceCells, locatedCells, focus]);
}
