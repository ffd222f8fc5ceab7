// PDF → DocumentText with pdfjs-dist (legacy build, in Node). Text items become lines; where the
// page has ruling lines (table borders), items are placed in the grid they draw, one tab-separated
// field per cell, so an empty cell stays an empty field in its place and a label wrapped onto two
// lines joins its cell. Without rulings, wide gaps become field separators.

import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants as zlibConstants, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import type { Box, DocumentText, Span } from '../core/model.js';
import { looseDate } from '../core/extract/dates.js';
import { fixLookalikes } from '../core/text/normalize.js';
import { LIMITS, ReadError } from './read-errors.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsPromise: Promise<PdfJs> | null = null;

/**
 * Load pdf.js (legacy build) with its worker code in this thread. The legacy bundles replace
 * Array.prototype.push with a core-js polyfill (a V8 edge case with non-writable lengths that
 * nothing here relies on), which slows every push in the process by a large factor; the native
 * push is put back once both modules are loaded.
 */
async function loadPdfjs(): Promise<PdfJs> {
  const nativePush = Array.prototype.push;
  const lib = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const worker = await importWorker();
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
  if (Array.prototype.push !== nativePush) {
    Object.defineProperty(Array.prototype, 'push', { value: nativePush, writable: true, configurable: true, enumerable: false });
  }
  globalThis.DecompressionStream = WholeDecompressionStream as unknown as typeof DecompressionStream;
  return lib;
}

/**
 * The pdf.js worker module, with two changes when its source is the one expected, both only for
 * documents read for text (font faces enabled, which in Node only readPdf asks for; rendering for
 * OCR asks for outlines and gets the module's full behaviour):
 * - a Type 1 font's glyph programs are not compiled into CFF. Those bytes only serve drawing; the
 *   encoding, widths and Unicode map come from parsing, which stays. Compiling was a tenth of
 *   reading a LibreOffice PDF (its CJK fonts are Type 1).
 * - the operator list (read for the ruling lines only) carries no glyphs for text operators: they
 *   were built, then cloned across pdf.js's in-thread port, for nothing. Text comes from
 *   getTextContent, which maps characters itself.
 * Any other source is loaded as it is.
 */
export const WORKER_PATCH: [string, string][] = [
  ['  constructor(name, file, properties) {\n    const PFB_HEADER_SIZE = 6;', '  constructor(name, file, properties, textOnly = false) {\n    const PFB_HEADER_SIZE = 6;'],
  [
    '    const type2Charstrings = this.getType2Charstrings(charstrings);\n    const subrs = this.getType2Subrs(data.subrs);\n    this.charstrings = charstrings;\n    this.data = this.wrap(name, type2Charstrings, this.charstrings, subrs, properties);',
    '    this.charstrings = charstrings;\n    this.data = textOnly ? new Uint8Array(0) : this.wrap(name, this.getType2Charstrings(charstrings), this.charstrings, this.getType2Subrs(data.subrs), properties);',
  ],
  [': new Type1Font(name, file, properties);', ': new Type1Font(name, file, properties, evaluatorOptions.disableFontFace === false);'],
  [
    '  handleText(chars, state) {\n    const font = state.font;\n    const glyphs = font.charsToGlyphs(chars);\n',
    '  handleText(chars, state) {\n    if (this.options.disableFontFace === false) return [];\n    const font = state.font;\n    const glyphs = font.charsToGlyphs(chars);\n',
  ],
];

async function importWorker(): Promise<unknown> {
  try {
    const path = fileURLToPath(import.meta.resolve('pdfjs-dist/legacy/build/pdf.worker.mjs'));
    let src = await readFile(path, 'utf8');
    for (const [from, to] of WORKER_PATCH) {
      if (src.split(from).length !== 2) throw new Error('pdf.js worker source is not the one expected');
      src = src.replace(from, to);
    }
    return await import(`data:text/javascript;base64,${Buffer.from(src).toString('base64')}`);
  } catch {
    return import('pdfjs-dist/legacy/build/pdf.worker.mjs');
  }
}

/**
 * DecompressionStream for pdf.js's Flate streams (content, fonts): it writes the whole compressed
 * stream at once and reads the whole result, so inflate it in one native call. Node's own
 * DecompressionStream adapts a zlib stream to web streams chunk by chunk, which cost about a
 * tenth of reading a small PDF. Errors (a truncated stream) fail the readable side as the
 * standard one does, and pdf.js falls back to its own inflate.
 */
