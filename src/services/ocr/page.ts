// One page image → positioned text items with confidences, layout first: red seal ink dropped,
// skew levelled, ruling lines found and erased, every table cell (a region closed by rulings,
// merged cells included) read on its own — digits with a digit-only single-line model, labels and
// prose with chi_sim — and the rest of the page read line by line.

import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { binarize, estimateSkew, findRulings, measureSlants, mergeSegs, otsu, straighten, toGray, unslant, type Gray, type Seg, type Slants } from './image.js';
import { dilate, despeckle, evenLight, labelRegions, paperOnly, rotate, type DeskBlocks } from './masks.js';
import { mapPoint, paperCorners, squarePaper, type Homography } from './paper.js';
import { components, crop, digitShape, enlarge, pgm, stack, type Comp, type Crop } from './glyphs.js';
import type { Mode, OcrPool, OcrResult } from './engine.js';
import { snapLabel } from './lexicon.js';

import { PAGE_PX } from './raster.js';

export { PAGE_PX };
const K = PAGE_PX / 2480;

export interface OcrItem {
  str: string;
  /** PDF-like space: points, origin bottom-left, y = baseline (bottom of the ink). */
  x: number;
  y: number;
  w: number;
  h: number;
  /** 0..1 */
  conf: number;
  /** Cell read with the digit model. */
  numeric: boolean;
  /** Box on the page as given (before deskewing), viewport space: points, origin top-left. */
  box: { x: number; y: number; w: number; h: number };
}

export interface OcrPage {
  items: OcrItem[];
  rules: { h: Seg[]; v: Seg[] };
  /** Page size in points (the space of items and rules). */
  width: number;
  height: number;
  skewDeg: number;
}

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;

