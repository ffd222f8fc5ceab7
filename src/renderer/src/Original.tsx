// The original document: text/HTML/DOCX as text (HTML/DOCX tables with their published merged
// cells, built from the parsed document, never its markup), PDFs rendered by pdf.js with a text
// layer. Highlights are drawn at character ranges of the extracted text; a zero-width range (a
// blank cell) gets a visible marker at its place. Evidence markers carry data-evidence.
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { DocTable, Span } from '../../core/model';
import { api } from './api';
import { M } from './messages';

export type HighlightCls = 'hl-total' | 'hl-part' | 'hl-text' | 'hl-note' | 'hl-cell' | 'hl-section';

export interface Highlight {
  start: number;
  end: number;
  cls: HighlightCls;
}

export interface Focus {
  start: number;
  end: number;
  nonce: number;
}

export interface OriginalProps {
  reportKey: string;
  kind: string;
  text: string;
  spans: Span[];
  layout?: DocTable[];
  range: { start: number; end: number };
  highlights: Highlight[];
  focus: Focus | null;
  onSelectRange: (r: { start: number; end: number } | null) => void;
}

/** Evidence role of a highlight class (what data-evidence says). */
const EVIDENCE: Partial<Record<HighlightCls, string>> = { 'hl-total': 'total', 'hl-part': 'part', 'hl-text': 'text', 'hl-cell': 'cell' };
const RANK = ['hl-total', 'hl-part', 'hl-text', 'hl-cell'];
function evidenceOf(cls: string[]): string | undefined {
  for (const r of RANK) if (cls.includes(r)) return EVIDENCE[r as HighlightCls];
  return undefined;
}
/** Longest run of text in one DOM node: long lines without spaces are cut into pieces so layout stays fast. */
const CHUNK = 2000;
/** A line longer than this is prose, never a table row (a million pipes would be a million cells). */
const MAX_ROW = 4000;

/** Offset of a DOM position inside elements carrying data-off. */
function offsetOf(node: Node, offset: number): number | null {
  let el: Node | null = node.nodeType === Node.TEXT_NODE ? node.parentNode : node;
  while (el && el instanceof HTMLElement && el.dataset.off === undefined) el = el.parentNode;
  if (!(el instanceof HTMLElement) || el.dataset.off === undefined) return null;
  if (node.nodeType === Node.TEXT_NODE) return Number(el.dataset.off) + offset;
  // An element boundary: count the text of the children before it.
  let n = 0;
  node.childNodes.forEach((c, i) => {
    if (i < offset) n += c.textContent?.length ?? 0;
  });
  return Number(el.dataset.off) + n;
}

function useSelection(ref: React.RefObject<HTMLElement | null>, onSelectRange: OriginalProps['onSelectRange']) {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const up = () => {
      const sel = window.getSelection();
      if (!sel || sel.isCollapsed || !sel.rangeCount) return onSelectRange(null);
      const r = sel.getRangeAt(0);
      if (!el.contains(r.commonAncestorContainer)) return;
      const a = offsetOf(r.startContainer, r.startOffset);
      const b = offsetOf(r.endContainer, r.endOffset);
      if (a === null || b === null || b <= a) return onSelectRange(null);
      onSelectRange({ start: a, end: b });
    };
    el.addEventListener('mouseup', up);
    el.addEventListener('keyup', up);
    return () => {
      el.removeEventListener('mouseup', up);
      el.removeEventListener('keyup', up);
    };
  }, [ref, onSelectRange]);
}

export function Original(p: OriginalProps) {
  // Image files (photos, scans) come as a one-page PDF of the image.
  return p.kind === 'pdf' || p.kind === 'image' ? <PdfView {...p} /> : <TextView {...p} />;
}

// ---- evidence: all of it in view together, else chips that jump between them -----------------------

function flash(el: HTMLElement) {
  el.classList.remove('flash');
  void el.offsetWidth;
  el.classList.add('flash');
}

/** Scroll the container so that every evidence marker is in view; false when they do not fit. */
function showEvidence(container: HTMLElement): boolean | null {
  const els = [...container.querySelectorAll<HTMLElement>('[data-evidence]:not([data-evidence="cell"])')];
  if (!els.length) return null;
  const fits = revealAll(container, els);
  for (const e of els) flash(e);
  return fits;
}