class WholeDecompressionStream {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  constructor(format: 'deflate' | 'deflate-raw' | 'gzip') {
    const inflate = format === 'deflate' ? inflateSync : format === 'deflate-raw' ? inflateRawSync : format === 'gzip' ? gunzipSync : null;
    if (!inflate) throw new TypeError(`Unsupported compression format: ${String(format)}`);
    const chunks: Uint8Array[] = [];
    const t = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk) {
        chunks.push(chunk);
      },
      flush(controller) {
        const out = inflate(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
        controller.enqueue(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
      },
    });
    this.readable = t.readable;
    this.writable = t.writable;
  }
}

export function pdfjs(): Promise<PdfJs> {
  pdfjsPromise ??= loadPdfjs();
  return pdfjsPromise;
}

let shared: InstanceType<PdfJs['PDFWorker']> | null = null;

/** One pdf.js worker (in this thread) for every document this thread reads: set up once, not per file. */
function sharedWorker(lib: PdfJs): InstanceType<PdfJs['PDFWorker']> {
  if (!shared || shared.destroyed) shared = new lib.PDFWorker({ verbosity: 0 });
  return shared;
}

function assetDirs(): { cMapUrl: string; standardFontDataUrl: string; wasmUrl: string } {
  const pkg = fileURLToPath(import.meta.resolve('pdfjs-dist/package.json'));
  const root = dirname(pkg);
  return { cMapUrl: join(root, 'cmaps') + '/', standardFontDataUrl: join(root, 'standard_fonts') + '/', wasmUrl: join(root, 'wasm') + '/' };
}

type BinKind = 'cMapUrl' | 'standardFontDataUrl' | 'wasmUrl';
const binCache = new Map<string, Promise<Uint8Array>>();

/**
 * pdf.js's Node data factory reads a CMap or standard font from disk for every document; batches of
 * hundreds of reports load the same few files, so keep them in memory (a copy each time: pdf.js
 * may transfer the buffer).
 */
class CachedBinaryDataFactory {
  private readonly urls: Partial<Record<BinKind, string | null>>;
  constructor(urls: Partial<Record<BinKind, string | null>>) {
    this.urls = urls;
  }
  async fetch({ kind, filename }: { kind: BinKind; filename: string }): Promise<Uint8Array> {
    const base = this.urls[kind];
    if (!base) throw new Error(`pdf.js asked for ${kind} data without a location`);
    const path = base + filename;
    let p = binCache.get(path);
    if (!p) {
      p = readFile(path).then((b) => new Uint8Array(b));
      binCache.set(path, p);
      p.catch(() => binCache.delete(path));
    }
    return (await p).slice();
  }
}

export interface Item {
  str: string;
  x: number;
  y: number; // baseline, PDF space (y up)
  w: number;
  h: number;
  /** OCR confidence 0..1 (absent for a text layer). */
  conf?: number;
  /** OCR: the item's box on the original page image (viewport space), when it differs from x/y/w/h (deskewed). */
  box?: Box;
}

