// Scanned PDFs and image files → DocumentText by OCR: each page rendered (pdf.js + @napi-rs/canvas)
// or decoded, read by ./page.ts, and laid out into lines with the PDF reader's grid code, so the
// text, tables and spans look exactly like a text-layer PDF's. Results are cached by file hash.

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocumentText, Span } from '../../core/model.js';
import { appendLines, pageLines, type Item } from '../pdf.js';
import { LIMITS, ReadError } from '../read-errors.js';
import { closeOcrPool, ocrPool } from './engine.js';
import { openPages, type LaidPage } from './isolate.js';
import { readPage } from './page.js';

export type OcrStage = 'render' | 'cells' | 'text';

export interface OcrOptions {
  /** Directory for cached results (one JSON per file hash); none = no cache. */
  cacheDir?: string;
  /** Called as pages go: `done` pages read of `total`, and what the next one is at (drawn or
   * decoded, its table cells read, its remaining text read); without a stage, after each page. */
  onPage?: (done: number, total: number, stage?: OcrStage) => void;
  signal?: AbortSignal;
  /**
   * One OCR at a time across the threads of a batch (the recognisers take hundreds of MB each):
   * resolves when this file may start, with the function that lets the next one go. The pool is
   * closed after each file read under a gate, so only one set of recognisers is ever in memory.
   */
  gate?: () => Promise<() => void>;
}

/** Spans under this confidence are "low": the auditor should check them against the image. */
export const LOW_CONFIDENCE = 0.8;
const ENGINE = 'tesseract.js 7 / chi_sim best_int';
/** Bump when the reading changes, so older cached results are not reused. */
const CACHE_VERSION = 6;
/** Below this effective resolution a scan is too coarse to read reliably (150 dpi reads; 100 does not reliably). */
export const MIN_SCAN_DPI = 120;
/** Below this share of confidently read text, a scan is illegible whatever its resolution. */
export const MIN_LEGIBILITY = 0.6;

export { IMAGE_EXT, sniffImage } from './sniff.js';

async function cached(dir: string | undefined, hash: string): Promise<DocumentText | null> {
  if (!dir) return null;
  try {
    const j = JSON.parse(await readFile(join(dir, `${hash}.json`), 'utf8')) as { v: number; doc: DocumentText };
    if (j.v !== CACHE_VERSION || j.doc.sha256 !== hash) return null;
    return { ...j.doc, ocr: { ...j.doc.ocr!, cached: true, ms: 0 } };
  } catch {
    return null;
  }
}

async function store(dir: string | undefined, doc: DocumentText): Promise<void> {
  if (!dir) return;
  try {
    await mkdir(dir, { recursive: true });
    const path = join(dir, `${doc.sha256}.json`);
    const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, JSON.stringify({ v: CACHE_VERSION, doc }));
    await rename(tmp, path);
  } catch {
    // A cache that cannot be written only costs time.
  }
}

/** OCR a scanned PDF or an image file. */
export async function ocrDocument(bytes: Uint8Array, hash: string, kind: 'pdf' | 'image', opts: OcrOptions = {}): Promise<DocumentText> {
  const hit = await cached(opts.cacheDir, hash);
  if (hit) {
    opts.onPage?.(hit.ocr?.pages ?? 1, hit.ocr?.pages ?? 1);
    return hit;
  }
  const release = opts.gate ? await opts.gate() : null;
  try {
    return await ocrFresh(bytes, hash, kind, opts);
  } finally {
    if (release) {
      await closeOcrPool();
      release();
    }
  }
}