/** Tesseract puts spaces between CJK characters: drop them, keep spaces between Latin words. */
export function cleanText(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  let out = '';
  for (let i = 0; i < t.length; i++) {
    const ch = t[i]!;
    if (ch === ' ') {
      const a = out[out.length - 1] ?? '';
      const b = t[i + 1] ?? '';
      if (CJK.test(a) || CJK.test(b) || /[（(“"]/.test(a) || /[）)”"，。、：；]/.test(b)) continue;
    }
    out += ch;
  }
  return out;
}

interface Region {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  area: number;
  ink: number;
  ix0: number;
  iy0: number;
  ix1: number;
  iy1: number;
  border: boolean;
}

export interface Job {
  /** Crop (grey, white background) to read. */
  png: Crop;
  mode: Mode;
  box: { x0: number; y0: number; x1: number; y1: number };
  glyphs: number;
}

export interface PageOptions {
  pool: OcrPool;
  signal?: AbortSignal;
  /** Where the page is: its cells being read (layout done), then its remaining text. */
  onStage?: (stage: 'cells' | 'text') => void;
}

/**
 * A page laid out and cut into what is to be read: plain data (it crosses from the raster child,
 * where it is computed beside the drawing, to the recognisers of the parent).
 */
export interface PageLayout {
  /** Normalised page size in pixels, and pixels per point. */
  W: number;
  H: number;
  s: number;
  ptWidth: number;
  skew: number;
  /** Rotation applied (degrees) and the perspective straightening, to turn boxes back. */
  applied: number;
  bent: Slants | null;
  /** A photographed page put square: squared-page pixels → original pixels (./paper.ts). */
  warp: Homography | null;
  jobs: Job[];
  hs: Seg[];
  vs: Seg[];
  /** Milliseconds the layout took. */
  ms: number;
}

/** Read one page image (any size; normalised to PAGE_PX wide). `ptWidth` = page width in points. */
export async function ocrPage(src: Canvas, ptWidth: number, opts: PageOptions): Promise<OcrPage> {
  return readPage(layoutPage(src, ptWidth), opts);
}

/**
 * Layout of one page (synchronous, CPU only): size normalised, seal ink dropped, skew levelled,
 * rules found, cells and prose lines cut into crops with their reading mode.
 */
export function layoutPage(src: Canvas, ptWidth: number): PageLayout {
  const t0 = Date.now();
  // Normalise the size.
  let canvas = src;
  if (Math.abs(src.width - PAGE_PX) > 8) {
    const h = Math.round((src.height * PAGE_PX) / src.width);
    canvas = createCanvas(PAGE_PX, h);
    const g = canvas.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, PAGE_PX, h);
    g.drawImage(src, 0, 0, PAGE_PX, h);
  }
  let W = canvas.width;
  let H = canvas.height;
  // Grey levels of the paper alone (a photo's desk, a scan's dark margin made white).
  const grab = (c: Canvas, onDesk?: (d: DeskBlocks) => void) => {
    const g = toGray(c.getContext('2d').getImageData(0, 0, W, H).data, W, H);
    paperOnly(g.px, W, H, onDesk);
    evenLight(g.px, W, H);
    return g;
  };
  const seen: { desk?: DeskBlocks } = {};
  let gray = grab(canvas, (d) => (seen.desk = d));
  // A page photographed on a desk: its edges give its keystone; put it square first.
  let warp: Homography | null = null;
  const corners = seen.desk ? paperCorners(seen.desk) : null;
  const squared = corners ? squarePaper(canvas, corners) : null;
  if (squared) {
    canvas = squared.canvas;
    warp = squared.m;
    W = canvas.width;
    H = canvas.height;
    gray = grab(canvas);
  }
  let thr = otsu(gray);
  let bin = binarize(gray, thr);
  const skew = estimateSkew(bin, W, H);
  let applied = 0;
  if (Math.abs(skew) >= 0.08) {
    applied = skew;
    canvas = rotate(canvas, skew);
    gray = grab(canvas);
    thr = otsu(gray);
    bin = binarize(gray, thr);
  }
  // A photographed page is also in perspective: rules still lean after the deskew, differently
  // across the page, and cut rows in two. Straighten them (measured on the long rules) first.
  let bent: Slants | null = null;
  const slants = measureSlants(bin, W, H, Math.round(400 * K));
  if (slants && slants.shift >= 2.5) {
    bent = slants;
    gray = straighten(gray, slants);
    thr = otsu(gray);
    bin = binarize(gray, thr);
  }
  despeckle(bin, W, H);
  // Rulings: long runs, plus short ones closed at both ends by a perpendicular rule (the edges of
  // narrow cells in tables drawn with double borders); a text stroke never ends on two rules.
  const cand = findRulings(bin, W, H, Math.round(24 * K));
  // Merged strokes of a few CJK characters can run 100 px: a free-standing rule must be longer.
  const longH = Math.round(170 * K);
  const longV = Math.round(75 * K);
  const candH = mergeSegs(cand.h, true, 2, 3);
  const candV = mergeSegs(cand.v, false, 2, 3);
  let hs = candH.filter((g) => g.x1 - g.x0 >= longH);
  let vs = candV.filter((g) => g.y1 - g.y0 >= longV);
  const tol = 6;
  for (let pass = 0; pass < 2; pass++) {
    const onV = (x: number, y: number) => vs.some((v) => Math.abs(v.x0 - x) <= tol && y >= v.y0 - tol && y <= v.y1 + tol);
    const onH = (x: number, y: number) => hs.some((h) => Math.abs(h.y0 - y) <= tol && x >= h.x0 - tol && x <= h.x1 + tol);
    const addH = candH.filter((g) => g.x1 - g.x0 < longH && !hs.includes(g) && onV(g.x0, g.y0) && onV(g.x1, g.y0));
    const addV = candV.filter((g) => g.y1 - g.y0 < longV && !vs.includes(g) && onH(g.x0, g.y0) && onH(g.x0, g.y1));
    hs = [...hs, ...addH];
    vs = [...vs, ...addV];
  }
  ({ hs, vs } = thinRules(gray, thr, hs, vs, tol));
  hs = mergeSegs(hs, true, 6 * K + 2, 40 * K);
  vs = mergeSegs(vs, false, 6 * K + 2, 40 * K);
  // A rule broken over a longer stretch (faded, thin double line under noise): two pieces on one
  // line whose outer ends both meet perpendicular rules are one rule, if the gap is short beside
  // them. Left open, the cells above and below it run together.
  hs = bridge(hs, vs, true, tol);
  vs = bridge(vs, hs, false, tol);
  // Block = ruling pixels (drawn a few pixels wide), plus closing rules where a table is cut by the page.
  const block = new Uint8Array(W * H);
  const mark = (x: number, y: number) => {
    if (x >= 0 && y >= 0 && x < W && y < H) block[y * W + x] = 1;
  };
  const drawH = (y: number, x0: number, x1: number) => {
    for (let x = Math.floor(x0); x <= Math.ceil(x1); x++) for (let dy = -3; dy <= 3; dy++) mark(x, Math.round(y) + dy);
  };
  const drawV = (x: number, y0: number, y1: number) => {
    for (let y = Math.floor(y0); y <= Math.ceil(y1); y++) for (let dx = -3; dx <= 3; dx++) mark(Math.round(x) + dx, y);
  };
  for (const s of hs) drawH(s.y0, s.x0, s.x1);
  for (const s of vs) drawV(s.x0, s.y0, s.y1);
  // Open table ends (split over pages): close them at the ends of the vertical rules, and carry
  // rules that stop short of that end (residual skew, a faded end) down/up to it, or the cells of
  // the last row run into each other under the closing line.
  if (vs.length >= 2) {
    const x0 = Math.min(...vs.map((s) => s.x0));
    const x1 = Math.max(...vs.map((s) => s.x0));
    const closedAt = (x: number, y: number) => hs.some((h) => Math.abs(h.y0 - y) <= tol + 2 && x >= h.x0 - tol && x <= h.x1 + tol);
    const reach = 60 * K;
    const top = Math.min(...vs.map((s) => s.y0));
    const bottom = Math.max(...vs.map((s) => s.y1));
    for (const end of [top, bottom]) {
      if (hs.some((s) => Math.abs(s.y0 - end) < 12 && s.x1 - s.x0 > (x1 - x0) * 0.5)) continue;
      drawH(end, x0, x1);
      for (const v of vs) {
        if (end === bottom && v.y1 < end && end - v.y1 < reach && !closedAt(v.x0, v.y1)) drawV(v.x0, v.y1, end);
        if (end === top && v.y0 > end && v.y0 - end < reach && !closedAt(v.x0, v.y0)) drawV(v.x0, end, v.y0);
      }
    }
  }
  const { labels, n } = labelRegions(block, W, H);
  // Ink hugging a ruling (its anti-aliased edge, a double border) is not text.
  const near = dilate(block, W, H, Math.max(2, Math.round(3 * K)));
  const regions: Region[] = Array.from({ length: n + 1 }, () => ({ x0: W, y0: H, x1: 0, y1: 0, area: 0, ink: 0, ix0: W, iy0: H, ix1: 0, iy1: 0, border: false }));
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const l = labels[i]!;
      if (!l) continue;
      const r = regions[l]!;
      r.area++;
      if (x < r.x0) r.x0 = x;
      if (x > r.x1) r.x1 = x;
      if (y < r.y0) r.y0 = y;
      if (y > r.y1) r.y1 = y;
      if (x === 0 || y === 0 || x === W - 1 || y === H - 1) r.border = true;
      if (bin[i] && !near[i]) {
        r.ink++;
        if (x < r.ix0) r.ix0 = x;
        if (x > r.ix1) r.ix1 = x;
        if (y < r.iy0) r.iy0 = y;
        if (y > r.iy1) r.iy1 = y;
      }
    }
  }
  const s = W / ptWidth; // pixels per point
  const jobs: Job[] = [];
  const minInk = Math.round(40 * K * K);
  // Table cells: closed regions that are not the page background.
  const isCell = (r: Region) => !r.border && r.x1 - r.x0 > 20 * K && r.y1 - r.y0 > 20 * K && r.area < W * H * 0.5;
  for (let l = 1; l <= n; l++) {
    const r = regions[l]!;
    if (!isCell(r) || r.ink < minInk) continue;
    let box = { x0: r.ix0, y0: r.iy0, x1: r.ix1 + 1, y1: r.iy1 + 1 };
    const bw = box.x1 - box.x0;
    const bh = box.y1 - box.y0;
    const cb = new Uint8Array(bw * bh);
    for (let y = 0; y < bh; y++) for (let x = 0; x < bw; x++) {
      const i = (y + box.y0) * W + x + box.x0;
      cb[y * bw + x] = labels[i] === l && bin[i] && !near[i] ? 1 : 0;
    }
    // The edge of a rule that drifts off its fitted line (residual slant) is left as a thin
    // stroke along the cell's border: not a glyph. Kept, it stretches the box and breaks the digit
    // test, so a number is read as text ("12" → "了").
    const edge = Math.round(6 * K) + 1;
    const residue = (c: { x0: number; y0: number; x1: number; y1: number; n: number }) => {
      const cw = c.x1 - c.x0 + 1;
      const ch = c.y1 - c.y0 + 1;
      const [ax0, ay0, ax1, ay1] = [c.x0 + box.x0, c.y0 + box.y0, c.x1 + box.x0, c.y1 + box.y0];
      const atY = ay0 - r.y0 <= edge || r.y1 - ay1 <= edge;
      const atX = ax0 - r.x0 <= edge || r.x1 - ax1 <= edge;
      if (ch <= 4 && cw >= ch * 3) return atY;
      if (cw <= 4 && ch >= cw * 3) return atX;
      // Specks of it too.
      return c.n < 12 && (atX || atY);
    };
    const all = components(cb, bw, bh).filter((c) => !residue(c));
    let comps = all.filter((c) => c.n >= 12);
    if (!comps.length) continue;
    const boxOf = (cs: Comp[]) => ({
      x0: r.ix0 + Math.min(...cs.map((c) => c.x0)),
      y0: r.iy0 + Math.min(...cs.map((c) => c.y0)),
      x1: r.ix0 + Math.max(...cs.map((c) => c.x1)) + 1,
      y1: r.iy0 + Math.max(...cs.map((c) => c.y1)) + 1,
    });
    box = boxOf(all);
    let numeric = box.y1 - box.y0 < 90 * K && digitShape(comps, 20 * K);
    // Faint ink with no dark core is not print: what is left of seal lettering (its grain, its
    // JPEG-blurred edges) around a number, or stuck to it. Not a number as it stands: look for one
    // in the dark cores of the strokes alone.
    const faint = Math.min(120, thr - 40);
    if (!numeric) {
      const core = new Uint8Array(cb.length);
      for (let i = 0; i < cb.length; i++) if (cb[i] && gray.px[(Math.floor(i / bw) + r.iy0) * W + (i % bw) + r.ix0]! <= faint) core[i] = 1;
      const cores = components(core, bw, bh).filter((c) => c.n >= 12);
      if (cores.length) {
        const b = boxOf(cores);
        if (b.y1 - b.y0 < 90 * K && digitShape(cores, 20 * K)) {
          const pad = 2;
          numeric = true;
          box = { x0: Math.max(r.x0, b.x0 - pad), y0: Math.max(r.y0, b.y0 - pad), x1: Math.min(r.x1 + 1, b.x1 + pad), y1: Math.min(r.y1 + 1, b.y1 + pad) };
          comps = cores;
        }
      }
    }
    jobs.push({ png: crop(gray, (i) => labels[i] === l && !near[i], box, 12), mode: numeric ? 'digits' : 'block', box, glyphs: comps.length });
  }
  // Prose: ink outside cells, cut into lines by the row profile, each line into runs at wide gaps.
  // (Label 0 = ruling pixels: counted as a cell so they are never read.)
  const cellLabel = new Uint8Array(n + 1);
  cellLabel[0] = 1;
  for (let l = 1; l <= n; l++) cellLabel[l] = isCell(regions[l]!) ? 1 : 0;
  const prose = new Uint8Array(W * H);
  // (Ink in a table whose cell is not closed is read as a line too: dropping it would lose a value.)
  for (let i = 0; i < prose.length; i++) prose[i] = bin[i] && !cellLabel[labels[i]!] && !near[i] ? 1 : 0;
  const rowInk = new Int32Array(H);
  for (let y = 0; y < H; y++) {
    let c = 0;
    for (let x = 0; x < W; x++) c += prose[y * W + x]!;
    rowInk[y] = c;
  }
  let y = 0;
  while (y < H) {
    if (rowInk[y]! < 2) {
      y++;
      continue;
    }
    let y1 = y;
    while (y1 < H && rowInk[y1]! >= 2) y1++;
    const top = y;
    y = y1;
    if (y1 - top < 14 * K) continue; // noise or a stray rule
    const colInk = new Int32Array(W);
    for (let yy = top; yy < y1; yy++) for (let x = 0; x < W; x++) colInk[x]! += prose[yy * W + x]!;
    const gapMax = (y1 - top) * 1.6;
    let x = 0;
    while (x < W) {
      if (!colInk[x]) {
        x++;
        continue;
      }
      let end = x;
      let last = x;
      while (end < W && end - last <= gapMax) {
        if (colInk[end]) last = end;
        end++;
      }
      const box = { x0: x, y0: top, x1: last + 1, y1 };
      x = last + 1;
      let ink = 0;
      for (let xx = box.x0; xx < box.x1; xx++) ink += colInk[xx]!;
      if (ink < minInk || box.x1 - box.x0 < 8) continue;
      // A lone number (a value in a cell that is not closed) is read as digits.
      let mode: Mode = 'line';
      let glyphs = 0;
      const bw = box.x1 - box.x0;
      const bh = box.y1 - box.y0;
      if (bw < bh * 6) {
        const cb = new Uint8Array(bw * bh);
        for (let yy = 0; yy < bh; yy++) for (let xx = 0; xx < bw; xx++) cb[yy * bw + xx] = prose[(yy + box.y0) * W + xx + box.x0]!;
        const comps = components(cb, bw, bh).filter((c) => c.n >= 12);
        if (comps.length && digitShape(comps, 20 * K)) {
          mode = 'digits';
          glyphs = comps.length;
        }
      }
      jobs.push({ png: crop(gray, (i) => prose[i] === 1 || (!bin[i] && !cellLabel[labels[i]!]), box, 12), mode, box, glyphs });
    }
  }
  return { W, H, s, ptWidth, skew, applied, bent, warp, jobs, hs, vs, ms: Date.now() - t0 };
}