export interface Seg {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

type M = [number, number, number, number, number, number];
const mul = (m: M, n: M): M => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];
const apply = (m: M, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/** Horizontal and vertical ruling segments drawn on a page. */
async function rulings(page: import('pdfjs-dist/legacy/build/pdf.mjs').PDFPageProxy, OPS: PdfJs['OPS']): Promise<{ h: Seg[]; v: Seg[] }> {
  const ops = await page.getOperatorList();
  const h: Seg[] = [];
  const v: Seg[] = [];
  let ctm: M = [1, 0, 0, 1, 0, 0];
  const stack: M[] = [];
  const addSeg = (ax: number, ay: number, bx: number, by: number) => {
    const [x0, y0] = apply(ctm, ax, ay);
    const [x1, y1] = apply(ctm, bx, by);
    if (Math.abs(y0 - y1) < 1.5 && Math.abs(x0 - x1) > 3) h.push({ x0: Math.min(x0, x1), x1: Math.max(x0, x1), y0: (y0 + y1) / 2, y1: (y0 + y1) / 2 });
    else if (Math.abs(x0 - x1) < 1.5 && Math.abs(y0 - y1) > 3) v.push({ x0: (x0 + x1) / 2, x1: (x0 + x1) / 2, y0: Math.min(y0, y1), y1: Math.max(y0, y1) });
  };
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i] as unknown[];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? [1, 0, 0, 1, 0, 0];
    else if (fn === OPS.transform) ctm = mul(ctm, args as unknown as M);
    else if (fn === OPS.constructPath) {
      const paint = args[0] as number;
      if (paint === OPS.endPath) continue;
      const path = (args[1] as (Float32Array | null)[])[0];
      if (!path) continue;
      let cx = 0;
      let cy = 0;
      let sx = 0;
      let sy = 0;
      const pts: [number, number][] = [];
      for (let k = 0; k < path.length; ) {
        const op = path[k++];
        if (op === 0) {
          cx = sx = path[k++]!;
          cy = sy = path[k++]!;
          pts.length = 0;
          pts.push([cx, cy]);
        } else if (op === 1) {
          const x = path[k++]!;
          const y = path[k++]!;
          addSeg(cx, cy, x, y);
          cx = x;
          cy = y;
          pts.push([x, y]);
        } else if (op === 2) {
          k += 6;
        } else if (op === 3) {
          k += 4;
        } else if (op === 4) {
          addSeg(cx, cy, sx, sy);
          // A thin filled rectangle is a rule: use its centre line.
          if (pts.length === 4) {
            const xs = pts.map((p) => p[0]);
            const ys = pts.map((p) => p[1]);
            const w = Math.max(...xs) - Math.min(...xs);
            const hh = Math.max(...ys) - Math.min(...ys);
            if (w < 3 && hh > 3) addSeg((Math.max(...xs) + Math.min(...xs)) / 2, Math.min(...ys), (Math.max(...xs) + Math.min(...xs)) / 2, Math.max(...ys));
            if (hh < 3 && w > 3) addSeg(Math.min(...xs), (Math.max(...ys) + Math.min(...ys)) / 2, Math.max(...xs), (Math.max(...ys) + Math.min(...ys)) / 2);
          }
          cx = sx;
          cy = sy;
        } else break;
      }
    }
  }
  return { h, v };
}

const uniq = (xs: number[], tol: number) => {
  const s = [...xs].sort((a, b) => a - b);
  const out: number[] = [];
  for (const x of s) if (!out.length || x - out[out.length - 1]! > tol) out.push(x);
  return out;
};

export interface OutLine {
  /** Fields with the items that make them up. */
  fields: Item[][];
  y: number;
  top: number;
  bottom: number;
}