/** Scroll a container so that all the elements are in view together if they fit, else the first total. */
export function revealAll(container: HTMLElement, els: HTMLElement[]): boolean {
  if (!els.length) return true;
  const c = container.getBoundingClientRect();
  let top = Infinity;
  let bottom = -Infinity;
  let left = Infinity;
  let right = -Infinity;
  for (const e of els) {
    const r = e.getBoundingClientRect();
    top = Math.min(top, r.top);
    bottom = Math.max(bottom, r.bottom);
    left = Math.min(left, r.left);
    right = Math.max(right, r.right);
  }
  const fits = bottom - top <= container.clientHeight - 24;
  if (fits) {
    container.scrollTop += (top + bottom) / 2 - (c.top + container.clientHeight / 2);
    if (right - left <= container.clientWidth - 24) container.scrollLeft += (left + right) / 2 - (c.left + container.clientWidth / 2);
    else container.scrollLeft += left - c.left - 12;
  } else {
    const first = els.find((e) => e.dataset.evidence === 'total') ?? els[0]!;
    const r = first.getBoundingClientRect();
    container.scrollTop += r.top - c.top - container.clientHeight / 3;
  }
  return fits;
}

/** Evidence chips: 总计 / 各项 / 正文, each jumping (in turn) to its markers. */
function useEvidence(ref: React.RefObject<HTMLElement | null>, focus: Focus | null, fallback: (c: HTMLElement, f: Focus) => void, ready: unknown) {
  const [roles, setRoles] = useState<string[]>([]);
  const turn = useRef<Record<string, number>>({});
  useLayoutEffect(() => {
    const c = ref.current;
    if (!c || !focus) return;
    turn.current = {};
    const fits = showEvidence(c);
    if (fits === null) {
      fallback(c, focus);
      setRoles([]);
      performance.mark('nianbao-evidence');
      return;
    }
    if (fits) setRoles([]);
    else {
      const present = new Set([...c.querySelectorAll<HTMLElement>('[data-evidence]')].map((e) => e.dataset.evidence!));
      setRoles(['total', 'part', 'text'].filter((r) => present.has(r)));
    }
    performance.mark('nianbao-evidence');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focus, ready]);
  const jump = useCallback(
    (role: string) => {
      const c = ref.current;
      if (!c) return;
      const els = [...c.querySelectorAll<HTMLElement>(`[data-evidence="${role}"]`)];
      if (!els.length) return;
      const i = (turn.current[role] ?? -1) + 1;
      turn.current[role] = i % els.length;
      const el = els[i % els.length]!;
      el.scrollIntoView({ block: 'center', inline: 'nearest' });
      flash(el);
    },
    [ref],
  );
  return { roles, jump };
}

function Chips({ roles, jump }: { roles: string[]; jump: (r: string) => void }) {
  if (!roles.length) return null;
  return (
    <div className="ev-chips" role="toolbar" aria-label={M.evidenceJump}>
      {roles.map((r) => (
        <button key={r} className={`ev-chip ev-${r}`} data-chip={r} onClick={() => jump(r)} title={M.evidenceJump}>
          {M.evidence[r]}
        </button>
      ))}
    </div>
  );
}

// ---- text, HTML, DOCX --------------------------------------------------------------------------

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

function Marker({ at, cls, fill }: { at: number; cls: string[]; fill: boolean }) {
  return <span data-off={at} data-evidence={evidenceOf(cls)} className={`hl blank-mark ${fill ? 'fill ' : ''}${cls.join(' ')}`} title={M.blankCell} />;
}

/**
 * The text [start, end) as spans cut at highlight edges (and every CHUNK characters). A zero-width
 * highlight becomes a marker at its place; in an empty cell the marker fills the cell.
 */
