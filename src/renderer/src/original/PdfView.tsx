// PDF (and image) originals: pages rendered by pdf.js with a text layer and highlight boxes.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Span } from '../../../core/model';
import { api } from '../shared/api';
import { M } from '../shared/messages';
import { Chips, useEvidence } from './evidence';
import { useSelection } from './selection';
import { revealBox } from '../shared/reveal';
import { EVIDENCE, type Focus, type Highlight, type OriginalProps } from './types';

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

export function PdfView(p: OriginalProps) {
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

  // Without evidence markers (a cell, a section, a note): the box painted at the focus, else its first
  // span's box, brought into view on both axes (a page zoomed wider than the pane hides its right side).
  const fallback = useCallback(
    (c: HTMLElement, f: Focus) => {
      const mark = c.querySelector<HTMLElement>(`.pdf-hl [data-hl-off="${f.start}"]`);
      if (mark) return revealBox(c, mark.getBoundingClientRect());
      const span = p.spans.find((s) => s.end > f.start && s.start <= Math.max(f.start, f.end - 1)) ?? p.spans.find((s) => s.start >= f.start);
      if (!span?.page || !span.box) return;
      const pageEl = c.querySelector<HTMLElement>(`[data-page="${span.page}"]`);
      if (!pageEl) return;
      const r = pageEl.getBoundingClientRect();
      const b = span.box;
      revealBox(c, { left: r.left + b.x * scale, top: r.top + b.y * scale, right: r.left + (b.x + b.w) * scale, bottom: r.top + (b.y + b.h) * scale });
    },
    [p.spans, scale],
  );
  // Where a missing section should be: a line above the first text at or after the place (below the text
  // before it when nothing follows), on that text's page.
  const gap = useMemo(() => {
    const h = p.highlights.find((x) => x.cls === 'hl-gap');
    if (!h) return null;
    const next = p.spans.find((s) => s.page && s.box && s.end > h.start);
    const prev = next ? undefined : p.spans.findLast((s) => s.page && s.box);
    const s = next ?? prev;
    return s ? { page: s.page!, y: next ? s.box!.y : s.box!.y + s.box!.h, at: h.start, label: h.label ?? '' } : null;
  }, [p.highlights, p.spans]);
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
            <PdfPage key={i} doc={doc} n={i + 1} info={pg} scale={scale} text={p.text} spans={byPage.get(i + 1) ?? []} highlights={p.highlights} gap={gap?.page === i + 1 ? gap : null} />
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

function PdfPage(props: { doc: PdfDoc | null; n: number; info: PageInfo; scale: number; text: string; spans: Span[]; highlights: Highlight[]; gap: { y: number; at: number; label: string } | null }) {
  const { doc, n, info, scale, spans, text, gap } = props;
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
  const hl = props.highlights.filter((h) => h.cls !== 'hl-gap' && h.end >= first && h.start <= last);
  const paint = useMemo(
    () => hl.flatMap((h, i) => boxesOf(spans, text, h.start, h.end).map((b, k) => ({ key: `${i}.${k}`, cls: h.cls, box: b, off: h.start }))),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [JSON.stringify(hl), spans, text],
  );
  return (
    <div ref={ref} className="pdf-page" data-page={n} data-width={info.width} style={{ width: info.width * scale, height: info.height * scale }}>
      <canvas ref={canvas} style={{ width: info.width * scale, height: info.height * scale }} />
      <div className="pdf-hl">
        {gap && (
          <div className="gap-mark" data-gap="1" data-hl-off={gap.at} style={{ left: 8, top: gap.y * scale - 3, width: info.width * scale - 16 }}>
            <span>{gap.label}</span>
          </div>
        )}
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