/** Lines of a page: grid-based where rulings enclose the items, gap-based elsewhere. */
export function pageLines(items: Item[], rules: { h: Seg[]; v: Seg[] }): OutLine[] {
  const out: OutLine[] = [];
  const used = new Set<Item>();
  // Tables: clusters of horizontal rules with vertical rules between them.
  const hs = rules.h;
  const vs = rules.v;
  if (hs.length >= 2 && vs.length >= 2) {
    // Rows cut by a page break have no rule on the cut side: the ends of the vertical rules close them.
    const ys = uniq([...hs.map((s) => s.y0), ...vs.map((s) => s.y0), ...vs.map((s) => s.y1)], 1.5).sort((a, b) => b - a); // top to bottom
    for (let bi = 0; bi + 1 < ys.length; bi++) {
      const top = ys[bi]!;
      const bottom = ys[bi + 1]!;
      if (top - bottom < 4) continue;
      const mid = (top + bottom) / 2;
      // Double borders (HTML cellspacing) draw two rules a few points apart: one boundary.
      const xs = uniq(vs.filter((s) => s.y0 <= mid + 0.5 && s.y1 >= mid - 0.5).map((s) => s.x0), 5);
      if (xs.length < 2) continue;
      const inBand = items.filter((it) => {
        const cy = it.y + it.h * 0.35;
        const cx = it.x + it.w / 2;
        return cy < top && cy > bottom && cx > xs[0]! && cx < xs[xs.length - 1]!;
      });
      if (!inBand.length && xs.length < 3) continue;
      const fields: Item[][] = xs.slice(0, -1).map(() => []);
      for (const it of inBand) {
        const cx = it.x + it.w / 2;
        let col = xs.findIndex((x, k) => k + 1 < xs.length && cx >= x && cx < xs[k + 1]!);
        if (col < 0) col = fields.length - 1;
        fields[col]!.push(it);
        used.add(it);
      }
      for (const f of fields) f.sort((a, b) => (Math.abs(a.y - b.y) > a.h * 0.5 ? b.y - a.y : a.x - b.x));
      out.push({ fields, y: mid, top, bottom });
    }
  }
  // Everything else: cluster by baseline, split fields at wide gaps.
  const rest = items.filter((it) => !used.has(it)).sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Item[][] = [];
  for (const it of rest) {
    const cur = lines[lines.length - 1];
    if (cur && Math.abs(cur[0]!.y - it.y) < Math.max(2, it.h * 0.4)) cur.push(it);
    else lines.push([it]);
  }
  for (const l of lines) {
    l.sort((a, b) => a.x - b.x);
    const fields: Item[][] = [[l[0]!]];
    for (let i = 1; i < l.length; i++) {
      const prev = l[i - 1]!;
      const gap = l[i]!.x - (prev.x + prev.w);
      // Numbers in neighbouring cells of an unruled table can stand close together.
      const a = /\d$/.test(prev.str);
      const b = /^\d/.test(l[i]!.str);
      const split = gap > Math.max(8, prev.h * 1.5) || (a && b && gap > prev.h * 0.3) || (a !== b && gap > prev.h * 0.6);
      if (split) fields.push([l[i]!]);
      else fields[fields.length - 1]!.push(l[i]!);
    }
    const hh = Math.max(...l.map((x) => x.h));
    out.push({ fields, y: l[0]!.y + hh * 0.35, top: l[0]!.y + hh, bottom: l[0]!.y });
  }
  out.sort((a, b) => b.y - a.y);
  return out;
}

/** Relative advance of a character: ideographs are full width, ASCII about half. */
const advance = (ch: string) => (/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/.test(ch) ? 1 : /\s/.test(ch) ? 0.3 : 0.55);

/**
 * One text item may hold the contents of several cells ("1425 933" from a single TJ). Split it at
 * white space into runs with estimated positions; each run keeps its trailing space, so joining the
 * runs gives the item's text again.
 */
function splitRuns(it: Item): Item[] {
  if (!/\S\s+\S/.test(it.str)) return [it];
  const chars = [...it.str];
  const total = chars.reduce((a, ch) => a + advance(ch), 0) || 1;
  const unit = it.w / total;
  const out: Item[] = [];
  let x = it.x;
  let cur = '';
  let curX = x;
  let curW = 0;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const wch = advance(ch) * unit;
    if (cur && /\s/.test(chars[i - 1]!) && !/\s/.test(ch)) {
      out.push({ ...it, str: cur, x: curX, w: curW });
      cur = '';
      curX = x;
      curW = 0;
    }
    cur += ch;
    curW += wch;
    x += wch;
  }
  if (cur) out.push({ ...it, str: cur, x: curX, w: curW });
  return out;
}

/** Append a page's lines to the text, one span (page + viewport box) per item. */
export function appendLines(acc: { text: string; spans: Span[] }, lines: OutLine[], p: number, pageH: number): void {
  // Viewport box (top-left origin) of an item, for highlights.
  const box = (it: Item): Box => ({ x: it.x, y: pageH - (it.y + it.h * 0.85), w: it.w, h: it.h * 1.1 });
  for (const l of lines) {
    l.fields.forEach((f, fi) => {
      if (fi > 0) acc.text += '\t';
      f.forEach((it, k) => {
        if (k > 0 && Math.abs(it.y - f[k - 1]!.y) > it.h * 0.5) {
          // Wrapped text inside one cell: no separator for CJK, a space between Latin words.
          if (/[A-Za-z0-9]$/.test(f[k - 1]!.str) && /^[A-Za-z0-9]/.test(it.str)) acc.text += ' ';
        }
        const start = acc.text.length;
        acc.text += it.str;
        const span: Span = { start, end: acc.text.length, page: p, box: it.box ?? box(it) };
        if (it.conf !== undefined) span.confidence = Math.round(it.conf * 100) / 100;
        acc.spans.push(span);
      });
    });
    acc.text += '\n';
  }
}