async function ocrFresh(bytes: Uint8Array, hash: string, kind: 'pdf' | 'image', opts: OcrOptions): Promise<DocumentText> {
  const t0 = Date.now();
  // Pixels come from a child process (a decoder crash fails this file only).
  const src = await openPages(bytes, kind, opts.signal);
  const acc: { text: string; spans: Span[] } = { text: '', spans: [] };
  let dpi = 0;
  const pool = ocrPool();
  if (src.count > LIMITS.maxOcrPages) {
    await src.close();
    throw new ReadError('TOO_LARGE', `扫描件有 ${src.count} 页，超过文字识别（OCR）上限 ${LIMITS.maxOcrPages} 页：请确认是否为年报文件`);
  }
  // Only for a file that will be read: the recognisers load while page 1 is drawn.
  pool.warm();
  // Pipelined: while the recognisers read page p, the child draws and lays out page p + 1 (on the
  // other core), so the layout costs no wall time beside the reading.
  let next: Promise<LaidPage> | null = null;
  const ask = (p: number) => {
    const n = src.layout(p);
    n.catch(() => undefined); // awaited below; an abandoned prefetch must not be an unhandled rejection
    return n;
  };
  try {
    for (let p = 1; p <= src.count; p++) {
      if (opts.signal?.aborted) throw new ReadError('CANCELLED', '已取消文字识别（OCR）');
      opts.onPage?.(p - 1, src.count, 'render');
      const laid = await (next ?? ask(p));
      next = p < src.count ? ask(p + 1) : null;
      if (laid.srcDpi > 0) dpi = dpi ? Math.min(dpi, laid.srcDpi) : laid.srcDpi;
      const r = await readPage(laid.layout, { pool, signal: opts.signal, onStage: (st) => opts.onPage?.(p - 1, src.count, st) });
      const items: Item[] = r.items.map((it) => ({ str: it.str, x: it.x, y: it.y, w: it.w, h: it.h, conf: it.conf, box: it.box }));
      appendLines(acc, pageLines(items, r.rules), p, r.height);
      acc.text += '\n';
      opts.onPage?.(p, src.count);
    }
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw new ReadError('CANCELLED', '已取消文字识别（OCR）');
    throw e;
  } finally {
    await src.close();
  }
  const low = acc.spans.filter((s) => (s.confidence ?? 1) < LOW_CONFIDENCE).length;
  const legibility = acc.spans.length ? 1 - low / acc.spans.length : 0;
  const coarse = (dpi > 0 && dpi < MIN_SCAN_DPI) || (acc.spans.length >= 20 && legibility < MIN_LEGIBILITY);
  const doc: DocumentText = {
    text: acc.text,
    kind: kind === 'pdf' ? 'pdf' : 'image',
    sha256: hash,
    spans: acc.spans,
    notes: [],
    ocr: {
      engine: ENGINE,
      pages: src.count,
      lowConfidence: low,
      threshold: LOW_CONFIDENCE,
      ms: Date.now() - t0,
      cached: false,
      ...(dpi ? { dpi: Math.round(dpi) } : {}),
      legibility: Math.round(legibility * 1000) / 1000,
      ...(coarse ? { coarse } : {}),
    },
  };
  if (coarse && acc.text.replace(/\s/g, '').length >= 20) {
    const what = dpi > 0 && dpi < MIN_SCAN_DPI ? `分辨率约 ${Math.round(dpi)} dpi，低于可靠识别所需的 ${MIN_SCAN_DPI} dpi` : `字迹难以辨认（只有 ${Math.round(legibility * 100)}% 的文字识别可信，低于 ${MIN_LEGIBILITY * 100}%）`;
    doc.notes!.push({ rule: 'R-SCAN-COARSE', message: `扫描件过于粗糙：${what}。识别出的文字和数字不可靠，其余问题均标为“需复核”，请对照原件核实，或向报送单位索取 200–300 dpi 的清晰扫描件或带文字的 PDF` });
  }
  if (acc.text.replace(/\s/g, '').length < 20) {
    doc.notes!.push({ rule: 'R-NO-TEXT', message: `已对 ${src.count} 页做文字识别（OCR），但几乎没有识别出文字：图片可能过于模糊或不是年报` });
  }
  await store(opts.cacheDir, doc);
  return doc;
}