/** Read a laid-out page with the recognisers: cells (digits stacked), labels, prose lines. */
export async function readPage(layout: PageLayout, opts: PageOptions): Promise<OcrPage> {
  const { W, H, s, ptWidth, skew, applied, bent, warp, jobs, hs, vs } = layout;
  opts.onStage?.('cells');
  const items: OcrItem[] = [];
  // Deskewing turned the page about its centre: turn boxes back for highlights on the original.
  const rad = (applied * Math.PI) / 180;
  const back = (b: Job['box']) => {
    const [ux, uy] = bent ? unslant(bent, (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2) : [(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2];
    const qx = ux - W / 2;
    const qy = uy - H / 2;
    let cx = W / 2 + qx * Math.cos(rad) - qy * Math.sin(rad);
    let cy = H / 2 + qx * Math.sin(rad) + qy * Math.cos(rad);
    if (warp) [cx, cy] = mapPoint(warp, cx, cy);
    const w = b.x1 - b.x0;
    const h = b.y1 - b.y0;
    return { x: (cx - w / 2) / s, y: (cy - h / 2) / s, w: w / s, h: h / s };
  };
  const emit = (job: Job, text: string, conf: number) => {
    // Ink that reads as nothing is not a blank cell: '?' at zero confidence sends the auditor to it.
    if (!text) {
      if (job.mode === 'line') return;
      text = '?';
      conf = 0;
    }
    const b = job.box;
    items.push({ str: text, x: b.x0 / s, y: (H - b.y1) / s, w: (b.x1 - b.x0) / s, h: (b.y1 - b.y0) / s, conf, numeric: job.mode === 'digits', box: back(b) });
  };
  const digitConf = (job: Job, text: string, conf: number) => (/^\d+$/.test(text) && text.length === job.glyphs ? conf : Math.min(conf, 0.3));
  // Numbers: stacked into a few images (one call reads many cells), each read back by position.
  const digitJobs = jobs.filter((j) => j.mode === 'digits');
  const single: Job[] = [];
  const batches: Job[][] = [];
  for (let i = 0; i < digitJobs.length; i += 30) batches.push(digitJobs.slice(i, i + 30));
  const readBatch = async (batch: Job[]) => {
    if (opts.signal?.aborted) return;
    const { img, tops } = stack(batch.map((j) => j.png), 24);
    const r = await opts.pool.recognize(pgm(img), 'digits');
    batch.forEach((job, k) => {
      const top = tops[k]!;
      const ws = r.words.filter((w) => {
        const cy = (w.bbox.y0 + w.bbox.y1) / 2;
        return cy >= top && cy < top + job.png.h;
      });
      if (!ws.length) {
        single.push(job);
        return;
      }
      ws.sort((a, b) => a.bbox.x0 - b.bbox.x0);
      const text = ws.map((w) => w.text).join('');
      const conf = Math.min(...ws.map((w) => w.conf)) / 100;
      if (/^\d+$/.test(text) && text.length === job.glyphs) emit(job, text, digitConf(job, text, conf));
      else recheck.push({ job, text, conf });
    });
  };
  // A reading whose digits do not match the glyphs seen (a thin "1" dropped: "171" as "73") is read
  // again alone, enlarged: taken if its digits then match the glyphs, else the first reading stays
  // (flagged by digitConf).
  const recheck: { job: Job; text: string; conf: number }[] = [];
  const reread = async (c: { job: Job; text: string; conf: number }) => {
    if (opts.signal?.aborted) return;
    const r = await opts.pool.recognize(pgm(enlarge(c.job.png)), 'digits');
    const t = cleanText(r.text).replace(/\s+/g, '');
    if (/^\d+$/.test(t) && t.length === c.job.glyphs) emit(c.job, t, r.conf / 100);
    else emit(c.job, c.text, digitConf(c.job, c.text, c.conf));
  };
  const readOne = async (job: Job) => {
    if (opts.signal?.aborted) return;
    const r: OcrResult = await opts.pool.recognize(pgm(job.png), job.mode);
    let text = cleanText(r.text);
    let conf = r.conf / 100;
    if (job.mode === 'digits') {
      conf = digitConf(job, text, conf);
      if (!text) {
        const t = await opts.pool.recognize(pgm(job.png), 'line');
        text = cleanText(t.text);
        conf = Math.min(t.conf / 100, 0.3);
      }
    } else if (job.mode === 'block') {
      // A table label: snap a near miss to the official wording.
      text = snapLabel(text) ?? text;
    }
    emit(job, text, conf);
  };
  const cells = Promise.all(batches.map(readBatch)).then(() => opts.onStage?.('text'));
  await Promise.all([cells, ...jobs.filter((j) => j.mode !== 'digits').map(readOne)]);
  await Promise.all([...single.map(readOne), ...recheck.map(reread)]);
  if (opts.signal?.aborted) throw new DOMException('OCR cancelled', 'AbortError');
  const toPt = (g: Seg): Seg => ({ x0: g.x0 / s, x1: g.x1 / s, y0: (H - g.y0) / s, y1: (H - g.y1) / s });
  // For the grid, rule ends are row boundaries: join pieces of one rule broken mid-row and put
  // ends that stop just short of a horizontal rule on it, so no phantom row splits a cell.
  const snapY = (y: number) => {
    let best = y;
    let d = 14 * K;
    for (const h of hs) if (Math.abs(h.y0 - y) < d) (d = Math.abs(h.y0 - y)), (best = h.y0);
    return best;
  };
  const gridV = mergeSegs(vs, false, 6 * K + 2, 150 * K).map((g) => ({ ...g, y0: snapY(g.y0), y1: snapY(g.y1) }));
  const ph = hs.map(toPt);
  const pv = gridV.map(toPt).map((g) => ({ ...g, y0: Math.min(g.y0, g.y1), y1: Math.max(g.y0, g.y1) }));
  return { items, rules: { h: ph, v: pv }, width: ptWidth, height: H / s, skewDeg: skew };
}

/**
 * Thin rules (0.5 pt, as Word, WPS and LibreOffice draw them) come out of a 200 dpi JPEG scan light
 * grey and broken into dashes at the text threshold, so rows run together. Read again at a lighter
 * threshold, a run that reaches a perpendicular rule at both ends is a rule too (a stroke of text
 * never ends on two rules); runs elsewhere (strokes of a text line merging) are left out.
 */
function thinRules(gray: Gray, thr: number, hs: Seg[], vs: Seg[], tol: number): { hs: Seg[]; vs: Seg[] } {
  const loose = Math.min(228, Math.round(thr + (255 - thr) * 0.55));
  if (loose <= thr + 8) return { hs, vs };
  const { w: W, h: H } = gray;
  const bin = binarize(gray, loose);
  despeckle(bin, W, H);
  const cand = findRulings(bin, W, H, Math.round(24 * K));
  const lh = mergeSegs(cand.h, true, 2, 3);
  const lv = mergeSegs(cand.v, false, 2, 3);
  // Already found (the same line, overlapping): not added twice.
  const knownH = (g: Seg) => hs.some((h) => Math.abs(h.y0 - g.y0) <= tol && h.x0 <= g.x0 + tol && h.x1 >= g.x1 - tol);
  const knownV = (g: Seg) => vs.some((v) => Math.abs(v.x0 - g.x0) <= tol && v.y0 <= g.y0 + tol && v.y1 >= g.y1 - tol);
  // A page whose rules all came out dashed has none to start from: runs far longer than any
  // stroke of a text line (2 inches across, 1 down) are rules on their own.
  hs = [...hs, ...lh.filter((g) => g.x1 - g.x0 >= 500 * K && !knownH(g))];
  vs = [...vs, ...lv.filter((g) => g.y1 - g.y0 >= 250 * K && !knownV(g))];
  if (vs.length < 2 || !hs.length) return { hs, vs };
  for (let pass = 0; pass < 2; pass++) {
    const onV = (x: number, y: number) => vs.some((v) => Math.abs(v.x0 - x) <= tol && y >= v.y0 - tol && y <= v.y1 + tol);
    const onH = (x: number, y: number) => hs.some((h) => Math.abs(h.y0 - y) <= tol && x >= h.x0 - tol && x <= h.x1 + tol);
    // Pieces broken by a seal's lettering (or by its grain) are bridged first, as for all rules.
    const addH = bridge(lh.filter((g) => g.x1 - g.x0 >= 24 * K && (onV(g.x0, g.y0) || onV(g.x1, g.y0))), vs, true, tol).filter(
      (g) => !knownH(g) && onV(g.x0, g.y0) && onV(g.x1, g.y0),
    );
    const addV = bridge(lv.filter((g) => g.y1 - g.y0 >= 24 * K && (onH(g.x0, g.y0) || onH(g.x0, g.y1))), hs, false, tol).filter(
      (g) => !knownV(g) && onH(g.x0, g.y0) && onH(g.x0, g.y1),
    );
    hs = [...hs, ...addH];
    vs = [...vs, ...addV];
  }
  return { hs, vs };
}

/** Two pieces of one rule whose outer ends both meet perpendicular rules are one rule, if the gap is short beside them. */
function bridge(segs: Seg[], across: Seg[], horiz: boolean, tol: number): Seg[] {
  const pos = (g: Seg) => (horiz ? g.y0 : g.x0);
  const lo = (g: Seg) => (horiz ? g.x0 : g.y0);
  const hi = (g: Seg) => (horiz ? g.x1 : g.y1);
  const meets = (at: number, p: number) =>
    across.some((a) => Math.abs((horiz ? a.x0 : a.y0) - at) <= tol * 2 && p >= (horiz ? a.y0 : a.x0) - tol * 2 && p <= (horiz ? a.y1 : a.x1) + tol * 2);
  const out = [...segs].sort((a, b) => pos(a) - pos(b) || lo(a) - lo(b));
  for (let i = 0; i < out.length; i++) {
    for (let j = i + 1; j < out.length; j++) {
      const [a, b] = lo(out[i]!) <= lo(out[j]!) ? [out[i]!, out[j]!] : [out[j]!, out[i]!];
      if (Math.abs(pos(a) - pos(b)) > 4) continue;
      const gap = lo(b) - hi(a);
      if (gap <= 0 || gap > 0.4 * (hi(a) - lo(a) + hi(b) - lo(b))) continue;
      if (!meets(lo(a), pos(a)) || !meets(hi(b), pos(b))) continue;
      const p = (pos(a) + pos(b)) / 2;
      out[i] = horiz ? { x0: a.x0, x1: b.x1, y0: p, y1: p } : { x0: p, x1: p, y0: a.y0, y1: b.y1 };
      out.splice(j, 1);
      j = i;
    }
  }
  return out;
}