const tooLargeStream = (max: number, what: string) =>
  new ReadError('TOO_LARGE', `PDF 中的${what}解压后过大（超过 ${(max / 1024 / 1024).toFixed(0)} MB），可能是压缩炸弹，已跳过：请向报送单位索取正常的 PDF`);

/**
 * Inflated sizes of a PDF's Flate streams (page contents, fonts, object streams), checked before
 * pdf.js inflates them: each one is inflated here with a hard output cap, so a small file that
 * expands to gigabytes is refused instead of exhausting memory. Images are left to pdf.js's own
 * maxImageSize. One pass over the bytes; zlib is native and fast (a few ms per MB).
 */
const DEFLATE_MAX_RATIO = 1032;

export function checkPdfStreams(bytes: Uint8Array): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Deflate expands at most 1032:1. In a file that small all its streams together stay under the
  // total cap, and a single-Flate stream that small stays under the per-stream cap: neither needs
  // inflating here (most streams of an ordinary report), only bigger or multiply-compressed ones.
  const smallFile = bytes.byteLength * DEFLATE_MAX_RATIO <= LIMITS.maxPdfInflatedBytes;
  let total = 0;
  let pos = 0;
  for (;;) {
    const k = buf.indexOf('stream', pos, 'latin1');
    if (k < 0) break;
    pos = k + 6;
    if (k >= 3 && buf[k - 3] === 0x65 && buf[k - 2] === 0x6e && buf[k - 1] === 0x64) continue; // endstream
    let d = k + 6;
    if (buf[d] === 0x0d) d++;
    if (buf[d] === 0x0a) d++;
    if (d === k + 6) continue; // not the keyword: no end of line after it
    const head = buf.toString('latin1', Math.max(0, k - 4096), k);
    const objAt = head.lastIndexOf(' obj');
    const dict = objAt >= 0 ? head.slice(objAt) : head.slice(-1024);
    const flates = (dict.match(/\/(?:FlateDecode|Fl)(?![A-Za-z])/g) ?? []).length;
    if (!flates || /\/Subtype\s*\/Image(?![A-Za-z])/.test(dict)) continue;
    const end = buf.indexOf('endstream', d, 'latin1');
    let out: Buffer = buf.subarray(d, end < 0 ? buf.length : end);
    pos = end < 0 ? buf.length : end + 9;
    if (smallFile && flates === 1 && out.length * DEFLATE_MAX_RATIO <= LIMITS.maxPdfStreamBytes) continue;
    for (let f = 0; f < Math.min(flates, 4); f++) {
      try {
        out = inflateSync(out, { maxOutputLength: LIMITS.maxPdfStreamBytes, finishFlush: zlibConstants.Z_SYNC_FLUSH });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) throw tooLargeStream(LIMITS.maxPdfStreamBytes, '一个数据流');
        break; // not inflatable here: pdf.js reports it (or skips it) itself
      }
    }
    total += out.length;
    if (total > LIMITS.maxPdfInflatedBytes) throw tooLargeStream(LIMITS.maxPdfInflatedBytes, '数据流总量');
  }
}

/** getDocument parameters: local asset files only, no eval, no system fonts, images capped. */
export function pdfDocumentParams() {
  const { cMapUrl, standardFontDataUrl, wasmUrl } = assetDirs();
  return {
    cMapUrl,
    cMapPacked: true,
    standardFontDataUrl,
    wasmUrl,
    BinaryDataFactory: CachedBinaryDataFactory,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
    maxImageSize: LIMITS.maxPdfImagePixels,
  };
}