function Segments({ text, start, end, hl, cell }: { text: string; start: number; end: number; hl: Highlight[]; cell?: boolean }) {
  const cuts = new Set<number>([start, end]);
  const mine: Highlight[] = [];
  const zero = new Map<number, string[]>();
  for (const h of hl) {
    if (h.end <= h.start) {
      if (h.start >= start && h.start <= end) zero.set(h.start, [...(zero.get(h.start) ?? []), h.cls]);
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
    if (z) parts.push(<Marker key={`z${at}`} at={at} cls={z} fill={!!cell && start === end} />);
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

function TextView(p: OriginalProps) {
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

// ---- PDF ----------------------------------------------------------------------------------------

type PdfDoc = import('pdfjs-dist').PDFDocumentProxy;
let pdfjsLib: Promise<typeof import('pdfjs-dist')> | null = null;
function loadPdfjs() {
  pdfjsLib ??= (async () => {
    const lib = await import('pdfjs-dist');
    const worker = (await import('pdfjs-dist/build/pdf.worker.min.mjs?url')).default;
    lib.GlobalWorkerOptions.workerSrc = worker;
    return lib;
  })();
  return pdfjsLib;
}

interface PageInfo {
  width: number;
  height: number;
}

function PdfView(p: OriginalProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [doc, setDoc] = useState<PdfDoc | null>(null);
  const [pages, setPages] = useState<PageInfo[]>([]);
  const [scale, setScale] = useState(1.25);
  const [error, setError] = useState<string | null>(null);
  useSelection(ref, p.onSelectRange);

  useEffect(() => {
    let cancelled = false;
    let loaded: PdfDoc | null = null;
    setDoc(null);
    setPages([]);
    setError(null);
    (async () => {
      const [lib, bytes] = await Promise.all([loadPdfjs(), api.getPdfBytes({ key: p.reportKey })]);
      const d = await lib.getDocument({ data: bytes, cMapUrl: './pdfjs/cmaps/', cMapPacked: true, standardFontDataUrl: './pdfjs/standard_fonts/', isEvalSupported: false }).promise;
      loaded = d;
      const first = await d.getPage(1);
      const vp = first.getViewport({ scale: 1 });
      if (cancelled) return;
      setPages(Array.from({ length: d.numPages }, () => ({ width: vp.width, height: vp.height })));
      // Fit the page width to the pane.
      const avail = (ref.current?.clientWidth ?? 800) - 28;
      setScale(Math.max(0.5, Math.min(2, Math.floor((avail / vp.width) * 20) / 20)));
      setDoc(d);
    })().catch((e) => !cancelled && setError(String((e as Error).message ?? e)));
    return () => {
      cancelled = true;
      void loaded?.destroy();
    };
  }, [p.reportKey]);

  const byPage = useMemo(() => {
    const m = new Map<number, Span[]>();
    for (const s of p.spans) {
      if (!s.page) continue;
      if (!m.has(s.page)) m.set(s.page, []);
      m.get(s.page)!.push(s);
    }
    return m;
  }, [p.spans]);

  // Without evidence markers (a section, a note): the page and box of the focus's first span.
  const fallback = useCallback(
    (c: HTMLElement, f: Focus) => {
      const span = p.spans.find((s) => s.end > f.start && s.start <= Math.max(f.start, f.end - 1)) ?? p.spans.find((s) => s.start >= f.start);
      if (!span?.page || !span.box) return;
      const pageEl = c.querySelector<HTMLElement>(`[data-page="${span.page}"]`);
      if (pageEl) c.scrollTo({ top: pageEl.offsetTop + span.box.y * scale - c.clientHeight / 2, behavior: 'auto' });
    },
    [p.spans, scale],
  );
  const ev = useEvidence(ref, p.focus, fallback, pages.length ? scale : 0);

  return (
    <div className="pdf-wrap">
      <div className="pdf-tools">
        <button onClick={() => setScale((s) => Math.max(0.5, s - 0.25))} title={M.zoomOut}>
          −
        </button>
        <span>{Math.round(scale * 100)}%</span>
        <button onClick={() => setScale((s) => Math.min(3, s + 0.25))} title={M.zoomIn}>
          ＋
        </button>
        {pages.length > 0 && <span className="muted">{pages.length} 页</span>}
        <span className="grow" />
        <Chips {...ev} />
      </div>
      <div className="doc-wrap">
        <div ref={ref} className="doc pdf-doc" data-testid="original" data-ready={doc ? p.reportKey : ''}>
          {error && <div className="error-box">{error}</div>}
          {!doc && !error && <div className="loading">{M.loading}</div>}
          {pages.map((pg, i) => (
            <PdfPage key={i} doc={doc} n={i + 1} info={pg} scale={scale} text={p.text} spans={byPage.get(i + 1) ?? []} highlights={p.highlights} />
          ))}
        </div>
      </div>
    </div>
  );
}

/** Width of a string at 100px in the text layer's font, to stretch each span onto its glyphs. */
let measureCtx: CanvasRenderingContext2D | null = null;
function width100(s: string): number {
  measureCtx ??= document.createElement('canvas').getContext('2d');
  if (!measureCtx) return s.length * 100;
  measureCtx.font = '100px sans-serif';
  return measureCtx.measureText(s).width;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Boxes (page units) of [start, end) on a page: the covered fraction of each text run (characters
 * are spread evenly over the run's width). A zero-width range (a blank cell) gets the gap between
 * its neighbours on the line, or a cell-wide box after the last run.
 */
function boxesOf(spans: Span[], text: string, start: number, end: number): Box[] {
  const out: Box[] = [];
  if (end > start) {
    for (const s of spans) {
      if (s.end <= start || s.start >= end || !s.box) continue;
      const len = s.end - s.start || 1;
      const a = Math.max(start, s.start) - s.start;
      const b = Math.min(end, s.end) - s.start;
      // Leading/trailing white space of a run has no glyphs worth painting.
      const t = text.slice(s.start, s.end);
      if (!t.slice(a, b).trim()) continue;
      out.push({ x: s.box.x + (s.box.w * a) / len, y: s.box.y, w: (s.box.w * (b - a)) / len, h: s.box.h });
    }
    return out;
  }
  let prev: Span | undefined;
  let next: Span | undefined;
  for (const s of spans) {
    if (!s.box) continue;
    if (s.end <= start) prev = s;
    else if (s.start >= start) {
      next = s;
      break;
    }
  }
  if (!prev && !next) return out;
  // Same line: between the neighbours; else a box the width of the neighbour cell.
  const pb = prev?.box;
  const nb = next?.box;
  const sameLine = pb && nb && Math.abs(pb.y - nb.y) < pb.h * 0.6 && nb.x > pb.x + pb.w;
  // The line break between the two runs is in the text: a blank cell at a line's end follows prev.
  const lineEndsBefore = prev ? text.slice(prev.end, start).includes('\n') : true;
  if (sameLine && !lineEndsBefore) {
    const gap = nb.x - (pb.x + pb.w);
    out.push({ x: pb.x + pb.w + Math.min(6, gap / 4), y: pb.y, w: Math.max(8, gap - Math.min(12, gap / 2)), h: pb.h });
  } else if (pb && !lineEndsBefore) out.push({ x: pb.x + pb.w + 6, y: pb.y, w: Math.max(24, Math.min(pb.w, 60)), h: pb.h });
  else if (nb) out.push({ x: Math.max(0, nb.x - Math.max(24, Math.min(nb.w, 60)) - 6), y: nb.y, w: Math.max(24, Math.min(nb.w, 60)), h: nb.h });
  return out;
}

function PdfPage(props: { doc: PdfDoc | null; n: number; info: PageInfo; scale: number; text: string; spans: Span[]; highlights: Highlight[] }) {
  const { doc, n, info, scale, spans, text } = props;
  const ref = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [visible, setVisible] = useState(n <= 2);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const io = new IntersectionObserver((es) => es.some((e) => e.isIntersecting) && setVisible(true), { rootMargin: '600px' });
    io.observe(el);
    return () => io.disconnect();
  }, []);
  useEffect(() => {
    if (!doc || !visible || !canvas.current) return;
    let task: { cancel(): void; promise: Promise<unknown> } | null = null;
    let cancelled = false;
    void doc.getPage(n).then((page) => {
      if (cancelled || !canvas.current) return;
      const vp = page.getViewport({ scale: scale * (window.devicePixelRatio || 1) });
      const c = canvas.current;
      c.width = vp.width;
      c.height = vp.height;
      task = page.render({ canvas: c, viewport: vp });
      task.promise.then(
        () => {
          if (n === 1) performance.mark('nianbao-pdf-first-page');
          c.dataset.rendered = '1';
        },
        () => undefined,
      );
    });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [visible, doc, n, scale]);
  // The selectable text lies on the glyphs: each run stretched to its box's width.
  const natural = useMemo(() => spans.map((s) => width100(text.slice(s.start, s.end))), [spans, text]);
  const first = spans[0]?.start ?? Infinity;
  const last = spans[spans.length - 1]?.end ?? -Infinity;
  const hl = props.highlights.filter((h) => h.end >= first && h.start <= last);
  const paint = useMemo(
    () => hl.flatMap((h, i) => boxesOf(spans, text, h.start, h.end).map((b, k) => ({ key: `${i}.${k}`, cls: h.cls, box: b, off: h.start }))),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [JSON.stringify(hl), spans, text],
  );
  return (
    <div ref={ref} className="pdf-page" data-page={n} style={{ width: info.width * scale, height: info.height * scale }}>
      <canvas ref={canvas} style={{ width: info.width * scale, height: info.height * scale }} />
      <div className="pdf-hl">
        {paint.map((p) => (
          <div
            key={p.key}
            className={`hl ${p.cls}`}
            data-evidence={EVIDENCE[p.cls]}
            data-hl-off={p.off}
            style={{ left: p.box.x * scale, top: p.box.y * scale, width: p.box.w * scale, height: p.box.h * scale }}
          />
        ))}
      </div>
      <div className="pdf-text">
        {spans.map((s, i) => {
          const b = s.box!;
          const cls = hl.filter((h) => h.start < s.end && h.end > s.start).map((h) => h.cls);
          const fs = b.h * scale * 0.8;
          const w = (natural[i]! * fs) / 100;
          return (
            <span
              key={s.start}
              data-off={s.start}
              className={cls.length ? `hl ${cls.join(' ')}` : undefined}
              style={{ left: b.x * scale, top: b.y * scale, height: b.h * scale, fontSize: fs, transform: w > 0 ? `scaleX(${(b.w * scale) / w})` : undefined }}
            >
              {/* Text for selection; transparent over the canvas. */}
              {text.slice(s.start, s.end)}
            </span>
          );
        })}
      </div>
    </div>
  );
}
