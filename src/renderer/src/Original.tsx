// The original document: text/HTML/DOCX as sanitised text (tables as grids), PDFs rendered by
// pdf.js with a text layer. Highlights are drawn at character ranges of the extracted text.
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Span } from '../../core/model';
import { api } from './api';
import { M } from './messages';

export interface Highlight {
  start: number;
  end: number;
  cls: 'hl-total' | 'hl-part' | 'hl-text' | 'hl-note' | 'hl-cell' | 'hl-section';
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
  range: { start: number; end: number };
  highlights: Highlight[];
  focus: Focus | null;
  onSelectRange: (r: { start: number; end: number } | null) => void;
}

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
  return p.kind === 'pdf' ? <PdfView {...p} /> : <TextView {...p} />;
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
      const line = text.slice(s, e);
      if (line.includes('\t') || (line.includes('|') && line.split('|').length > 3)) {
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

function Segments({ text, start, end, hl }: { text: string; start: number; end: number; hl: Highlight[] }) {
  const cuts = new Set<number>([start, end]);
  const mine = hl.filter((h) => h.start < end && h.end > start);
  for (const h of mine) {
    cuts.add(Math.max(start, h.start));
    cuts.add(Math.min(end, h.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const parts: React.ReactNode[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    if (b <= a) continue;
    const cls = mine.filter((h) => h.start <= a && h.end >= b).map((h) => h.cls);
    parts.push(
      <span key={a} data-off={a} className={cls.length ? `hl ${cls.join(' ')}` : undefined}>
        {text.slice(a, b)}
      </span>,
    );
  }
  if (start === end) {
    const cls = mine.length ? mine.map((h) => h.cls).join(' ') : '';
    parts.push(<span key="e" data-off={start} className={cls ? `hl blank-mark ${cls}` : undefined} />);
  }
  return <>{parts}</>;
}

const TextBody = memo(function TextBody({ text, range, hl }: { text: string; range: { start: number; end: number }; hl: Highlight[] }) {
  const lines = useMemo(() => linesOf(text, 0, text.length), [text]);
  const blocks: React.ReactNode[] = [];
  let i = 0;
  while (i < lines.length) {
    const l = lines[i]!;
    const outside = l.end < range.start || l.start > range.end;
    if (l.cells) {
      const rows: Line[] = [];
      while (i < lines.length && lines[i]!.cells) rows.push(lines[i++]!);
      const width = Math.max(...rows.map((r) => r.cells!.length));
      blocks.push(
        <table key={`t${l.start}`} className={`doc-table${outside ? ' outside' : ''}`}>
          <tbody>
            {rows.map((r) => (
              <tr key={r.start}>
                {r.cells!.map((c, k) => (
                  <td key={c.start} colSpan={k === r.cells!.length - 1 ? width - r.cells!.length + 1 : 1}>
                    <Segments text={text} start={c.start} end={c.end} hl={hl} />
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
      <p key={l.start} className={`${l.start === l.end ? 'blank' : ''}${outside ? ' outside' : ''}`}>
        <Segments text={text} start={l.start} end={l.end} hl={hl} />
      </p>,
    );
    i++;
  }
  return <>{blocks}</>;
});

function scrollToOffset(container: HTMLElement, off: number, flash = true) {
  const all = container.querySelectorAll<HTMLElement>('[data-off]');
  let best: HTMLElement | null = null;
  for (const el of all) {
    const o = Number(el.dataset.off);
    if (o <= off) best = el;
    else break;
  }
  if (!best) return;
  best.scrollIntoView({ block: 'center', behavior: 'auto' });
  if (!flash) return;
  best.classList.remove('flash');
  void best.offsetWidth;
  best.classList.add('flash');
}

function TextView(p: OriginalProps) {
  const ref = useRef<HTMLDivElement>(null);
  useSelection(ref, p.onSelectRange);
  useLayoutEffect(() => {
    if (ref.current && p.focus) scrollToOffset(ref.current, p.focus.start);
  }, [p.focus]);
  useLayoutEffect(() => {
    if (ref.current && !p.focus) {
      const el = ref.current.querySelector<HTMLElement>(`[data-off]`);
      if (el) scrollToOffset(ref.current, p.range.start, false);
    }
    // Only when the report changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.reportKey]);
  return (
    <div ref={ref} className="doc text-doc" data-testid="original" data-ready={p.reportKey}>
      <TextBody text={p.text} range={p.range} hl={p.highlights} />
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

  // Scroll to the focus: the page and box of its first span.
  useLayoutEffect(() => {
    if (!p.focus || !ref.current || !pages.length) return;
    const span = p.spans.find((s) => s.end > p.focus!.start && s.start <= Math.max(p.focus!.start, p.focus!.end - 1)) ?? p.spans.find((s) => s.start >= p.focus!.start);
    if (!span?.page || !span.box) return;
    const pageEl = ref.current.querySelector<HTMLElement>(`[data-page="${span.page}"]`);
    if (!pageEl) return;
    ref.current.scrollTo({ top: pageEl.offsetTop + span.box.y * scale - ref.current.clientHeight / 2, behavior: 'auto' });
  }, [p.focus, pages, scale, p.spans]);

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
      </div>
      <div ref={ref} className="doc pdf-doc" data-testid="original" data-ready={doc ? p.reportKey : ''}>
        {error && <div className="error-box">{error}</div>}
        {!doc && !error && <div className="loading">{M.loading}</div>}
        {doc &&
          pages.map((pg, i) => (
            <PdfPage key={i} doc={doc} n={i + 1} info={pg} scale={scale} text={p.text} spans={byPage.get(i + 1) ?? []} highlights={p.highlights} />
          ))}
      </div>
    </div>
  );
}

function PdfPage(props: { doc: PdfDoc; n: number; info: PageInfo; scale: number; text: string; spans: Span[]; highlights: Highlight[] }) {
  const { doc, n, info, scale } = props;
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
    if (!visible || !canvas.current) return;
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
  const hl = props.highlights;
  return (
    <div ref={ref} className="pdf-page" data-page={n} style={{ width: info.width * scale, height: info.height * scale }}>
      <canvas ref={canvas} style={{ width: info.width * scale, height: info.height * scale }} />
      <div className="pdf-text">
        {props.spans.map((s) => {
          const b = s.box!;
          const cls = hl.filter((h) => h.start < s.end && h.end > s.start).map((h) => h.cls);
          return (
            <span
              key={s.start}
              data-off={s.start}
              className={cls.length ? `hl ${cls.join(' ')}` : undefined}
              style={{ left: b.x * scale, top: b.y * scale, width: b.w * scale, height: b.h * scale, fontSize: b.h * scale * 0.8 }}
            >
              {/* Text for selection; transparent over the canvas. */}
              {props.text.slice(s.start, s.end)}
            </span>
          );
        })}
      </div>
    </div>
  );
}