export async function readPdf(bytes: Uint8Array, hash: string): Promise<DocumentText> {
  checkPdfStreams(bytes);
  const lib = await pdfjs();
  // Text only: no glyph outlines (pdf.js builds them for every glyph shown when font faces are
  // disabled, also in getOperatorList, which the rulings use); the fonts are not bound either (see extract).
  const task = lib.getDocument({ ...pdfDocumentParams(), disableFontFace: false, data: bytes.slice(), worker: sharedWorker(lib) });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ReadError('TIMEOUT', `PDF 解析超过 ${LIMITS.pdfTimeoutMs / 1000} 秒仍未完成，已跳过；文件可能过大或结构异常`)), LIMITS.pdfTimeoutMs);
  });
  const work = extract(task, hash, lib);
  work.catch(() => undefined); // when the time limit wins, a later failure is nobody's to handle
  try {
    return await Promise.race([work, timeout]);
  } catch (e) {
    if (e instanceof ReadError) throw e;
    const name = (e as Error).name;
    if (name === 'PasswordException') throw new ReadError('ENCRYPTED', 'PDF 设有密码保护，无法读取：请向报送单位索取无密码版本');
    if (name === 'InvalidPDFException') throw new ReadError('CORRUPT', 'PDF 文件已损坏或不完整，无法打开：请重新下载');
    throw new ReadError('CORRUPT', `PDF 无法解析（${String((e as Error).message ?? e).slice(0, 100)}），请重新下载或另存后再试`);
  } finally {
    clearTimeout(timer);
    task.destroy().catch(() => undefined);
  }
}

async function extract(task: ReturnType<PdfJs['getDocument']>, hash: string, lib: PdfJs): Promise<DocumentText> {
  const pdf = await task.promise;
  // Nothing is drawn: a font needs no @font-face in a document Node does not have. Were this
  // internal missing, binding would fail and pdf.js fall back to glyph outlines (slower, same text).
  const loader = (pdf as unknown as { _transport?: { fontLoader?: { bind?: unknown } } })._transport?.fontLoader;
  if (loader && typeof loader.bind === 'function') loader.bind = async () => undefined;
  if (pdf.numPages > LIMITS.maxPdfPages) {
    throw new ReadError('TOO_LARGE', `PDF 有 ${pdf.numPages} 页，超过上限 ${LIMITS.maxPdfPages} 页，请确认是否为年报文件`);
  }
  let text = '';
  const spans: Span[] = [];
  let title: string | undefined;
  let fileDate: string | undefined;
  try {
    const meta = await pdf.getMetadata();
    const info = meta.info as { Title?: string; CreationDate?: string; ModDate?: string } | undefined;
    const t = info?.Title;
    if (t && t.trim()) title = t.trim();
    fileDate = looseDate(info?.CreationDate) ?? looseDate(info?.ModDate) ?? undefined;
  } catch {
    // no metadata
  }
  let chars = 0;
  for (let p = 1; p <= pdf.numPages; p++) {
    const page = await pdf.getPage(p);
    const vp = page.getViewport({ scale: 1 });
    // pdf.js's own NFKC pass per item is skipped (it costs ~15% of text extraction): the engine
    // normalises for matching itself, and look-alike radicals are fixed below.
    const content = await page.getTextContent({ disableNormalization: true });
    const items: Item[] = [];
    for (const it of content.items) {
      if (!('str' in it)) continue;
      const str = fixLookalikes(it.str);
      if (!str.trim()) continue;
      const [, , c, d, e, f] = it.transform as number[];
      const h = Math.hypot(c!, d!) || it.height || 10;
      for (const part of splitRuns({ str, x: e!, y: f!, w: it.width, h })) items.push(part);
      chars += str.replace(/\s/g, '').length;
    }
    // Ruling lines only matter where a table is: skip the operator list on prose pages (it costs
    // about a third of the time of a page).
    const numeric = items.filter((i) => /^\s*\d[\d,.]*\s*$/.test(i.str)).length;
    const tableWords = items.some((i) => /本年新收|信息内容|结果维持|申请人情况|尚未审结|本年度办理结果/.test(i.str));
    const rules = items.length && (numeric >= 4 || tableWords) ? await rulings(page, lib.OPS) : { h: [], v: [] };
    const acc = { text, spans };
    appendLines(acc, pageLines(items, rules), p, vp.height);
    text = acc.text;
    text += '\n';
    page.cleanup();
  }
  const notes = [];
  if (chars < 20 * Math.max(1, pdf.numPages) && chars < 200) {
    notes.push({ rule: 'R-NO-TEXT', message: `PDF 共 ${pdf.numPages} 页，但几乎没有文字层（可能是扫描件），需要 OCR 后才能检查` });
  }
  return { text, kind: 'pdf', sha256: hash, spans, containerTitle: title, notes, ...(fileDate ? { fileDate } : {}) };
}
